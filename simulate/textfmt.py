"""Plain-text tables that line up in a terminal, with Chinese (double-width) text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


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
