"""Options and checks that several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from simulate.errors import ScenarioError

if TYPE_CHECKING:
    from simulate.experiments.runner import ExecutorName


def add_charts(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--charts DIR``."""
    parser.add_argument("--charts", type=Path, default=None, metavar="DIR", help=help_text)


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``--quiet``."""
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def check_counts(args: argparse.Namespace) -> None:
    """``--replications`` and ``--jobs`` are at least 1."""
    if getattr(args, "replications", None) is not None and args.replications < 1:
        raise ScenarioError(f"--replications must be at least 1, got {args.replications}")
    if getattr(args, "jobs", 1) < 1:
        raise ScenarioError(f"--jobs must be at least 1, got {args.jobs}")


def executor_for(args: argparse.Namespace) -> ExecutorName:
    """A process pool when ``--jobs`` asks for more than one worker, else serial."""
    return "process" if args.jobs > 1 else "serial"
