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
        default=None,
        help=text("cli.list.folder"),
    )
    listing.set_defaults(handler=list_command)

    init = commands.add_parser("init", help=text("cli.init.help"))
    init.add_argument("name", type=Path, help=text("cli.init.name"))
    init.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="LIBRARY_NAME",
        help=text("cli.init.source"),
    )
    init.add_argument("--force", action="store_true", help=text("cli.init.force"))
    init.set_defaults(handler=init_command)


def diff_command(args: argparse.Namespace) -> int:
    """Print what changed from scenario ``a`` to scenario ``b``."""
    from simulate.library import load_scenario
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
    from simulate.library import library_root, list_scenarios
    from simulate.textfmt import align

    folder = args.folder if args.folder is not None else library_root()
    table = list_scenarios(folder)
    if table.empty:
        print(text("cli.list.none", folder=folder))
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
            name = str(r.file).removesuffix(".yaml") if args.folder is None else str(r.file)
            rows.append([f"  {name}", label, str(r.documents), reforms])
        for line in align(rows, right=[]):
            print(line.rstrip())
    print("\n" + text("cli.list.total", count=len(table)))
    if args.folder is None:
        print(
            text(
                "cli.list.library",
                folder=folder,
                run_example="simulate run power/low_voltage_baseline",
                init_example="simulate init NAME --from power/low_voltage_baseline",
            )
        )
    return 0


def init_command(args: argparse.Namespace) -> int:
    """Write a shipped scenario, extends folded in, as a file of one's own to edit."""
    from simulate.errors import SimulateError
    from simulate.io.dump import data_to_yaml
    from simulate.library import scenario_data

    target = Path(args.name)
    if target.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        target = target.with_name(target.name + ".yaml")
    if target.exists() and not args.force:
        raise SimulateError(text("cli.target.exists", target=target))
    data = scenario_data(args.source)
    data["name"] = target.stem.replace("-", "_")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".xlsx":
        from simulate.io.workbook_write import write_template

        write_template(target, data)
    else:
        header = f"# copied from the shipped scenario {args.source} (simulate init); edit freely\n"
        target.write_text(header + data_to_yaml(data), encoding="utf-8")
    print(text("cli.init.wrote", target=target, source=args.source))
    return 0
