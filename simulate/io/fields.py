"""Reading typed values out of parsed YAML while collecting every problem, with its line.

:class:`FieldReader` is the base of the scenario parser: each method checks one kind of value
(a number in a range, a probability, a flag, a date, office hours, provenance) and, when the
value is wrong, records a :class:`~simulate.errors.Problem` with the file, line, field and a
fix instead of raising, so that one pass over a file reports everything wrong with it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from simulate import strings
from simulate.calendar import OfficeHours
from simulate.errors import Problem, did_you_mean
from simulate.io.schema import SCHEMA
from simulate.io.yamlsrc import Located, PathKey


class FieldReader:
    """Checks raw YAML values one field at a time, collecting every problem."""

    def __init__(self, located: Located, base_dir: Path) -> None:
        self.loc = located
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, message: str, fix: str = "") -> None:
        self.problems.append(self.loc.problem(path, message, fix))

    def keys(
        self, data: Mapping[str, Any], schema: str, path: PathKey, required: tuple[str, ...] = ()
    ) -> None:
        allowed = SCHEMA[schema]
        for key in data:
            if key not in allowed:
                otherwise = strings.text("field.allowed", names=", ".join(allowed))
                fix = did_you_mean(str(key), allowed, otherwise=otherwise)
                self.fail((*path, key), strings.text("field.unknown_key", key=key), fix)
        for key in required:
            if key not in data:
                self.fail(
                    path,
                    strings.text("field.missing_key", key=key),
                    strings.text("field.add_key", key=key, meaning=meaning(schema, key)),
                )

    def mapping(self, value: Any, path: PathKey, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        if what in MAPPINGS:
            key, *examples = MAPPINGS[what]
            what = strings.text(key, **dict(zip(("example", "other"), examples, strict=False)))
        self.fail(
            path,
            strings.text("field.not_mapping", what=what, value=show(value)),
            strings.text("field.write_mapping"),
        )
        return None

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: PathKey,
        *,
        default: float | None = None,
        minimum: float | None = None,
        positive: bool = False,
        maximum: float | None = None,
        integer: bool = False,
    ) -> float | None:
        if key not in data:
            return default
        value = data[key]
        p = (*path, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = strings.text("field.an_integer" if integer else "field.a_number")
            self.fail(
                p,
                strings.text("field.not_number", kind=kind, value=show(value)),
                strings.text("field.write_number", key=key),
            )
            return None
        if not finite(value):
            self.fail(
                p,
                strings.text("field.not_finite", value=show(value)),
                strings.text("field.finite", largest=LARGEST),
            )
            return None
        if integer and not float(value).is_integer():
            self.fail(p, strings.text("field.not_whole", value=value), strings.text("field.round"))
            return None
        if positive and value <= 0:
            self.fail(
                p, strings.text("field.not_positive", value=value), strings.text("field.positive")
            )
            return None
        if minimum is not None and value < minimum:
            self.fail(
                p,
                strings.text("field.below", minimum=minimum, value=value),
                strings.text("field.at_least", minimum=minimum),
            )
            return None
        if maximum is not None and value > maximum:
            self.fail(
                p,
                strings.text("field.above", maximum=maximum, value=value),
                strings.text("field.at_most", maximum=maximum),
            )
            return None
        return float(value)

    def entries(
        self,
        value: Any,
        section: str,
        shape: str,
        example: str,
        *,
        problem: str = "problem.not_list",
        required: bool = False,
    ) -> list[tuple[PathKey, Mapping[str, Any]]]:
        """The mappings of a list section (``steps:``, ``thresholds:``, ``targets:``), each
        with its path; a value that is not a list (or, ``required``, an empty one) and an
        entry that is not a mapping (``shape`` says what it should be) are reported."""
        if not isinstance(value, list) or (required and not value):
            self.fail(
                (section,),
                strings.text(problem, value=show(value)),
                strings.text("problem.write", example=example),
            )
            return []
        out = []
        for i, item in enumerate(value):
            path: PathKey = (section, i)
            data = self.mapping(item, path, shape)
            if data is not None:
                out.append((path, data))
        return out

    def days_or_hours(
        self, data: Mapping[str, Any], path: PathKey, hours_per_day: float, example: str
    ) -> float | None:
        """A limit given as ``working_days: N`` or ``working_hours: N`` (exactly one), in
        working days; None (with the problem reported) when neither or both are given."""
        units = [k for k in ("working_days", "working_hours") if k in data]
        if len(units) != 1:
            self.fail(
                path,
                strings.text(
                    "problem.exactly_one",
                    names="working_days, working_hours",
                    got=units or strings.text("problem.none"),
                ),
                strings.text("problem.write", example=example),
            )
            return None
        value = self.number(data, units[0], path, positive=True)
        if value is not None and units[0] == "working_hours":
            value /= hours_per_day
        return value

    def probability(
        self, data: Mapping[str, Any], key: str, path: PathKey, default: float = 0.0
    ) -> float:
        value = data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not finite(value)
            or not 0 <= value <= 1
        ):
            self.fail(
                (*path, key),
                strings.text("field.not_probability", value=show(value)),
                strings.text("field.probability"),
            )
            return default
        return float(value)

    def text(self, data: Mapping[str, Any], key: str, path: PathKey, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(
                (*path, key),
                strings.text("field.not_text", value=show(value)),
                strings.text("field.quote"),
            )
            return default
        return str(value)

    def flag(self, data: Mapping[str, Any], key: str, path: PathKey, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(
                (*path, key),
                strings.text("field.not_flag", value=show(value)),
                strings.text("field.flag"),
            )
            return default
        return value

    def date(self, value: Any, path: PathKey) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(
            path, strings.text("field.not_date", value=show(value)), strings.text("field.date")
        )
        return None

    def dates(self, data: Mapping[str, Any], key: str, path: PathKey) -> tuple[dt.date, ...]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(
                (*path, key),
                strings.text("problem.dates", value=show(value)),
                strings.text("problem.write", example="[2027-01-01, 2027-02-05]"),
            )
            return ()
        out = [self.date(v, (*path, key, i)) for i, v in enumerate(value)]
        return tuple(d for d in out if d is not None)

    def hours(self, value: Any, path: PathKey, every_day: bool = False) -> OfficeHours | None:
        try:
            return OfficeHours.parse(value, every_day=every_day)
        except (ValueError, TypeError) as err:
            self.fail(
                path,
                strings.text("problem.hours", value=show(value), error=err),
                strings.text(
                    "problem.write_or", example='["09:00-12:00", "13:00-17:00"]', other='"24h"'
                ),
            )
            return None

    def provenance(self, data: Mapping[str, Any], path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("source", "assumption", "fitted"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                self.fail(
                    (*path, key),
                    strings.text("field.not_text", value=show(value)),
                    strings.text("field.quote"),
                )
                value = None
            out[key] = value
        return out

    def value_range(
        self, data: Mapping[str, Any], path: PathKey, domain: tuple[float, float], what: str
    ) -> tuple[float, float] | None:
        """``range: [low, high]`` beside an assumed number, within the number's ``domain``."""
        value = data.get("range")
        if value is None:
            return None
        return check_range(value, (*path, "range"), self.fail, domain, what)

    def identifier(self, value: Any, path: PathKey, what: str) -> None:
        if not (isinstance(value, str) and value.isidentifier() and value.isascii()):
            self.fail(
                path,
                strings.text(
                    "problem.identifier",
                    what=strings.text(f"problem.what.{what}"),
                    value=show(value),
                ),
                strings.text("problem.identifier_fix"),
            )


