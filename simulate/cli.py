"""The command line: a thin shell over the public API.

Exit status: 0 success, 2 a bad scenario or bad arguments (every problem listed, no
traceback), 1 anything else that went wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulate.errors import ScenarioError, SimulateError

if TYPE_CHECKING:
    from simulate.experiments.runner import ExecutorName


def build_parser() -> argparse.ArgumentParser:
    """The ``simulate`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="simulate",
        description="See what a business-environment reform does to the time a company waits.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run a scenario file and write its tables and summary")
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument(
        "--replications",
        "-n",
        type=int,
        default=None,
        help="replications (default: the file's, else 10)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed (default: the file's, else fresh and recorded)",
    )
    p.add_argument(
        "--jobs", "-j", type=int, default=1, help="worker processes (same numbers for any value)"
    )
    p.add_argument(
        "--out",
        "-o",
        type=Path,
        default=None,
        help="output folder (default: results/<scenario name>)",
    )
    p.add_argument(
        "--reform",
        action="append",
        default=[],
        metavar="REFORM",
        help="apply a reform after the file's own, as in YAML: 'online' or 'parallel_approval: {steps: [a, b]}' (repeatable)",
    )
    p.add_argument("--no-excel", action="store_true", help="skip the Excel workbook")
    p.add_argument(
        "--charts",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write charts (PNG and SVG) into DIR",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")

    v = sub.add_parser("validate", help="check a scenario file and list every problem")
    v.add_argument("scenario", type=Path, nargs="+", help="scenario YAML file(s)")

    c = sub.add_parser("compare", help="run scenarios on common random numbers and compare them")
    c.add_argument(
        "scenarios", type=Path, nargs="+", help="scenario files; the first is the reference"
    )
    c.add_argument(
        "--replications",
        "-n",
        type=int,
        default=None,
        help="replications (default: the first file's)",
    )
    c.add_argument(
        "--seed", type=int, default=None, help="random seed (default: the first file's, else fresh)"
    )
    c.add_argument("--jobs", "-j", type=int, default=1, help="worker processes")
    c.add_argument(
        "--out", "-o", type=Path, default=None, help="output folder for the comparison tables"
    )
    c.add_argument(
        "--charts",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write charts (PNG and SVG) into DIR",
    )
    c.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")

    a = sub.add_parser(
        "attribute",
        help="how many days each reform of a file's reforms: list contributes (Shapley split)",
    )
    a.add_argument("scenario", type=Path, help="a scenario file with reforms:")
    a.add_argument(
        "--metric",
        default="mean_elapsed_working_days",
        help="summary metric to split (default mean_elapsed_working_days)",
    )
    a.add_argument("--replications", "-n", type=int, default=None)
    a.add_argument("--seed", type=int, default=None)
    a.add_argument("--jobs", "-j", type=int, default=1)
    a.add_argument(
        "--charts",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write the waterfall chart into DIR",
    )
    a.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME=R1,R2",
        help="count several reforms as one (repeatable); needed past 6 reforms or for reforms that depend on each other",
    )

    d = sub.add_parser("diff", help="what changed from one scenario to another, step by step")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)

    sub.add_parser("reforms", help="list every registered reform with its label and meaning")

    ls = sub.add_parser(
        "list", help="list shipped scenarios with label, process and source documents"
    )
    ls.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=Path("scenarios"),
        help="folder to search (default scenarios/)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on bad arguments (2)
        return int(exc.code or 0)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "run":
            return _run(args)
        handler = {
            "compare": _compare,
            "attribute": _attribute,
            "diff": _diff,
            "reforms": _reforms,
            "list": _list,
        }[args.command]
        return handler(args)
    except ScenarioError as err:
        print(err, file=sys.stderr)
        return 2
    except SimulateError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; no output was written", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return 2


def main_exit() -> None:
    """Console-script entry point."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    raise SystemExit(status)


def _validate(args: argparse.Namespace) -> int:
    from simulate.io.loader import load_scenario

    status = 0
    for path in args.scenario:
        try:
            s = load_scenario(path)
        except ScenarioError as err:
            print(err, file=sys.stderr)
            status = 2
            continue
        print(f"{path}: ok ({s.name}: {len(s.steps)} steps, {len(s.desks)} desks)")
    return status


def _run(args: argparse.Namespace) -> int:
    from simulate.experiments.runner import run
    from simulate.io.loader import load_scenario
    from simulate.reforms.registry import apply_reform
    from simulate.results.write import write_results

    scenario = load_scenario(args.scenario)
    for text in args.reform:
        name, params = _reform_option(text)
        try:
            scenario = apply_reform(scenario, name, **params)
        except ScenarioError as err:
            where = f"--reform {text!r}"
            raise ScenarioError(
                [dataclasses.replace(p, file=where) for p in err.problems]
            ) from None
    if args.replications is not None and args.replications < 1:
        raise ScenarioError(f"--replications must be at least 1, got {args.replications}")
    if args.jobs < 1:
        raise ScenarioError(f"--jobs must be at least 1, got {args.jobs}")
    executor: ExecutorName = "process" if args.jobs > 1 else "serial"
    results = run(
        scenario,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor,
        progress=None if not args.quiet else False,
    )
    out = args.out or Path("results") / scenario.name
    write_results(results, out, excel=not args.no_excel)
    if args.charts is not None:
        from simulate.plotting import write_run_charts

        write_run_charts(results, args.charts)
    if not args.quiet:
        print(results.report())
        print(
            f"wrote {out}/ (summary.txt, summary.csv, cases.csv, steps.csv, desks.csv, manifest.json{'' if args.no_excel else ', results.xlsx'})"
        )
    return 0


def _reform_option(text: str) -> tuple[str, dict[str, object]]:
    """``--reform`` text, written as one YAML entry of ``reforms:``, as (name, parameters)."""
    import yaml

    usage = "write --reform NAME or --reform 'NAME: {param: value}', e.g. 'parallel_approval: {steps: [a, b]}'"
    try:
        entry = yaml.safe_load(text)
    except yaml.YAMLError:
        raise ScenarioError(f"--reform {text!r} is not valid YAML; {usage}") from None
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        name, params = next(iter(entry.items()))
        if isinstance(params, dict) or params is None:
            return str(name), {str(k): v for k, v in (params or {}).items()}
    raise ScenarioError(f"--reform {text!r} is not one reform; {usage}")


def _check_counts(args: argparse.Namespace) -> None:
    if getattr(args, "replications", None) is not None and args.replications < 1:
        raise ScenarioError(f"--replications must be at least 1, got {args.replications}")
    if getattr(args, "jobs", 1) < 1:
        raise ScenarioError(f"--jobs must be at least 1, got {args.jobs}")


def _compare(args: argparse.Namespace) -> int:
    from simulate.experiments.compare import compare, write_comparison
    from simulate.io.loader import load_scenario

    _check_counts(args)
    scenarios = [load_scenario(p) for p in args.scenarios]
    executor: ExecutorName = "process" if args.jobs > 1 else "serial"
    cmp = compare(
        scenarios,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor,
        progress=False if args.quiet else None,
    )
    if args.out is not None:
        write_comparison(cmp, args.out)
    if args.charts is not None:
        from simulate.plotting import write_compare_charts

        write_compare_charts(cmp, args.charts)
    if not args.quiet:
        print(cmp.report())
    return 0


def _attribute(args: argparse.Namespace) -> int:
    from simulate.experiments.compare import attribute
    from simulate.io.loader import load_bundle

    _check_counts(args)
    base, reforms = load_bundle(args.scenario)
    if not reforms:
        raise ScenarioError(
            f"{args.scenario} has no reforms: to split; add a reforms: list or name a reform variant"
        )
    executor: ExecutorName = "process" if args.jobs > 1 else "serial"
    groups: dict[str, list[str]] = {}
    for spec in args.group:
        name, sep, members = spec.partition("=")
        if not sep or not name or not members:
            raise ScenarioError(f"--group must look like NAME=reform_a,reform_b, got {spec!r}")
        groups[name] = [m.strip() for m in members.split(",") if m.strip()]
    att = attribute(
        base,
        reforms,
        metric=args.metric,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor,
        groups=groups or None,
    )
    if args.charts is not None:
        from simulate.plotting import write_attribution_chart

        write_attribution_chart(att, args.charts)
    print(att.report())
    return 0


def _diff(args: argparse.Namespace) -> int:
    from simulate.io.loader import load_scenario
    from simulate.scenario.diff import diff_scenarios

    print(diff_scenarios(load_scenario(args.a), load_scenario(args.b)))
    return 0


def _reforms(args: argparse.Namespace) -> int:
    from simulate.reforms.registry import REFORMS
    from simulate.textfmt import align

    rows = [[name, r.label, r.summary] for name, r in sorted(REFORMS.items())]
    for line in align(rows, right=[]):
        print(line.rstrip())
    return 0


def _list(args: argparse.Namespace) -> int:
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
