"""Shared test fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Charts render off-screen everywhere, and tests never open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


#: What the mutation sample (tests/validation/test_mutation_sample.py) found, for the summary.
MUTATION_SCORE = pytest.StashKey[str]()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the mutation sample's score at the end of the run (it is in every CI log)."""
    found = config.stash.get(MUTATION_SCORE, None)
    if found is not None:
        terminalreporter.write_sep("-", "mutation testing")
        terminalreporter.write_line(found)


@pytest.fixture
def report_mutation_score(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Hand a line to the end-of-run summary (see :func:`pytest_terminal_summary`)."""

    def report(line: str) -> None:
        request.config.stash[MUTATION_SCORE] = line

    return report


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT


# The tests written before the catalogue assert on English text: they run in English unless
# a test chooses otherwise (tests/unit/test_strings.py and tests/unit/test_language.py check
# both languages explicitly).
os.environ["SIMULATE_LANG"] = "en"
