"""``simulate template`` and ``simulate convert``: scenarios kept in Excel or WPS."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.errors import SimulateError
from simulate.strings import text


def register(commands: Any) -> None:
    """Add ``template`` and ``convert`` to the command parsers."""
    template = commands.add_parser(
        "template",
        help=text("cli.template.help"),
    )
    template.add_argument("workbook", type=Path, help=text("cli.template.workbook"))
    template.add_argument(
        "--from",
        dest="source",
        default="example_gas",
        metavar="SCENARIO",
        help=text("cli.template.source"),
    )
    template.add_argument("--force", action="store_true", help=text("cli.template.force"))
    template.set_defaults(handler=template_command)

    convert = commands.add_parser("convert", help=text("cli.convert.help"))
    convert.add_argument("source", type=Path, help=text("cli.convert.source"))
    convert.add_argument("target", type=Path, help=text("cli.convert.target"))
    convert.add_argument("--force", action="store_true", help=text("cli.convert.force"))
    convert.set_defaults(handler=convert_command)


def _check_target(target: Path, suffixes: tuple[str, ...], force: bool) -> None:
    if target.suffix.lower() not in suffixes:
        raise SimulateError(text("cli.target.suffix", target=target, suffixes=" / ".join(suffixes)))
    if target.exists() and not force:
        raise SimulateError(text("cli.target.exists", target=target))


def template_command(args: argparse.Namespace) -> int:
    """Write a scenario workbook filled with a scenario to start from."""
    from simulate.io.workbook_write import write_template
    from simulate.library import scenario_data

    _check_target(args.workbook, (".xlsx",), args.force)
    data = scenario_data(args.source)
    args.workbook.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.workbook, data)
    print(text("cli.template.wrote", workbook=args.workbook, source=args.source))
    return 0


def convert_command(args: argparse.Namespace) -> int:
    """Check a scenario, then write it in the other form."""
    from simulate.errors import ScenarioError
    from simulate.io.dump import data_to_yaml
    from simulate.io.workbook import read_workbook
    from simulate.io.workbook_write import write_template
    from simulate.library import load_scenario, resolve, scenario_data

    source = resolve(args.source)
    load_scenario(source)  # every problem, located, before anything is written
    if source.suffix.lower() == ".xlsx":
        _check_target(args.target, (".yaml", ".yml"), args.force)
        data, _, problems = read_workbook(source)
        if data is None:
            raise ScenarioError(problems, file=str(source))
        header = f"# converted from {source.name} (simulate convert)\n"
        args.target.write_text(header + data_to_yaml(data), encoding="utf-8")
    else:
        _check_target(args.target, (".xlsx",), args.force)
        write_template(args.target, scenario_data(source))
    print(text("cli.convert.wrote", target=args.target, source=source))
    return 0
