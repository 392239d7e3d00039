"""``simulate list``, ``simulate reforms`` and ``simulate diff``: what there is to run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    """Add ``diff``, ``reforms`` and ``list`` to the command parsers."""
    diff = commands.add_parser(
        "diff", help="what changed from one scenario to another, step by step"
    )
    diff.add_argument("a", type=Path)
    diff.add_argument("b", type=Path)
    diff.set_defaults(handler=diff_command)

    reforms = commands.add_parser(
        "reforms", help="list every registered reform with its label and meaning"
    )
    reforms.set_defaults(handler=reforms_command)

    listing = commands.add_parser(
        "list", help="list shipped scenarios with label, process and source documents"
    )
    listing.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=Path("scenarios"),
        help="folder to search (default scenarios/)",
    )
    listing.set_defaults(handler=list_command)


def diff_command(args: argparse.Namespace) -> int:
    """Print what changed from scenario ``a`` to scenario ``b``."""
    from simulate.io.loader import load_scenario
    from simulate.scenario.diff import diff_scenarios

    print(diff_scenarios(load_scenario(args.a), load_scenario(args.b)))
    return 0


def reforms_command(args: argparse.Namespace) -> int:
    """Print every registered reform with its label and meaning."""
    from simulate.reforms import REFORMS
    from simulate.textfmt import align

    rows = [[name, r.label, r.summary] for name, r in sorted(REFORMS.items())]
    for line in align(rows, right=[]):
        print(line.rstrip())
    return 0


def list_command(args: argparse.Namespace) -> int:
    """Print the scenario files under a folder, grouped by process."""
    from simulate.library import list_scenarios
    from simulate.textfmt import align

    table = list_scenarios(args.folder)
    if table.empty:
        print(f"no scenario files under {args.folder}")
        return 0
    for process, group in table.groupby("process", sort=True, dropna=False):
        print(f"\n{process or '(no process)'}")
        rows = [["  file", "label", "documents", "reforms"]]
        for r in group.itertuples():
            reforms = str(r.reforms)
            if len(reforms) > 40:
                reforms = reforms[:39] + "…"
            label = str(r.label) if r.status == "ok" else str(r.status)
            rows.append([f"  {r.file}", label, str(r.documents), reforms])
        for line in align(rows, right=[]):
            print(line.rstrip())
    print(
        f"\n{len(table)} scenario files; `simulate validate FILE` checks one, `simulate run FILE` runs it"
    )
    return 0
