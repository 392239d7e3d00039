"""The ``simulate`` command: its parser, its entry point and its exit statuses."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from simulate.cli import calibrate, experiments, library, report, scenario, spreadsheet, what_if
from simulate.errors import OutputError, ScenarioError, SimulateError

#: Command groups in the order their commands appear in ``simulate --help``.
COMMAND_GROUPS = (scenario, experiments, report, what_if, calibrate, library, spreadsheet)


def build_parser() -> argparse.ArgumentParser:
    """The ``simulate`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="simulate",
        description="See what a business-environment reform does to the time a company waits.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on bad arguments (2)
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        with terminate_as_interrupt():
            return handler(args)
    except (ScenarioError, OutputError) as err:
        print(err, file=sys.stderr)
        return 2
    except SimulateError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except Terminated:
        print("terminated; no output was written", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("interrupted; no output was written", file=sys.stderr)
        return 130


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it unwinds as on Ctrl-C."""


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM like SIGINT while a command runs: temporary folders are removed and
    worker processes stopped on the way out (only in the main thread, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main_exit() -> None:
    """Console-script entry point."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    raise SystemExit(status)
