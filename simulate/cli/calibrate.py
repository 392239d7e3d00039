"""``simulate calibrate``: fit a scenario to an event log, and check it on a hold-out."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from simulate.cli.options import add_quiet
from simulate.errors import Problem, ScenarioError
from simulate.strings import text as catalogue_text


def register(commands: Any) -> None:
    """Add ``calibrate`` to the command parsers."""
    cal = commands.add_parser(
        "calibrate",
        help=catalogue_text("cli.calibrate.help"),
    )
    cal.add_argument("log", type=Path, help=catalogue_text("cli.calibrate.log"))
    cal.add_argument(
        "--out", "-o", type=Path, default=None, help=catalogue_text("cli.calibrate.out")
    )
    cal.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="ROLE=HEADER",
        help=catalogue_text("cli.calibrate.column"),
    )
    cal.add_argument("--time-zone", default=None, help=catalogue_text("cli.calibrate.time_zone"))
    cal.add_argument(
        "--stages",
        type=Path,
        default=None,
        help=catalogue_text("cli.calibrate.stages"),
    )
    cal.add_argument(
        "--calendar",
        choices=("official", "weekdays", "every_day"),
        default="official",
        help=catalogue_text("cli.calibrate.calendar"),
    )
    cal.add_argument(
        "--holidays", type=Path, default=None, help=catalogue_text("cli.calibrate.holidays")
    )
    cal.add_argument(
        "--min-share",
        type=float,
        default=0.01,
        help=catalogue_text("cli.calibrate.min_share"),
    )
    cal.add_argument(
        "--arrivals",
        choices=("poisson", "replay"),
        default="poisson",
        help=catalogue_text("cli.calibrate.arrivals"),
    )
    cal.add_argument(
        "--holdout",
        type=float,
        default=None,
        help=catalogue_text("cli.calibrate.holdout"),
    )
    cal.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="DIR",
        help=catalogue_text("cli.calibrate.report"),
    )
    cal.add_argument(
        "--replications",
        "-n",
        type=int,
        default=5,
        help=catalogue_text("cli.calibrate.replications"),
    )
    cal.add_argument("--seed", type=int, default=1, help=catalogue_text("cli.calibrate.seed"))
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
                        catalogue_text("cli.calibrate.bad_column", pair=repr(pair)),
                        fix=catalogue_text("cli.calibrate.column_example"),
                    )
                ]
            )
        out[role.strip()] = header.strip()
    return out


def _holidays(path: Path | None) -> tuple[dt.date, ...]:
    if path is None:
        return ()
    if not path.is_file():
        raise ScenarioError(
            [Problem(catalogue_text("cli.calibrate.no_holidays", path=path), file=str(path))]
        )
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
                        catalogue_text("cli.calibrate.not_date", value=repr(text)),
                        file=str(path),
                        line=number,
                        fix=catalogue_text("cli.calibrate.write_date"),
                    )
                ]
            ) from None
    return tuple(out)


def calibrate_command(args: argparse.Namespace) -> int:
    """Fit, print the fit and (with ``--holdout``) the hold-out comparison."""
    from simulate.calibration.build import calibrate
    from simulate.calibration.holdout import validate_holdout

    if args.replications < 1:
        raise ScenarioError(
            catalogue_text("cli.calibrate.replications_low", value=args.replications)
        )
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
            print("\n" + catalogue_text("cli.wrote_files", files=path))
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
                files = ", ".join(str(p) for p in written)
                print("\n" + catalogue_text("cli.wrote_files", files=files))
    return 0
