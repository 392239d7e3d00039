"""Plain words for charts: the time unit that suits a process, and how runs are counted.

A process finished within a working day is shown in hours (``3.0 小时``), not as
``0.125 工作日``; a replication is ``第 1 次模拟``, not ``重复编号 0``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulate.scenario.model import Scenario

__all__ = ["TimeScale", "duration_text", "replication_name", "time_scale"]


@dataclass(frozen=True)
class TimeScale:
    """Working days shown in a unit: multiply by ``factor`` and write ``zh`` / ``en``."""

    factor: float
    zh: str
    en: str

    def unit(self, lang: str) -> str:
        """The unit's name in the chart's language."""
        return self.zh if lang == "zh" else self.en


WORKING_DAYS = TimeScale(1.0, "工作日", "working days")


def hours_per_day(scenario: Scenario) -> float:
    """Office hours in one working day of the scenario's calendar."""
    return float(scenario.calendar.office_hours.hours_per_day)


def time_scale(values: Iterable[float], scenario: Scenario) -> TimeScale:
    """Working hours when every value (in working days) is under one day, else working days."""
    finite = [abs(float(v)) for v in values if math.isfinite(float(v))]
    if finite and max(finite) < 1.0:
        return TimeScale(hours_per_day(scenario), "工作小时", "working hours")
    return WORKING_DAYS


def duration_text(working_days: float, scenario: Scenario, lang: str) -> str:
    """A length of office time in words: ``约 3 个工作日``, ``约 2.5 小时``, ``约 20 分钟``."""
    hours = working_days * hours_per_day(scenario)
    if working_days >= 1.0:
        value = (
            f"{working_days:.0f}"
            if working_days >= 10
            else f"{working_days:.1f}".rstrip("0").rstrip(".")
        )
        return f"约 {value} 个工作日" if lang == "zh" else f"about {value} working days"
    if hours >= 1.0:
        value = f"{hours:.1f}".rstrip("0").rstrip(".")
        return f"约 {value} 小时" if lang == "zh" else f"about {value} hours"
    minutes = max(round(hours * 60), 1) if hours > 0 else 0
    return f"约 {minutes} 分钟" if lang == "zh" else f"about {minutes} minutes"


def replication_name(replication: int, lang: str) -> str:
    """``第 1 次模拟`` for replication 0 (people count from one)."""
    return f"第 {replication + 1} 次模拟" if lang == "zh" else f"simulation run {replication + 1}"
