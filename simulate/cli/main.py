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
from simulate.cli.options import Parser, package_version
from simulate.errors import OutputError, ScenarioError, SimulateError
from simulate.strings import LANGUAGES, set_language, text

#: Command groups in the order their commands appear in ``simulate --help``.
COMMAND_GROUPS = (scenario, experiments, report, what_if, calibrate, library, spreadsheet)


def build_parser() -> argparse.ArgumentParser:
    """The ``simulate`` argument parser, in the language of :func:`simulate.get_language`."""
    parser = Parser(prog="simulate", description=text("cli.description"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"simulate {package_version()}",
        help=text("cli.version"),
    )
    commands = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        title=text("cli.commands"),
        parser_class=Parser,
    )
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def language_option(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` anywhere before ``--`` (read first: the help is written in it)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = language_option(arguments)
    if chosen in LANGUAGES:
        set_language(chosen)
    try:
        return run_arguments(arguments)
    finally:
        if chosen in LANGUAGES:
            set_language(None)


def run_arguments(arguments: list[str]) -> int:
    """Parse ``arguments`` and run the command; errors become exit statuses."""
    parser = build_parser()
    if not arguments:  # bare `simulate`: the help, not a usage error
        parser.print_help()
        return 0
    try:
        args = parser.parse_args(arguments)
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
        print(text("error.prefix", message=err), file=sys.stderr)
        return 1
    except Terminated:
        print("terminated; no output was written", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(text("error.interrupted"), file=sys.stderr)
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
    """Console-script entry point (``simulate`` and ``python -m simulate``)."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    if status in (130, 128 + signal.SIGTERM):
        # interrupted: everything was cleaned up on the way out. A process pool whose worker
        # was stopped in the middle of sending a result leaves its manager thread waiting
        # for the rest forever, and the interpreter would wait for that thread at exit.
        sys.stderr.flush()
        os._exit(status)
    raise SystemExit(status)
