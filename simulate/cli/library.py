"""``simulate list``, ``simulate reforms`` and ``simulate diff``: what there is to run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.strings import text


def register(commands: Any) -> None:
    """Add ``diff``, ``reforms`` and ``list`` to the command parsers."""
    diff = commands.add_parser("diff", help=text("cli.diff.help"))
    diff.add_argument("a", type=Path, help=text("cli.diff.a"))
    diff.add_argument("b", type=Path, help=text("cli.diff.b"))
    diff.set_defaults(handler=diff_command)

    reforms = commands.add_parser("reforms", help=text("cli.reforms.help"))
    reforms.set_defaults(handler=reforms_command)

    listing = commands.add_parser("list", help=text("cli.list.help"))
    listing.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=Path("scenarios"),
        help=text("cli.list.folder"),
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
        print(text("cli.list.none", folder=args.folder))
        return 0
    for process, group in table.groupby("process", sort=True, dropna=False):
        print(f"\n{process or text('cli.list.no_process')}")
        head = [text(f"cli.list.{column}") for column in ("label", "documents", "reforms")]
        rows = [["  " + text("cli.list.file"), *head]]
        for r in group.itertuples():
            reforms = str(r.reforms)
            if len(reforms) > 40:
                reforms = reforms[:39] + "…"
            label = str(r.label) if r.status == "ok" else str(r.status)
            rows.append([f"  {r.file}", label, str(r.documents), reforms])
        for line in align(rows, right=[]):
            print(line.rstrip())
    print("\n" + text("cli.list.total", count=len(table)))
    return 0
