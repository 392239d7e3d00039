"""Office hours: the daily opening intervals of a desk (``09:00-12:00, 13:00-17:00``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from simulate import strings

__all__ = ["DEFAULT_OFFICE_HOURS", "OfficeHours", "format_hour"]

_TIME_RE: Final = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE_SPLIT_RE: Final = re.compile(r"\s*(?:-|–|—|~|～)\s*")


# --------------------------------------------------------------------------- office hours


def format_hour(h: float) -> str:
    """Format an hour of day as ``HH:MM`` (rounded to the minute)."""
    minutes = round(h * 60.0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_time(text: str, *, is_end: bool, spec: str) -> float:
    """Parse ``HH:MM`` into an hour of day; ``24:00`` is allowed only as an end."""
    m = _TIME_RE.match(text)
    if m is None:
        raise ValueError(strings.text("hours.not_time", spec=repr(spec), value=repr(text)))
    hh, mm = int(m.group(1)), int(m.group(2))
    if mm > 59 or hh > 24 or (hh == 24 and mm != 0):
        raise ValueError(strings.text("hours.bad_time", spec=repr(spec), value=repr(text)))
    if hh == 24 and not is_end:
        raise ValueError(strings.text("hours.open_24", spec=repr(spec)))
    return hh + mm / 60.0


def _check_intervals(intervals: tuple[tuple[float, float], ...], spec: str) -> None:
    """Raise ValueError unless the intervals are non-empty, valid, sorted and disjoint."""
    if not intervals:
        raise ValueError(strings.text("hours.none", spec=spec))
    prev_end = 0.0
    for i, (a, b) in enumerate(intervals):
        if not (0.0 <= a <= 24.0 and 0.0 <= b <= 24.0):
            raise ValueError(
                strings.text("hours.outside", spec=spec, start=format_hour(a), end=format_hour(b))
            )
        if b <= a:
            raise ValueError(
                strings.text("hours.reversed", spec=spec, start=format_hour(a), end=format_hour(b))
            )
        if i > 0 and a < prev_end:
            raise ValueError(
                strings.text(
                    "hours.overlap",
                    spec=spec,
                    start=format_hour(a),
                    end=format_hour(b),
                    previous=format_hour(prev_end),
                )
            )
        prev_end = b


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Daily opening intervals, e.g. ``((9.0, 12.0), (13.0, 17.0))``; hours of day in [0, 24].

    Parameters
    ----------
    intervals : tuple of (float, float)
        Opening intervals ``(open, close)`` in hours of day, sorted and non-overlapping
        (touching intervals are allowed). ``close`` may be 24.0.
    every_day : bool, default False
        True: open on every calendar day (an online system), not only on working days.

    Raises
    ------
    ValueError
        If the intervals are empty, unsorted, overlapping, reversed or outside [0, 24].
    """

    intervals: tuple[tuple[float, float], ...]
    every_day: bool = False

    def __post_init__(self) -> None:
        try:
            normalised = tuple((float(a), float(b)) for a, b in self.intervals)
        except (TypeError, ValueError) as exc:
            raise ValueError(strings.text("hours.pairs", spec=repr(self.intervals))) from exc
        _check_intervals(normalised, repr(self.intervals))
        object.__setattr__(self, "intervals", normalised)

    @classmethod
    def parse(cls, spec: str | Sequence[str], *, every_day: bool = False) -> OfficeHours:
        """Parse office hours from text.

        Parameters
        ----------
        spec : str or sequence of str
            ``"24h"`` for the whole day, a list such as ``["09:00-12:00", "13:00-17:00"]``,
            or the same intervals in one comma-separated string.
        every_day : bool, default False
            Open on every calendar day, not only on working days.

        Returns
        -------
        OfficeHours
            The parsed office hours.

        Raises
        ------
        ValueError
            On unreadable text, overlapping or unsorted intervals, an end at or before its
            start, or times outside 00:00-24:00.
        """
        shown = repr(spec) if isinstance(spec, str) else repr(list(spec))
        if isinstance(spec, str):
            parts = [p.strip() for p in spec.split(",")]
        else:
            parts = []
            for item in spec:
                if not isinstance(item, str):
                    raise ValueError(strings.text("hours.not_text", spec=shown, value=repr(item)))
                parts.append(item.strip())
        parts = [p.replace("：", ":") for p in parts]
        if len(parts) == 1 and parts[0].lower() in ("24h", "24 h", "00:00-24:00"):
            return cls(((0.0, 24.0),), every_day=every_day)
        if not parts or parts == [""]:
            raise ValueError(strings.text("hours.empty", spec=shown))
        intervals: list[tuple[float, float]] = []
        for part in parts:
            if part.lower() in ("24h", "24 h"):
                raise ValueError(strings.text("hours.whole_day", spec=shown))
            ends = _RANGE_SPLIT_RE.split(part)
            if len(ends) != 2:
                raise ValueError(strings.text("hours.not_interval", spec=shown, value=repr(part)))
            a = _parse_time(ends[0], is_end=False, spec=shown)
            b = _parse_time(ends[1], is_end=True, spec=shown)
            intervals.append((a, b))
        _check_intervals(tuple(intervals), shown)
        return cls(tuple(intervals), every_day=every_day)

    @property
    def hours_per_day(self) -> float:
        """Open hours in one open day."""
        return sum(b - a for a, b in self.intervals)

    @property
    def is_24h(self) -> bool:
        """True when the intervals cover the whole day without a gap."""
        return self.hours_per_day == 24.0

    def __str__(self) -> str:
        if self.is_24h:
            return "24h"
        return ", ".join(f"{format_hour(a)}-{format_hour(b)}" for a, b in self.intervals)


#: Standard office hours of a government service hall: 09:00-12:00 and 13:00-17:00 (7 h).
DEFAULT_OFFICE_HOURS: Final = OfficeHours(((9.0, 12.0), (13.0, 17.0)))


# ------------------------------------------------------------------------------ helpers
