"""``simulate template`` and ``simulate convert``: scenarios kept in Excel or WPS."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.errors import SimulateError


def register(commands: Any) -> None:
    """Add ``template`` and ``convert`` to the command parsers."""
    template = commands.add_parser(
        "template",
        help="write a bilingual scenario workbook (steps, desks, flow, arrivals, targets, reforms) to fill in",
    )
    template.add_argument("workbook", type=Path, help="the .xlsx file to write")
    template.add_argument(
        "--from",
        dest="source",
        default="example_gas",
        metavar="SCENARIO",
        help="scenario to fill it with: a file or library name (default example_gas, a small worked example)",
    )
    template.add_argument(
        "--force", action="store_true", help="overwrite the workbook if it exists"
    )
    template.set_defaults(handler=template_command)

    convert = commands.add_parser(
        "convert", help="turn a scenario workbook into YAML, or a YAML scenario into a workbook"
    )
    convert.add_argument("source", type=Path, help="scenario file (.xlsx or .yaml) or library name")
    convert.add_argument("target", type=Path, help="file to write (.yaml or .xlsx)")
    convert.add_argument("--force", action="store_true", help="overwrite the target if it exists")
    convert.set_defaults(handler=convert_command)


def _check_target(target: Path, suffixes: tuple[str, ...], force: bool) -> None:
    if target.suffix.lower() not in suffixes:
        raise SimulateError(f"{target}: write a file ending in {' or '.join(suffixes)}")
    if target.exists() and not force:
        raise SimulateError(f"{target} exists; choose another name or add --force to overwrite")


def template_command(args: argparse.Namespace) -> int:
    """Write a scenario workbook filled with a scenario to start from."""
    from simulate.io.workbook_write import write_template
    from simulate.library import scenario_data

    _check_target(args.workbook, (".xlsx",), args.force)
    data = scenario_data(args.source)
    args.workbook.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.workbook, data)
    print(
        f"wrote {args.workbook} (filled with {args.source}); edit it in Excel or WPS, then "
        f"`simulate validate {args.workbook}` and `simulate run {args.workbook}`"
    )
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
    print(f"wrote {args.target} from {source}")
    return 0
