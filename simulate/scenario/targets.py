"""Targets of every kind a plan sets, declared in the scenario under ``targets:``.

Each :class:`Target` says what is measured per case (``kind``), how it is judged
(``statistic``) and the mark (``value``):

========== ====================================================== ===========================
kind       measured per case                                      value
========== ====================================================== ===========================
time       counted working days of the whole case (as the limit)  working days
stage      working days from entering the first of ``steps`` to   working days
           the end of the last (a stage or parallel group)
steps      staffed procedure steps (环节) the case passed          steps
visits     in-person visits (跑动次数)                               visits
documents  documents asked for at the steps it passed (材料数)       documents
fees       fees charged at the steps it passed                    yuan
online     the case was submitted online (网办率)                   share
========== ====================================================== ===========================

``statistic`` ``max`` (以内): at least ``share`` of the cases stay within ``value`` (default
share: the verdict's mark, 0.9, for time and stage; every case, 1.0, for counts);
``mean`` (平均): the mean over cases stays within ``value``; ``min`` (only for ``online``):
the share of cases online reaches ``value``. ``when`` restricts the cases judged to those
whose attributes meet every condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulate.scenario.attributes import Condition, describe_conditions
from simulate.strings import text

TargetKind = Literal["time", "stage", "steps", "visits", "documents", "fees", "online"]
TARGET_KINDS: tuple[TargetKind, ...] = (
    "time",
    "stage",
    "steps",
    "visits",
    "documents",
    "fees",
    "online",
)
#: Kinds whose value is a count per case (judged by max or mean).
COUNT_KINDS: tuple[TargetKind, ...] = ("steps", "visits", "documents", "fees")
#: Kinds whose value is a length of time in working days.
TIME_KINDS: tuple[TargetKind, ...] = ("time", "stage")

Statistic = Literal["max", "mean", "min"]

UNITS: dict[str, str] = {
    "time": "working days",
    "stage": "working days",
    "steps": "steps",
    "visits": "visits",
    "documents": "documents",
    "fees": "yuan",
    "online": "share",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """One target of the plan: what is measured, how it is judged and the mark."""

    kind: TargetKind
    value: float
    statistic: Statistic = "max"
    share: float | None = None
    steps: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()
    label: str = ""
    source: str | None = None
    assumption: str | None = None

    def required_share(self, reached: float = 0.9) -> float:
        """The share of cases a ``max`` target needs within its mark."""
        if self.share is not None:
            return self.share
        return reached if self.kind in TIME_KINDS else 1.0

    def name(self) -> str:
        """A readable name in the chosen language: the label, or kind, statistic and mark."""
        if self.label:
            return self.label
        unit = text(f"unit.{UNITS[self.kind]}")
        scope = text("target.name.scope", steps="+".join(self.steps)) if self.steps else ""
        if self.kind == "online":
            shown = text("target.name.online", share=100 * self.value)
        else:
            key = "target.name.mean" if self.statistic == "mean" else "target.name.max"
            kind = text(f"target.kind.{self.kind}")
            shown = text(key, kind=kind, scope=scope, value=self.value, unit=unit)
        where = describe_conditions(self.when)
        return text("target.name.where", text=shown, where=where) if where else shown

    def metric(self, index: int) -> str:
        """The summary metric that measures this target (``target_<n>_<kind>_...``)."""
        how = (
            "share_online"
            if self.kind == "online"
            else ("mean" if self.statistic == "mean" else f"share_within_{self.value:g}")
        )
        return f"target_{index + 1}_{self.kind}_{how}"


__all__ = [
    "COUNT_KINDS",
    "TARGET_KINDS",
    "TIME_KINDS",
    "UNITS",
    "Statistic",
    "Target",
    "TargetKind",
]
