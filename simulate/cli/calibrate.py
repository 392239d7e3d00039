"""``simulate calibrate``: fit a scenario to an event log, and check it on a hold-out."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from simulate.cli.options import add_quiet
from simulate.errors import Problem, ScenarioError


def register(commands: Any) -> None:
    """Add ``calibrate`` to the command parsers."""
    cal = commands.add_parser(
        "calibrate",
        help="fit a scenario to an event log (办件记录) and check how well it reproduces it",
    )
    cal.add_argument("log", type=Path, help="event log: CSV, Excel or Parquet")
    cal.add_argument(
        "--out", "-o", type=Path, default=None, help="write the fitted scenario YAML here"
    )
    cal.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="ROLE=HEADER",
        help="which header fills a role (case, activity, start, end, resource, group, submitted); repeatable",
    )
    cal.add_argument("--time-zone", default=None, help="convert times with offsets to this zone")
    cal.add_argument(
        "--stages",
        type=Path,
        default=None,
        help="group raw activities into stages: a CSV table (activity,stage) or a YAML file of stage: regex",
    )
    cal.add_argument(
        "--calendar",
        choices=("official", "weekdays", "every_day"),
        default="official",
        help="working days: the official Chinese calendar (default), weekdays, every day",
    )
    cal.add_argument(
        "--holidays", type=Path, default=None, help="file of extra days off, one date a line"
    )
    cal.add_argument(
        "--min-share",
        type=float,
        default=0.01,
        help="fold activities in fewer than this share of cases (default 0.01)",
    )
    cal.add_argument(
        "--arrivals",
        choices=("poisson", "replay"),
        default="poisson",
        help="a Poisson rate per working day (default) or a replay of the observed submissions",
    )
    cal.add_argument(
        "--holdout",
        type=float,
        default=None,
        help="keep this share of the latest cases to compare with a simulation (e.g. 0.3)",
    )
    cal.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --holdout: write holdout.txt, holdout.xlsx and the ECDF chart into DIR",
    )
    cal.add_argument("--replications", "-n", type=int, default=5, help="hold-out replications")
    cal.add_argument("--seed", type=int, default=1, help="random seed")
    add_quiet(cal)
    cal.set_defaults(handler=calibrate_command)


def _columns(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        role, sep, header = pair.partition("=")
        if not sep or not role or not header:
            raise ScenarioError(
                [
                    Problem(
                        f"--column {pair!r} is not ROLE=HEADER", fix="e.g. --column case=办件编号"
                    )
                ]
            )
        out[role.strip()] = header.strip()
    return out


def _holidays(path: Path | None) -> tuple[dt.date, ...]:
    if path is None:
        return ()
    if not path.is_file():
        raise ScenarioError([Problem(f"no such holiday file: {path}", file=str(path))])
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        text = line.split(",")[0].split("#")[0].strip()
        if not text or text.lower() in ("date", "holiday"):
            continue
        try:
            out.append(dt.date.fromisoformat(text))
        except ValueError:
            raise ScenarioError(
                [
                    Problem(
                        f"not a date: {text!r}", file=str(path), line=number, fix="write YYYY-MM-DD"
                    )
                ]
            ) from None
    return tuple(out)


def calibrate_command(args: argparse.Namespace) -> int:
    """Fit, print the fit and (with ``--holdout``) the hold-out comparison."""
    from simulate.calibration.build import calibrate
    from simulate.calibration.holdout import validate_holdout

    if args.replications < 1:
        raise ScenarioError(f"--replications must be at least 1, got {args.replications}")
    common: dict[str, Any] = {
        "columns": _columns(args.column),
        "time_zone": args.time_zone,
        "stages": args.stages,
        "calendar": args.calendar,
        "holidays": _holidays(args.holidays),
        "min_share": args.min_share,
    }
    calibration = calibrate(args.log, arrivals=args.arrivals, seed=args.seed, **common)
    if not args.quiet:
        print(calibration.report())
    if args.out is not None:
        path = calibration.save(args.out)
        if not args.quiet:
            print(f"\nwrote {path}")
    if args.holdout is not None:
        holdout = validate_holdout(
            args.log,
            holdout=args.holdout,
            replications=args.replications,
            seed=args.seed,
            **common,
        )
        if not args.quiet:
            print()
            print(holdout.report())
        if args.report is not None:
            from simulate.plotting.calibration import write_holdout_chart

            written = holdout.write(args.report) + write_holdout_chart(holdout, args.report)
            if not args.quiet:
                print("\nwrote " + ", ".join(str(p) for p in written))
    return 0
