"""``simulate run`` and ``simulate validate``: one scenario file at a time."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from pathlib import Path
from typing import Any

from simulate.cli.options import (
    add_charts,
    add_force,
    add_quiet,
    check_counts,
    check_outputs,
    executor_for,
)
from simulate.errors import ScenarioError


def register(commands: Any) -> None:
    """Add ``run`` and ``validate`` to the command parsers."""
    run = commands.add_parser("run", help="run a scenario file and write its tables and summary")
    run.add_argument(
        "scenario", type=Path, help="scenario file (YAML or .xlsx workbook) or library name"
    )
    run.add_argument(
        "--replications",
        "-n",
        type=int,
        default=None,
        help="replications (default: the file's, else 10)",
    )
    run.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed (default: the file's, else fresh and recorded)",
    )
    run.add_argument(
        "--jobs", "-j", type=int, default=1, help="worker processes (same numbers for any value)"
    )
    run.add_argument(
        "--out",
        "-o",
        type=Path,
        default=None,
        help="output folder (default: results/<scenario name>)",
    )
    run.add_argument(
        "--reform",
        action="append",
        default=[],
        metavar="REFORM",
        help="apply a reform after the file's own, as in YAML: 'online' or 'parallel_approval: {steps: [a, b]}' (repeatable)",
    )
    run.add_argument("--no-excel", action="store_true", help="skip the Excel workbook")
    run.add_argument(
        "--rows",
        choices=("csv", "parquet"),
        default="csv",
        help="file format of the per-case and per-step rows (default csv)",
    )
    run.add_argument(
        "--rows-in-workbook",
        action="store_true",
        help="also put the per-case and per-step rows into results.xlsx (large and slow)",
    )
    add_charts(run, "also write charts (PNG and SVG) into DIR")
    add_force(run)
    add_quiet(run)
    run.set_defaults(handler=run_command)

    validate = commands.add_parser("validate", help="check a scenario file and list every problem")
    validate.add_argument(
        "scenario", type=Path, nargs="+", help="scenario files (YAML or .xlsx) or library names"
    )
    validate.set_defaults(handler=validate_command)


def validate_command(args: argparse.Namespace) -> int:
    """Check each file; print ``ok`` or every problem."""

    from simulate.library import load_scenario

    status = 0
    for path in args.scenario:
        try:
            scenario = load_scenario(path)
        except ScenarioError as err:
            print(err, file=sys.stderr)
            status = 2
            continue
        print(
            f"{path}: ok ({scenario.name}: {len(scenario.steps)} steps, {len(scenario.desks)} desks)"
        )
    return status


def run_command(args: argparse.Namespace) -> int:
    """Run one scenario file, write its outputs and print the summary."""
    from simulate.experiments.runner import run
    from simulate.library import load_scenario
    from simulate.reforms import apply_reform
    from simulate.results.write import write_results

    check_counts(args)
    scenario = load_scenario(args.scenario)
    for text in args.reform:
        name, params = reform_option(text)
        try:
            scenario = apply_reform(scenario, name, **params)
        except ScenarioError as err:
            where = f"--reform {text!r}"
            raise ScenarioError(
                [dataclasses.replace(p, file=where) for p in err.problems]
            ) from None
    out = args.out or Path("results") / scenario.name
    charts_inside = check_outputs(out, args.charts, force=args.force)
    from simulate.offered_load import overloaded_desks

    for load in overloaded_desks(scenario):  # before the run: it may be slow and meaningless
        print(f"warning: {load.warning()}", file=sys.stderr)
    results = run(
        scenario,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor_for(args),
        progress=None if not args.quiet else False,
    )
    if not args.quiet:  # the summary first: writing the rows of a large run takes a while
        print(results.report(), flush=True)
    extra = None
    if charts_inside is not None:
        from simulate.plotting import write_run_charts

        def extra(folder: Path) -> None:
            write_run_charts(results, folder / charts_inside, force=True)

    with contextlib.ExitStack() as stack:  # charts elsewhere: both folders are swapped in last
        if args.charts is not None and charts_inside is None:
            from simulate.plotting import write_run_charts
            from simulate.results.write import atomic_dir

            folder = stack.enter_context(
                atomic_dir(args.charts, force=args.force, option="--charts")
            )
            write_run_charts(results, folder, force=True)
        write_results(
            results,
            out,
            excel=not args.no_excel,
            extra=extra,
            force=args.force,
            option="--out",
            rows=args.rows,
            rows_in_workbook=args.rows_in_workbook,
        )
    if not args.quiet:
        rows = f"cases.{args.rows}, steps.{args.rows}"
        print(
            f"wrote {out}/ (summary.txt, summary.csv, {rows}, desks.csv, manifest.json{'' if args.no_excel else ', results.xlsx'})"
        )
    return 0


def reform_option(text: str) -> tuple[str, dict[str, object]]:
    """``--reform`` text, written as one YAML entry of ``reforms:``, as (name, parameters)."""
    import yaml

    usage = "write --reform NAME or --reform 'NAME: {param: value}', e.g. 'parallel_approval: {steps: [a, b]}'"
    try:
        entry = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):  # RecursionError: nested thousands deep
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise ScenarioError(f"--reform {shown!r} is not valid YAML; {usage}") from None
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        name, params = next(iter(entry.items()))
        if isinstance(params, dict) or params is None:
            return str(name), {str(k): v for k, v in (params or {}).items()}
    raise ScenarioError(f"--reform {text!r} is not one reform; {usage}")
