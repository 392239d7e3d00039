"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Charts render off-screen everywhere, and tests never open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT


# The tests written before the catalogue assert on English text: they run in English unless
# a test chooses otherwise (tests/unit/test_strings.py and tests/unit/test_language.py check
# both languages explicitly).
os.environ["SIMULATE_LANG"] = "en"
