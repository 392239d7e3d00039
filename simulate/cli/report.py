"""``simulate report``: the proposal appendix (Word and HTML) of one or more scenarios."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.cli.options import add_quiet, check_counts, executor_for


def register(commands: Any) -> None:
    """Add ``report`` to the command parsers."""
    report = commands.add_parser(
        "report",
        help=(
            "write a proposal appendix (report.docx and report.html, charts at 300 dpi) in the"
            " chosen language (--lang; Chinese by default)"
        ),
    )
    report.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        help="scenario files or library names; the first is the reference the others are compared with",
    )
    report.add_argument(
        "--out", "-o", type=Path, default=Path("report"), help="output folder (default report/)"
    )
    report.add_argument("--replications", "-n", type=int, default=None)
    report.add_argument("--seed", type=int, default=None)
    report.add_argument("--jobs", "-j", type=int, default=1, help="worker processes")
    report.add_argument(
        "--no-attribution",
        action="store_true",
        help="skip splitting each scenario's change among its reforms (it runs every subset)",
    )
    add_quiet(report)
    report.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    """Run the scenarios and write the appendix."""
    from simulate.reporting import write_report

    check_counts(args)
    written = write_report(
        args.scenarios,
        args.out,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor_for(args),
        attribution=not args.no_attribution,
        progress=None if not args.quiet else False,
    )
    if not args.quiet:
        print(f"wrote {args.out}/report.docx, {args.out}/report.html and {len(written) - 2} charts")
    return 0
