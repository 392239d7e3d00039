"""Exceptions raised by `simulate`.

Every problem a user can fix is a :class:`ScenarioError`: it lists each problem as
``file:line: [field] what is wrong, got value; fix`` so a scenario file can be fixed in one
pass. Anything else that goes wrong is a :class:`SimulateError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from simulate.strings import text


class SimulateError(Exception):
    """Base class of every error `simulate` raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario: where, which field, what, and how to fix it."""

    message: str
    field: str = ""
    file: str | None = None
    line: int | None = None
    fix: str = ""

    def __str__(self) -> str:
        where = self.file or text("error.no_file")
        if self.line is not None:
            where = f"{where}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        fix = text("error.fix", fix=self.fix) if self.fix else ""
        return f"{where}:{field} {self.message}{fix}"


class ScenarioError(SimulateError, ValueError):
    """A scenario (file or object) is invalid. Holds every problem found."""

    def __init__(self, problems: Iterable[Problem] | str, *, file: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, file=file)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.file = file
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        where = text("error.in_file", file=self.file) if self.file else ""
        lines.append(text("error.problems", count=n, plural="" if n == 1 else "s", where=where))
        return "\n".join(lines)


class OutputError(SimulateError, ValueError):
    """An output folder cannot be written or replaced; nothing was written.

    ``where`` is the folder (with the option that named it, ``--out results/x``).
    """

    def __init__(self, where: str, message: str, fix: str = "") -> None:
        self.problem = Problem(message, file=where, fix=fix)
        super().__init__(f"{self.problem}\nnothing was written.")


class CalendarError(SimulateError, ValueError):
    """A date lies outside the work calendar's data, or the calendar is misconfigured."""


def did_you_mean(name: str, known: Iterable[str], otherwise: str | None = None) -> str:
    """The fix for an unknown name: the closest known one, else ``otherwise`` (default: the
    list of known names)."""
    names = list(known)
    hint = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if hint:
        return text("error.did_you_mean", name=hint[0])
    if otherwise is not None:
        return otherwise
    return text("error.known", names=", ".join(names) if names else text("error.none"))
