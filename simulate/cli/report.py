"""``simulate report``: the proposal appendix (Word and HTML) of one or more scenarios."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulate.cli.options import add_quiet, check_counts, executor_for
from simulate.strings import text


def register(commands: Any) -> None:
    """Add ``report`` to the command parsers."""
    report = commands.add_parser(
        "report",
        help=text("cli.report.help"),
    )
    report.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        help=text("cli.report.scenarios"),
    )
    report.add_argument(
        "--out", "-o", type=Path, default=Path("report"), help=text("cli.report.out")
    )
    report.add_argument(
        "--replications", "-n", type=int, default=None, help=text("cli.report.replications")
    )
    report.add_argument("--seed", type=int, default=None, help=text("cli.report.seed"))
    report.add_argument("--jobs", "-j", type=int, default=1, help=text("cli.jobs"))
    report.add_argument(
        "--no-attribution",
        action="store_true",
        help=text("cli.report.no_attribution"),
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
        docx, html = f"{args.out}/report.docx", f"{args.out}/report.html"
        print(text("cli.report.wrote", docx=docx, html=html, charts=len(written) - 2))
    return 0
