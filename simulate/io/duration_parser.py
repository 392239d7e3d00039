"""The YAML shape of a duration, ``{UNIT: VALUE}``, checked and turned into a :class:`Duration`.

VALUE is a number (fixed) or one of the distribution shapes of ``SCHEMA["duration_value"]``:
``{median, p90}`` (lognormal), ``{min, mode, max}`` (triangular), ``{mean}`` (exponential) or
``{values}`` (empirical). Used by the scenario parser and by reforms that take a duration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulate.errors import did_you_mean
from simulate.io.fields import LARGEST, check_range, finite, show
from simulate.io.schema import PROVENANCE, RANGE, SCHEMA
from simulate.io.yamlsrc import PathKey
from simulate.scenario.durations import UNITS, Duration, Unit


def parse_duration(
    value: Any, path: PathKey, fail: Callable[[PathKey, str, str], None]
) -> Duration | None:
    """Check and build a :class:`Duration` from its YAML shape, reporting through ``fail``."""
    if not isinstance(value, Mapping):
        fail(
            path,
            f"must be {{unit: value}}, got {show(value)}",
            "write e.g. {working_hours: 2} or {working_days: {median: 3, p90: 5}}",
        )
        return None
    units = [k for k in value if k in UNITS]
    for key in value:
        if key not in UNITS and key not in PROVENANCE and key not in RANGE:
            fail(
                (*path, key),
                f"unknown key '{key}'",
                did_you_mean(
                    str(key),
                    [*UNITS, *PROVENANCE, *RANGE],
                    otherwise="use one of " + ", ".join(UNITS),
                ),
            )
    if len(units) != 1:
        fail(
            path,
            f"needs exactly one unit key, got {units or 'none'}",
            "use one of " + ", ".join(UNITS),
        )
        return None
    unit: Unit = units[0]
    spec = value[unit]
    vpath = (*path, unit)
    raw_prov = {k: value.get(k) for k in PROVENANCE}
    prov: dict[str, Any] = {k: (v if isinstance(v, str) else None) for k, v in raw_prov.items()}
    if value.get("range") is not None:
        prov["range"] = check_range(value["range"], (*path, "range"), fail)

    def num(x: Any, p: PathKey, *, allow_zero: bool = False) -> float | None:
        if isinstance(x, bool) or not isinstance(x, int | float) or not finite(x):
            fail(p, f"must be a finite number, got {show(x)}", f"write a number below {LARGEST:g}")
            return None
        if x < 0 or (x == 0 and not allow_zero):
            fail(
                p,
                f"must be {'>= 0' if allow_zero else '> 0'}, got {x}",
                "durations are positive lengths of time",
            )
            return None
        return float(x)

    if not isinstance(spec, Mapping):
        x = num(spec, vpath, allow_zero=True)
        return None if x is None else Duration(unit=unit, kind="fixed", params=(x,), **prov)
    keys = set(spec)
    allowed = SCHEMA["duration_value"]
    for key in keys - set(allowed):
        fail(
            (*vpath, key),
            f"unknown key '{key}'",
            did_you_mean(str(key), allowed, otherwise="allowed: " + ", ".join(allowed)),
        )
    if keys - set(allowed):
        return None
    shapes: dict[frozenset[str], str] = {
        frozenset({"fixed"}): "fixed",
        frozenset({"median", "p90"}): "lognormal",
        frozenset({"min", "mode", "max"}): "triangular",
        frozenset({"mean"}): "exponential",
        frozenset({"values"}): "empirical",
    }
    kind = shapes.get(frozenset(keys))
    if kind is None:
        fail(
            vpath,
            f"incomplete distribution {sorted(keys)}",
            "give {fixed}, {median, p90}, {min, mode, max}, {mean} or {values}",
        )
        return None
    if kind == "empirical":
        values = spec["values"]
        if not isinstance(values, list) or not values:
            fail(
                (*vpath, "values"),
                f"must be a non-empty list of numbers, got {show(values)}",
                "write values: [1, 2, 2, 3]",
            )
            return None
        nums = [num(v, (*vpath, "values", i), allow_zero=True) for i, v in enumerate(values)]
        if any(n is None for n in nums):
            return None
        return Duration(
            unit=unit, kind="empirical", params=tuple(n for n in nums if n is not None), **prov
        )
    order = {
        "fixed": ("fixed",),
        "lognormal": ("median", "p90"),
        "triangular": ("min", "mode", "max"),
        "exponential": ("mean",),
    }[kind]
    params = [num(spec[k], (*vpath, k), allow_zero=kind in ("fixed", "triangular")) for k in order]
    if any(p is None for p in params):
        return None
    vals = tuple(float(p) for p in params if p is not None)
    if kind == "lognormal" and vals[1] < vals[0]:
        fail(
            (*vpath, "p90"),
            f"must be >= median ({vals[0]:g}), got {vals[1]:g}",
            "P90 is the value 90% of cases stay under",
        )
        return None
    if kind == "triangular" and not vals[0] <= vals[1] <= vals[2]:
        fail(vpath, f"needs min <= mode <= max, got {vals}", "reorder the three values")
        return None
    if kind == "triangular" and vals[2] <= 0:
        fail(
            (*vpath, "max"),
            f"must be > 0, got {vals[2]:g}",
            "durations are positive lengths of time",
        )
        return None
    return Duration(unit=unit, kind=kind, params=vals, **prov)  # type: ignore[arg-type]