def meaning(schema: str, key: str) -> str:
    """What ``key`` of a ``schema`` mapping means: the schema's own text, or in Chinese the
    catalogue's where it has one (the required keys)."""
    name = f"field.meaning.{schema}.{key}"
    if strings.get_language() == "zh" and name in strings.CATALOGUE:
        return strings.text(name)
    return SCHEMA[schema][key]


#: The catalogue keys of the mappings described in words (the rest are YAML shapes).
MAPPINGS: dict[str, tuple[str, ...]] = {
    "a step": ("problem.mapping.step",),
    "calendar settings": ("problem.mapping.calendar",),
    "how cases arrive": ("problem.mapping.arrivals",),
    "category -> share": ("problem.mapping.category",),
    "desk id -> {staff: N, ...}": ("problem.mapping.desks", "{staff: N, ...}"),
    "step id -> {p_incomplete: p, makeup: duration}": (
        "problem.mapping.rework",
        "{p_incomplete: p, makeup: duration}",
    ),
    "attribute -> {min, max} or a category": ("problem.mapping.conditions", "{min, max}"),
    "name -> {shares: ...} or {distribution: ...}": (
        "problem.mapping.attributes",
        "{shares: ...}",
        "{distribution: ...}",
    ),
    "{shares: {...}} or {distribution: {...}}": (
        "problem.mapping.attribute",
        "{shares: {...}}",
        "{distribution: {...}}",
    ),
    "{every_working_days: N} or {size: k}": (
        "problem.mapping.attribute",
        "{every_working_days: N}",
        "{size: k}",
    ),
}

#: The largest number a scenario field takes: far above any real count or duration, far
#: below where float arithmetic loses whole numbers or overflows.
LARGEST = 1e15


def finite(value: int | float) -> bool:
    """Whether a parsed number is a finite float within :data:`LARGEST` (YAML integers are
    unbounded: ``1`` followed by 400 zeros would overflow float conversion)."""
    try:
        return math.isfinite(float(value)) and abs(value) <= LARGEST
    except OverflowError:
        return False


def whole_number(value: Any, *, low: int, high: int) -> int | None:
    """``value`` as an int when it is a whole number in ``[low, high]``, else None.

    Integers are taken exactly (a seed of 2**53 + 1 stays itself); a float is taken only
    below 2**53, where it still holds every whole number exactly.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or abs(value) >= 2**53:
            return None
        value = int(value)
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def check_range(
    value: Any,
    path: PathKey,
    fail: Callable[[PathKey, str, str], None],
    domain: tuple[float, float] = (0.0, math.inf),
    what: str = "a duration",
) -> tuple[float, float] | None:
    """A ``[low, high]`` pair of finite numbers, low <= high, within ``domain`` (a duration's
    low bound excluded), else a problem reported."""
    ok = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and finite(v) for v in value)
    )
    if not ok:
        fail(
            path,
            strings.text("problem.range.shape", value=show(value)),
            strings.text("problem.write_eg", example="range: [2, 6]"),
        )
        return None
    low, high = float(value[0]), float(value[1])
    if low > high:
        fail(
            path,
            strings.text("problem.range.order", low=low, high=high),
            strings.text("problem.range.order_fix"),
        )
        return None
    lowest, highest = domain
    if low < lowest or high > highest or (what == "a duration" and low <= 0):
        bounds = strings.text(
            "problem.range.above" if what == "a duration" else "problem.range.within",
            lowest=lowest,
            highest=highest,
        )
        shown = strings.text(f"problem.what.{what}")
        fail(path, strings.text("problem.range.outside", low=low, high=high, what=shown), bounds)
        return None
    return low, high


def show(value: Any) -> str:
    """A value as it goes into a message (its repr, cut at 60 characters)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
