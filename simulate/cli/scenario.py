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
from simulate.strings import text


def register(commands: Any) -> None:
    """Add ``run`` and ``validate`` to the command parsers."""
    run = commands.add_parser("run", help=text("cli.run.help"))
    run.add_argument("scenario", type=Path, help=text("cli.scenario_file"))
    run.add_argument(
        "--replications",
        "-n",
        type=int,
        default=None,
        help=text("cli.run.replications"),
    )
    run.add_argument(
        "--seed",
        type=int,
        default=None,
        help=text("cli.run.seed"),
    )
    run.add_argument("--jobs", "-j", type=int, default=1, help=text("cli.run.jobs"))
    run.add_argument(
        "--out",
        "-o",
        type=Path,
        default=None,
        help=text("cli.run.out"),
    )
    run.add_argument(
        "--reform",
        action="append",
        default=[],
        metavar="REFORM",
        help=text("cli.run.reform"),
    )
    run.add_argument("--no-excel", action="store_true", help=text("cli.run.no_excel"))
    run.add_argument("--rows", choices=("csv", "parquet"), default="csv", help=text("cli.run.rows"))
    run.add_argument(
        "--rows-in-workbook", action="store_true", help=text("cli.run.rows_in_workbook")
    )
    add_charts(run, text("cli.charts"))
    add_force(run)
    add_quiet(run)
    run.set_defaults(handler=run_command)

    validate = commands.add_parser("validate", help=text("cli.validate.help"))
    validate.add_argument("scenario", type=Path, nargs="+", help=text("cli.scenario_files"))
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
        steps, desks = len(scenario.steps), len(scenario.desks)
        print(text("cli.validate.ok", path=path, name=scenario.name, steps=steps, desks=desks))
    return status


def run_command(args: argparse.Namespace) -> int:
    """Run one scenario file, write its outputs and print the summary."""
    from simulate.experiments.runner import run
    from simulate.library import load_scenario
    from simulate.reforms import apply_reform, reform_key
    from simulate.results.write import write_results

    check_counts(args)
    scenario = load_scenario(args.scenario)
    applied: list[str] = []
    for option in args.reform:
        name, params = reform_option(option)
        try:
            name = reform_key(name)
            scenario = apply_reform(scenario, name, **params)
        except ScenarioError as err:
            where = f"--reform {option!r}"
            raise ScenarioError(
                [dataclasses.replace(p, file=where) for p in err.problems]
            ) from None
        applied.append(name)
    out = args.out or Path("results") / "+".join([scenario.name, *applied])
    charts_inside = check_outputs(out, args.charts, force=args.force)
    from simulate.offered_load import overloaded_desks

    for load in overloaded_desks(scenario):  # before the run: it may be slow and meaningless
        print(text("cli.warning_plain", message=load.warning()), file=sys.stderr)
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
    command = reproduce_command(args, results.meta.replications, results.meta.seed)

    def extra(folder: Path) -> None:
        set_command(folder, command)
        if charts_inside is not None:
            from simulate.plotting import write_run_charts

            write_run_charts(results, folder / charts_inside, force=True, svg_text=args.svg_text)

    with contextlib.ExitStack() as stack:  # charts elsewhere: both folders are swapped in last
        if args.charts is not None and charts_inside is None:
            from simulate.plotting import write_run_charts
            from simulate.results.write import atomic_dir

            folder = stack.enter_context(
                atomic_dir(args.charts, force=args.force, option="--charts")
            )
            write_run_charts(results, folder, force=True, svg_text=args.svg_text)
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
        files = f"summary.txt, summary.csv, cases.{args.rows}, steps.{args.rows}, desks.csv, manifest.json"
        files += "" if args.no_excel else ", results.xlsx"
        print(text("cli.run.wrote", out=out, files=files))
    return 0


def reproduce_command(args: argparse.Namespace, replications: int, seed: int) -> str:
    """The exact ``simulate run`` command that makes this run again, ``--reform`` included."""
    import shlex

    parts = ["simulate", "run", str(args.scenario), "--replications", str(replications)]
    parts += ["--seed", str(seed)]
    for option in args.reform:
        parts += ["--reform", option]
    return shlex.join(parts)


def set_command(folder: Path, command: str) -> None:
    """Write the reproduce ``command`` into the manifest written into ``folder``."""
    import json

    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["command"] = command
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", "utf-8")


def reform_option(option: str) -> tuple[str, dict[str, object]]:
    """``--reform`` text, written as one YAML entry of ``reforms:``, as (name, parameters)."""
    import yaml

    usage = text("cli.reform.usage")
    try:
        entry = yaml.safe_load(option)
    except (yaml.YAMLError, RecursionError, ValueError):  # RecursionError: nested thousands deep
        shown = option if len(option) <= 60 else option[:57] + "..."
        raise ScenarioError(text("cli.reform.not_yaml", text=shown, usage=usage)) from None
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        name, params = next(iter(entry.items()))
        if isinstance(params, dict) or params is None:
            return str(name), {str(k): v for k, v in (params or {}).items()}
    raise ScenarioError(text("cli.reform.not_one", text=option, usage=usage))
