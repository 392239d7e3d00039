"""Plain text for terminals and reports: aligned tables with Chinese (double-width) text, and
numbers written for table cells and sentences."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from simulate.strings import text

#: The true minus sign, used in sentences.
MINUS = "\u2212"


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def align(rows: list[list[str]], right: Iterable[int] | None = None) -> list[str]:
    """Rows of cells as lines with columns padded to their display width.

    The first column is left-aligned; the others are right-aligned (or those in ``right``).
    """
    widths = [max(display_width(r[j]) for r in rows) for j in range(len(rows[0]))]
    right_cols = set(range(1, len(widths)) if right is None else right)
    lines = []
    for r in rows:
        pads = [" " * (w - display_width(c)) for c, w in zip(r, widths, strict=True)]
        cells = [
            p + c if j in right_cols else c + p
            for j, (c, p) in enumerate(zip(r, pads, strict=True))
        ]
        lines.append("  ".join(cells))
    return lines


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns."""
    return text + " " * max(width - display_width(text), 0)


def decimals_apart(*pairs: tuple[float, float]) -> int:
    """Fewest decimals (1 to 3) that keep each pair of different numbers apart."""
    for d in (1, 2, 3):
        if all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or round(a, d) != round(b, d)
            for a, b in pairs
            if not (math.isnan(a) or math.isnan(b))
        ):
            return d
    return 3


def sentence_number(x: float, decimals: int, *, sign: bool = False) -> str:
    """A number for a sentence, with a true minus sign; ``sign`` adds + to positives."""
    text = f"{x:+.{decimals}f}" if sign else f"{x:.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    return text.replace("-", MINUS)


def cell_value(x: float, unit: str, diff: bool = False) -> str:
    """A value for a table cell: shares in %, differences of shares in percentage points."""
    if math.isnan(x):
        return text("value.not_available")
    sign = "+" if diff else ""
    if unit == "share":
        return f"{100 * x:{sign}.1f}" + (text("value.points") if diff else "%")
    return f"{x:{sign}.2f}"


def cell_with_interval(value: float, lo: float, hi: float, unit: str, diff: bool = False) -> str:
    """A table cell: the value and its interval ``[lo, hi]`` (the value alone without one)."""
    text = cell_value(value, unit, diff)
    if math.isnan(lo) or math.isnan(hi):
        return text
    return f"{text} [{cell_value(lo, unit, diff)}, {cell_value(hi, unit, diff)}]"
