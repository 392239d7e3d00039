"""How a run was made: the record that travels with every table and output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RunMeta:
    """How a run was made: enough to reproduce every number in it."""

    scenario: str
    label: str
    digest: str
    seed: int
    replications: int
    version: str
    start: str
    horizon_working_days: float
    warmup_working_days: float
    time_limit_working_days: float | None
    time_limit_statistic: str = "max"
    thresholds: tuple[tuple[float, str, float | None], ...] = ()
    executor: str = "serial"
    reforms: tuple[str, ...] = ()
    #: each reform in words, in the run's language: its Chinese name, key and conditions
    reforms_described: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the run manifest)."""
        return asdict(self)
