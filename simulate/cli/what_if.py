"""``simulate sweep``, ``simulate sensitivity`` and ``simulate staff``: a scenario at many
parameter points, what a verdict hinges on, and what it takes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.cli.options import add_quiet, check_counts
from simulate.errors import SimulateError
from simulate.strings import get_language, text


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help=text("cli.scenario_file"))
    parser.add_argument(
        "--replications", "-n", type=int, default=None, help=text("cli.whatif.replications")
    )
    parser.add_argument("--seed", type=int, default=None, help=text("cli.whatif.seed"))
    parser.add_argument("--jobs", "-j", type=int, default=1, help=text("cli.whatif.jobs"))
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help=text("cli.whatif.scheduler"),
    )
    parser.add_argument(
        "--dask",
        action="store_true",
        help=text("cli.whatif.dask"),
    )
    parser.add_argument("--out", "-o", type=Path, default=None, help=text("cli.whatif.out"))
    add_quiet(parser)


def register(commands: Any) -> None:
    """Add ``sweep``, ``sensitivity`` and ``staff`` to the command parsers."""
    grid = commands.add_parser("sweep", help=text("cli.sweep.help"))
    _common(grid)
    grid.add_argument(
        "--set",
        action="append",
        default=[],
        required=True,
        metavar="PATH=V1,V2,...",
        help=text("cli.sweep.set"),
    )
    grid.set_defaults(handler=sweep_command)
    sens = commands.add_parser("sensitivity", help=text("cli.sensitivity.help"))
    _common(sens)
    sens.add_argument(
        "--include-sourced", action="store_true", help=text("cli.sensitivity.include_sourced")
    )
    sens.add_argument(
        "--range",
        action="append",
        default=[],
        metavar="PATH=LO:HI",
        help=text("cli.sensitivity.range"),
    )
    sens.add_argument("--levels", type=int, default=5, help=text("cli.sensitivity.levels"))
    sens.add_argument(
        "--morris",
        type=int,
        default=0,
        metavar="R",
        help=text("cli.sensitivity.morris"),
    )
    sens.set_defaults(handler=sensitivity_command)

    staff = commands.add_parser("staff", help=text("cli.staff.help"))
    _common(staff)
    staff.add_argument("--desk", action="append", default=[], help=text("cli.staff.desk"))
    staff.add_argument(
        "--cost",
        action="append",
        default=[],
        metavar="DESK=COST",
        help=text("cli.staff.cost"),
    )
    staff.add_argument("--max-staff", type=int, default=60, help=text("cli.staff.max_staff"))
    staff.set_defaults(handler=staff_command)


def _figure(ax: Any) -> Any:
    """The figure an axes is drawn in (its top-level one)."""
    fig = ax.figure
    while getattr(fig, "figure", fig) is not fig:
        fig = fig.figure
    return fig


def _executor(args: argparse.Namespace) -> Any:
    if args.dask or args.scheduler:
        return "dask"
    return "process" if args.jobs > 1 else "serial"


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise SimulateError(f"{option} {item!r}: write it as NAME=VALUE")
        out[key.strip()] = value.strip()
    return out


def _ranges(items: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for path, given in _pairs(items, "--range").items():
        lo, sep, hi = given.partition(":")
        try:
            out[path] = (float(lo), float(hi))
        except ValueError:
            raise SimulateError(
                f"--range {path}={given}: write the range as LO:HI, e.g. 2:6"
            ) from None
        if not sep:
            raise SimulateError(f"--range {path}={given}: write the range as LO:HI, e.g. 2:6")
    return out


def sweep_command(args: argparse.Namespace) -> int:
    """Run the grid; write the tidy table and the per-point summary; print the verdicts."""
    from simulate.experiments.sweep import sweep
    from simulate.io.loader import load_scenario

    check_counts(args)
    scenario = load_scenario(args.scenario)
    grid: dict[str, list[float]] = {}
    for path, given in _pairs(args.set, "--set").items():
        try:
            grid[path] = [float(v) for v in given.split(",") if v.strip()]
        except ValueError:
            raise SimulateError(f"--set {path}={given}: give numbers separated by commas") from None
    result = sweep(
        scenario,
        grid,
        args.replications,
        args.seed,
        jobs=args.jobs,
        executor=_executor(args),
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    out = args.out or Path("results") / scenario.name / "sweep"
    out.mkdir(parents=True, exist_ok=True)
    result.table.to_csv(out / "replications.csv", index=False, encoding="utf-8-sig")
    result.summary().to_csv(out / "summary.csv", index=False, encoding="utf-8-sig")
    if not args.quiet:
        print(result.verdicts().to_string())
        print(text("cli.wrote_files", files=f"{out / 'replications.csv'}, {out / 'summary.csv'}"))
    return 0


def sensitivity_command(args: argparse.Namespace) -> int:
    """Run the one-at-a-time sensitivity (and Morris when asked); print the finding."""
    from simulate.experiments.sensitivity import sensitivity
    from simulate.io.loader import load_scenario
    from simulate.plotting.fonts import style
    from simulate.plotting.tornado import plot_tornado

    check_counts(args)
    scenario = load_scenario(args.scenario)
    result = sensitivity(
        scenario,
        replications=args.replications,
        seed=args.seed,
        include_sourced=args.include_sourced,
        ranges=_ranges(args.range),
        levels=args.levels,
        morris_trajectories=args.morris,
        jobs=args.jobs,
        executor=_executor(args),
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    out = args.out or Path("results") / scenario.name / "sensitivity"
    written = result.write(str(out))
    with style():
        ax = plot_tornado(result)
        _figure(ax).savefig(out / "tornado.png")
    if not args.quiet:
        cols = [
            "label",
            "low",
            "high",
            "metric_at_low",
            "metric_at_high",
            "flips",
            "flip_above",
            "flip_below",
        ]
        print(result.tornado[cols].head(15).to_string())
        print()
        print(result.sentence_zh() if get_language() == "zh" else result.sentence())
        print(text("cli.wrote_files", files=", ".join([*written, str(out / "tornado.png")])))
    return 0


def staff_command(args: argparse.Namespace) -> int:
    """Search the least staffing; print it and the frontier."""
    from simulate.experiments.staffing import staffing
    from simulate.io.loader import load_scenario
    from simulate.plotting.fonts import style
    from simulate.plotting.frontier import plot_frontier

    check_counts(args)
    scenario = load_scenario(args.scenario)
    costs = {}
    for desk, given in _pairs(args.cost, "--cost").items():
        try:
            costs[desk] = float(given)
        except ValueError:
            raise SimulateError(f"--cost {desk}={given}: the cost must be a number") from None
    result = staffing(
        scenario,
        replications=args.replications,
        seed=args.seed,
        desks=args.desk or None,
        cost=costs,
        max_staff=args.max_staff,
        jobs=args.jobs,
        executor=_executor(args),
        scheduler=args.scheduler,
    )
    out = args.out or Path("results") / scenario.name / "staffing"
    out.mkdir(parents=True, exist_ok=True)
    result.frontier.to_csv(out / "frontier.csv", index=False, encoding="utf-8-sig")
    with style():
        ax = plot_frontier(result)
        _figure(ax).savefig(out / "frontier.png")
    if not args.quiet:
        print(result.frontier.drop(columns=["checks"]).to_string(index=False))
        print()
        print(result.statement)
        print(text("cli.wrote_files", files=f"{out / 'frontier.csv'}, {out / 'frontier.png'}"))
    return 0 if result.reachable else 1
