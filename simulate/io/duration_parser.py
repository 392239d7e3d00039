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
from simulate.strings import text


def parse_duration(
    value: Any, path: PathKey, fail: Callable[[PathKey, str, str], None]
) -> Duration | None:
    """Check and build a :class:`Duration` from its YAML shape, reporting through ``fail``."""
    if not isinstance(value, Mapping):
        fail(
            path,
            text("problem.duration.shape", value=show(value)),
            text(
                "problem.write_eg_or",
                example="{working_hours: 2}",
                other="{working_days: {median: 3, p90: 5}}",
            ),
        )
        return None
    units = [k for k in value if k in UNITS]
    for key in value:
        if key not in UNITS and key not in PROVENANCE and key not in RANGE:
            fail(
                (*path, key),
                text("field.unknown_key", key=key),
                did_you_mean(
                    str(key),
                    [*UNITS, *PROVENANCE, *RANGE],
                    otherwise=text("problem.use_one_of", names=", ".join(UNITS)),
                ),
            )
    if len(units) != 1:
        fail(
            path,
            text("problem.duration.one_unit", got=units or text("problem.none")),
            text("problem.use_one_of", names=", ".join(UNITS)),
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
            fail(
                p,
                text("field.not_finite", value=show(x)),
                text("field.finite", largest=LARGEST),
            )
            return None
        if x < 0 or (x == 0 and not allow_zero):
            fail(
                p,
                text("problem.duration.negative" if allow_zero else "field.not_positive", value=x),
                text("problem.duration.positive"),
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
            text("field.unknown_key", key=key),
            did_you_mean(
                str(key), allowed, otherwise=text("field.allowed", names=", ".join(allowed))
            ),
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
            text("problem.duration.incomplete", keys=sorted(keys)),
            text(
                "problem.duration.shapes",
                shapes="{fixed}, {median, p90}, {min, mode, max}, {mean}",
                last="{values}",
            ),
        )
        return None
    if kind == "empirical":
        values = spec["values"]
        if not isinstance(values, list) or not values:
            fail(
                (*vpath, "values"),
                text("problem.duration.values", value=show(values)),
                text("problem.write", example="values: [1, 2, 2, 3]"),
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
            text("problem.duration.p90", median=vals[0], value=vals[1]),
            text("problem.duration.p90_fix"),
        )
        return None
    if kind == "triangular" and not vals[0] <= vals[1] <= vals[2]:
        fail(
            vpath,
            text("problem.duration.triangle", values=vals),
            text("problem.duration.triangle_fix"),
        )
        return None
    if kind == "triangular" and vals[2] <= 0:
        fail(
            (*vpath, "max"),
            text("field.not_positive", value=f"{vals[2]:g}"),
            text("problem.duration.positive"),
        )
        return None
    return Duration(unit=unit, kind=kind, params=vals, **prov)  # type: ignore[arg-type]
