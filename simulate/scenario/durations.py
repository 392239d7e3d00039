"""Durations in planner terms: fixed, median/P90, min/mode/max, mean, or observed values.

A :class:`Duration` is a frozen description of a distribution and its unit. Sampling draws a
whole block at once from a named random stream (see :mod:`simulate.engine.streams`), so the
same stream gives the same quantiles in every scenario that shares the step (common random
numbers): a lognormal step whose median is halved by a reform draws the same normal deviates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

Unit = Literal["working_hours", "working_days", "natural_hours", "natural_days"]
Kind = Literal["fixed", "lognormal", "triangular", "exponential", "empirical", "max"]

UNITS: tuple[Unit, ...] = ("working_hours", "working_days", "natural_hours", "natural_days")
#: Kinds a scenario file can write; ``max`` (the longest of several parts) is made by reforms.
KINDS: tuple[Kind, ...] = ("fixed", "lognormal", "triangular", "exponential", "empirical")

#: Draws used to estimate the mean of a ``max`` or capped duration that is not fixed.
MEAN_DRAWS = 1 << 16

#: Standard-normal 90 % quantile: a lognormal with median m and P90 q has sigma = ln(q/m)/Z90.
Z90 = 1.2815515655446004


@dataclass(frozen=True, slots=True, kw_only=True)
class Duration:
    """A random (or fixed) length of time in one unit.

    Parameters
    ----------
    unit
        ``working_hours``, ``working_days`` (office time on the work calendar),
        ``natural_hours`` or ``natural_days`` (wall-clock time).
    kind
        ``fixed`` (``params=(x,)``), ``lognormal`` (``(median, p90)``), ``triangular``
        (``(min, mode, max)``), ``exponential`` (``(mean,)``), ``empirical`` (the values) or
        ``max`` (no params: the longest of ``parts``, e.g. a joint review, 联合图审).
    parts
        For ``max``: the component durations, all in :attr:`unit`.
    cap
        Optional upper bound of every draw, in :attr:`unit` (压时限).
    source, assumption, fitted
        Provenance: a citation of a plan, the reason for an assumed number, or how the
        number was fitted to an event log (log file, columns, n, method, fit statistic).
    range
        ``(low, high)`` of the typical value a sensitivity run varies (an assumption's range).
    """

    unit: Unit
    kind: Kind
    params: tuple[float, ...]
    parts: tuple[Duration, ...] = ()
    cap: float | None = None
    source: str | None = None
    assumption: str | None = None
    #: with assumption: the values a sensitivity run gives its typical value (median, mean ...)
    range: tuple[float, float] | None = None
    fitted: str | None = None

    # -- constructors -------------------------------------------------------------------
    @classmethod
    def fixed(cls, value: float, unit: Unit = "working_hours") -> Duration:
        """A duration that is always ``value``."""
        return cls(unit=unit, kind="fixed", params=(float(value),))

    @classmethod
    def exponential(cls, mean: float, unit: Unit = "working_hours") -> Duration:
        """An exponential duration with the given mean."""
        return cls(unit=unit, kind="exponential", params=(float(mean),))

    @classmethod
    def lognormal(cls, median: float, p90: float, unit: Unit = "working_hours") -> Duration:
        """A lognormal duration given by its median and 90th percentile."""
        return cls(unit=unit, kind="lognormal", params=(float(median), float(p90)))

    @classmethod
    def triangular(
        cls, low: float, mode: float, high: float, unit: Unit = "working_hours"
    ) -> Duration:
        """A triangular duration given by its minimum, mode and maximum."""
        return cls(unit=unit, kind="triangular", params=(float(low), float(mode), float(high)))

    @classmethod
    def empirical(cls, values: tuple[float, ...], unit: Unit = "working_hours") -> Duration:
        """Resample observed values with equal weight."""
        return cls(unit=unit, kind="empirical", params=tuple(float(v) for v in values))

    @classmethod
    def longest(cls, parts: tuple[Duration, ...]) -> Duration:
        """The longest of several independent durations (one draw of each, the maximum).

        Raises
        ------
        ValueError
            If ``parts`` is empty or its units differ.
        """
        if not parts:
            raise ValueError("a max duration needs at least one part")
        units = {d.unit for d in parts}
        if len(units) != 1:
            raise ValueError(f"the parts of a max duration need one unit, got {sorted(units)}")
        return cls(unit=parts[0].unit, kind="max", params=(), parts=tuple(parts))

    def capped(self, value: float) -> Duration:
        """The same duration with every draw at most ``value`` (in :attr:`unit`)."""
        cap = value if self.cap is None else min(self.cap, value)
        return replace(self, cap=float(cap))

    # -- facts --------------------------------------------------------------------------
    @property
    def mean(self) -> float:
        """Expected value, in :attr:`unit`.

        Exact for the plain kinds and for fixed parts; for a ``max`` or capped duration that
        is random, estimated from a fixed set of draws (the same number every time).
        """
        if self.kind == "max" or self.cap is not None:
            if self.is_fixed:
                return float(self.sample(np.random.default_rng(0), 1)[0])
            return float(self.sample(np.random.default_rng(0), MEAN_DRAWS).mean())
        p = self.params
        if self.kind == "fixed":
            return p[0]
        if self.kind == "exponential":
            return p[0]
        if self.kind == "lognormal":
            sigma = self.sigma
            return p[0] * math.exp(sigma * sigma / 2)
        if self.kind == "triangular":
            return sum(p) / 3
        return sum(p) / len(p)

    @property
    def sigma(self) -> float:
        """Log-scale standard deviation of a lognormal (0 for other kinds)."""
        if self.kind != "lognormal":
            return 0.0
        median, p90 = self.params
        return math.log(p90 / median) / Z90

    @property
    def is_fixed(self) -> bool:
        """True when every draw is the same number."""
        if self.cap is not None and self.cap <= self._low:
            return True
        if self.kind == "max":
            return all(d.is_fixed for d in self.parts)
        p = self.params
        return (
            self.kind == "fixed"
            or (self.kind == "lognormal" and p[0] == p[1])
            or (self.kind in ("triangular", "empirical") and min(p) == max(p))
        )

    @property
    def _low(self) -> float:
        """The smallest value a draw can take."""
        if self.kind == "max":
            return max(d._low for d in self.parts)
        if self.kind in ("fixed", "triangular", "empirical"):
            return min(self.params)
        return 0.0

    def describe(self) -> str:
        """Short planner-readable text, e.g. ``median 2, P90 4 working_days``."""
        cap = f", at most {self.cap:g}" if self.cap is not None else ""
        if self.kind == "max":
            inner = "; ".join(d.describe().removesuffix(f" {self.unit}") for d in self.parts)
            return f"longest of ({inner}){cap} {self.unit}"
        p = self.params
        text = {
            "fixed": lambda: f"{p[0]:g}",
            "lognormal": lambda: f"median {p[0]:g}, P90 {p[1]:g}",
            "triangular": lambda: f"min {p[0]:g}, mode {p[1]:g}, max {p[2]:g}",
            "exponential": lambda: f"mean {p[0]:g} (exponential)",
            "empirical": lambda: f"{len(p)} observed values, mean {self.mean:g}",
        }[self.kind]()
        return f"{text}{cap} {self.unit}"

    # -- transforms (used by reforms) ---------------------------------------------------
    def scaled(self, factor: float) -> Duration:
        """The same distribution shape with every value (parts and cap too) times ``factor``."""
        return replace(
            self,
            params=tuple(v * factor for v in self.params),
            parts=tuple(d.scaled(factor) for d in self.parts),
            cap=None if self.cap is None else self.cap * factor,
            range=None if self.range is None else (self.range[0] * factor, self.range[1] * factor),
        )

    # -- sampling -----------------------------------------------------------------------
    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values (in :attr:`unit`) from ``rng``.

        Each kind consumes the generator in a fixed way that does not depend on the
        parameters, so a scaled or shifted version draws the same underlying deviates. A cap
        does not change what is drawn, only clips it; a ``max`` draws its parts in order.
        """
        values = self._draw(rng, size)
        if self.cap is not None:
            return np.asarray(np.minimum(values, self.cap), dtype=float)
        return values

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.kind == "max":
            return np.asarray(
                np.max([d.sample(rng, size) for d in self.parts], axis=0), dtype=float
            )
        p = self.params
        if self.kind == "fixed":
            return np.full(size, p[0])
        if self.kind == "exponential":
            return rng.standard_exponential(size) * p[0]
        if self.kind == "lognormal":
            return p[0] * np.exp(self.sigma * rng.standard_normal(size))
        if self.kind == "triangular":
            low, mode, high = p
            u = rng.random(size)
            if high == low:
                return np.full(size, low)
            cut = (mode - low) / (high - low)
            left = low + np.sqrt(u * (high - low) * (mode - low))
            right = high - np.sqrt((1 - u) * (high - low) * (high - mode))
            return np.where(u < cut, left, right)
        values = np.asarray(p)
        return values[rng.integers(0, len(values), size)]
