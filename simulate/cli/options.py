"""Options and checks that several commands share."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from simulate.errors import ScenarioError
from simulate.strings import LANGUAGES, text

if TYPE_CHECKING:
    from simulate.experiments.runner import ExecutorName


#: argparse's own section headings -> their catalogue keys.
HEADINGS = MappingProxyType({"positional arguments": "cli.positional", "options": "cli.options"})


class Formatter(argparse.HelpFormatter):
    """argparse's help with its headings in the language of the catalogue."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        """The usage line, introduced in the catalogue's language."""
        super().add_usage(usage, actions, groups, prefix=text("cli.usage") + ": ")

    def start_section(self, heading: str | None) -> None:
        """A section of the help; argparse's own headings are translated."""
        key = HEADINGS.get(heading or "")
        super().start_section(text(key) if key else heading)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help, headings included, speaks the catalogue's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=text("cli.help")
        )
        self.add_argument("--lang", choices=LANGUAGES, default=None, help=text("cli.lang"))


def package_version() -> str:
    """Installed version of `simulate` (``0+unknown`` in a source tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("simulate")
    except PackageNotFoundError:
        return "0+unknown"


#: Most worker processes a command starts (each one is a Python process with its own memory).
MAX_JOBS = 256


def add_charts(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--charts DIR``."""
    parser.add_argument("--charts", type=Path, default=None, metavar="DIR", help=help_text)
    parser.add_argument("--svg-text", action="store_true", help=text("cli.svg_text"))


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force``."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace output folders even when they hold files simulate did not write",
    )


def check_outputs(out: Path | None, charts: Path | None, *, force: bool) -> Path | None:
    """Check the output folders before anything runs; the charts' place inside ``out``, if there.

    Returns the charts folder relative to ``out`` when ``--charts`` is ``out`` or a folder in
    it (the charts are then written with the tables, in one swap), else None.
    """
    from simulate.results.write import check_destination

    if out is not None:
        check_destination(out, option="--out", force=force)
    inside = None
    if out is not None and charts is not None:
        a, b = out.resolve(), charts.resolve()
        if a == b or a in b.parents:
            inside = b.relative_to(a)
    if charts is not None and inside is None:
        check_destination(charts, option="--charts", force=force)
    return inside


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``--quiet``."""
    parser.add_argument("--quiet", "-q", action="store_true", help=text("cli.quiet"))


def check_counts(args: argparse.Namespace) -> None:
    """``--replications`` within 1 and its limit, ``--jobs`` at least 1, ``--seed`` from 0 to 2**63 - 1."""
    from simulate.experiments.runner import check_replications, check_seed

    if getattr(args, "replications", None) is not None:
        check_replications(args.replications, "--replications")
    if getattr(args, "seed", None) is not None:
        check_seed(args.seed, "--seed")
    if not 1 <= getattr(args, "jobs", 1) <= MAX_JOBS:
        raise ScenarioError(text("cli.jobs_range", most=MAX_JOBS, value=args.jobs))


def executor_for(args: argparse.Namespace) -> ExecutorName:
    """A process pool when ``--jobs`` asks for more than one worker, else serial."""
    return "process" if args.jobs > 1 else "serial"
