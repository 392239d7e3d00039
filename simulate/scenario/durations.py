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
Kind = Literal["fixed", "lognormal", "triangular", "exponential", "empirical"]

UNITS: tuple[Unit, ...] = ("working_hours", "working_days", "natural_hours", "natural_days")
KINDS: tuple[Kind, ...] = ("fixed", "lognormal", "triangular", "exponential", "empirical")

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
        (``(min, mode, max)``), ``exponential`` (``(mean,)``) or ``empirical`` (the values).
    source, assumption
        Provenance: a citation of a plan, or the reason for an assumed number.
    """

    unit: Unit
    kind: Kind
    params: tuple[float, ...]
    source: str | None = None
    assumption: str | None = None

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

    # -- facts --------------------------------------------------------------------------
    @property
    def mean(self) -> float:
        """Expected value, in :attr:`unit`."""
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
        return self.kind == "fixed" or (self.kind == "lognormal" and self.params[0] == self.params[1])

    def describe(self) -> str:
        """Short planner-readable text, e.g. ``median 2, P90 4 working_days``."""
        p = self.params
        text = {
            "fixed": lambda: f"{p[0]:g}",
            "lognormal": lambda: f"median {p[0]:g}, P90 {p[1]:g}",
            "triangular": lambda: f"min {p[0]:g}, mode {p[1]:g}, max {p[2]:g}",
            "exponential": lambda: f"mean {p[0]:g} (exponential)",
            "empirical": lambda: f"{len(p)} observed values, mean {self.mean:g}",
        }[self.kind]()
        return f"{text} {self.unit}"

    # -- transforms (used by reforms) ---------------------------------------------------
    def scaled(self, factor: float) -> Duration:
        """The same distribution shape with every value multiplied by ``factor``."""
        return replace(self, params=tuple(v * factor for v in self.params))

    # -- sampling -----------------------------------------------------------------------
    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values (in :attr:`unit`) from ``rng``.

        Each kind consumes the generator in a fixed way that does not depend on the
        parameters, so a scaled or shifted version draws the same underlying deviates.
        """
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
