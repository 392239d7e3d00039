"""The scenario model: frozen dataclasses for steps, desks, flows, arrivals and scenarios.

Everything here is pure data. A :class:`Scenario` is built by :func:`simulate.load_scenario`
(from YAML, validated completely) or in Python; reforms return new scenarios with
:func:`dataclasses.replace` and never mutate one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

import pandas as pd

from simulate.calendar import DEFAULT_OFFICE_HOURS, OfficeHours, WorkCalendar
from simulate.scenario.attributes import Attribute, Channels, Condition, LimitClass
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Flow, Serial
from simulate.scenario.targets import Target

Actor = Literal["agency", "applicant", "third_party"]
ACTORS: tuple[Actor, ...] = ("agency", "applicant", "third_party")


@dataclass(frozen=True, slots=True, kw_only=True)
class Desk:
    """A pool of staff (窗口/科室) that serves staffed steps, first come first served
    (with ``priority``: the cases of the priority class first, 绿色通道)."""

    id: str
    label: str = ""
    staff: int = 1
    hours: OfficeHours | None = None  # None: the calendar's office hours
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None
    #: with assumption: the values a sensitivity run gives the number (staff, p_incomplete, volume)
    range: tuple[float, float] | None = None
    #: 绿色通道: cases whose attributes meet every condition are served before the others
    #: (non-preemptive priority, first come first served within each class; empty: none)
    priority: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """集中办理: cases gather before a step and start it together, in batches.

    A batch is released at the next session, held every ``every_working_days`` working days
    at the opening of the step's office hours (counted from the first working day of the
    run), or as soon as ``size`` cases have gathered, whichever comes first; with one of the
    two only, that one. Released cases then do the step's work as usual (queueing for its
    desk's staff, if any), in the order they gathered.
    """

    every_working_days: float | None = None
    size: int | None = None
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One piece of work (环节).

    A step with a ``desk`` is staffed: it queues for one staff member of that desk and holds
    them for ``duration``, counted in the desk's office hours. A step without a desk is a
    pure delay (the applicant prepares documents, a 公示 period, site works, a third party).
    """

    id: str
    label: str = ""
    #: the approval stage (阶段) the step belongs to, e.g. 工程建设许可: display only (process maps)
    stage: str | None = None
    duration: Duration
    desk: str | None = None
    actor: Actor = "agency"
    limit_working_days: float | None = None
    visit: bool = False
    travel: Duration | None = None
    documents: int | None = None
    procedure: bool = True
    clock_stop: bool = False
    default_approval: bool = False  # 超时默认: past its limit the step counts as approved
    auto_share: float = 0.0  # 秒批: share of cases approved automatically, without staff
    merged_from: tuple[str, ...] = ()  # 联合审查: the steps this joint step replaces
    fee: float | None = None  # fee charged to the applicant at this step (yuan)
    #: the step applies only to cases whose attributes meet every condition (others skip it)
    when: tuple[Condition, ...] = ()
    #: 集中办理: cases start the step in batches (sessions or a batch size); None: one by one
    batch: Batch | None = None
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None

    @property
    def staffed(self) -> bool:
        """True when the step needs a person from a desk."""
        return self.desk is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rework:
    """补正: with probability ``p_incomplete`` the documents are incomplete after a step.

    By default the case goes back to the applicant for ``makeup`` and queues for the step
    again, at most ``max_rounds`` times. With ``alongside`` (容缺受理) the case goes on and
    the make-up runs in parallel; it must be done before step ``before`` starts (or before
    the case finishes); with probability ``p_fail`` a make-up fails and the case goes back.
    With ``clock_stop`` the applicant's make-up time after a send-back is not counted against
    the limit (行政许可法: the limit runs from complete documents); a make-up alongside does
    not hold the case, so it never stops the clock.
    """

    p_incomplete: float
    makeup: Duration
    max_rounds: int = 3
    alongside: bool = False
    before: str | None = None
    p_fail: float = 0.0
    clock_stop: bool = False
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None
    #: with assumption: the values a sensitivity run gives the number (staff, p_incomplete, volume)
    range: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Arrivals:
    """How cases arrive: Poisson per working day, a cohort on one date, or listed times."""

    kind: Literal["poisson", "cohort", "listed"]
    per_working_day: float = 0.0
    any_hour: bool = False
    cohort: int = 0
    date: dt.date | None = None
    times: tuple[dt.datetime, ...] = ()
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None
    #: with assumption: the values a sensitivity run gives the number (staff, p_incomplete, volume)
    range: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarSpec:
    """Which days are working days and what the standard office hours are."""

    days: Literal["official", "weekdays", "every_day"] = "official"
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()
    years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold:
    """An extra share to report, e.g. 半日办结率: share of cases done within 0.5 working day."""

    working_days: float
    label: str = ""
    target_share: float | None = None
    source: str | None = None
    assumption: str | None = None
    fitted: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliedReform:
    """A reform as it was applied: its registered name and parameters."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A whole service process with its desks, arrivals, calendar and limits."""

    name: str
    label: str = ""
    process: str = ""
    description: str = ""
    documents: tuple[str, ...] = ()
    start: dt.date
    horizon_working_days: float = 250.0
    warmup_working_days: float = 0.0
    replications: int = 10
    seed: int | None = None
    calendar: CalendarSpec = CalendarSpec()
    arrivals: Arrivals
    time_limit_working_days: float | None = None
    time_limit_source: str | None = None
    #: "max": every case should finish within the limit (以内); "mean": the limit is an average (平均)
    time_limit_statistic: Literal["max", "mean"] = "max"
    #: limits of classes of cases (``time_limit: {by: [...]}``); the first class a case meets
    #: gives its limit, ``time_limit_working_days`` the limit of the rest
    time_limit_by: tuple[LimitClass, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    desks: tuple[Desk, ...] = ()
    steps: tuple[Step, ...] = ()
    flow: Flow = Serial(())  # noqa: RUF009 (a frozen, immutable default)
    rework: tuple[tuple[str, Rework], ...] = ()
    #: targets of every kind (time, stage, steps, visits, documents, fees, online share)
    targets: tuple[Target, ...] = ()
    #: attributes every case carries, drawn when it arrives
    attributes: tuple[Attribute, ...] = ()
    #: the channel mix (None: every case in person, or as the arrivals say)
    channels: Channels | None = None
    reforms: tuple[AppliedReform, ...] = ()
    path: str | None = None

    # -- look-ups -----------------------------------------------------------------------
    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if none)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def desk(self, desk_id: str) -> Desk:
        """The desk with this id (KeyError if none)."""
        for d in self.desks:
            if d.id == desk_id:
                return d
        raise KeyError(desk_id)

    def attribute(self, name: str) -> Attribute:
        """The case attribute called ``name`` (KeyError if none)."""
        for a in self.attributes:
            if a.name == name:
                return a
        raise KeyError(name)

    @property
    def rework_map(self) -> dict[str, Rework]:
        """Rework settings keyed by step id."""
        return dict(self.rework)

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with some fields replaced (the scenario itself is never modified)."""
        return replace(self, **changes)

    def work_calendar(self) -> WorkCalendar:
        """The work calendar this scenario runs on (raises CalendarError outside the data)."""
        spec = self.calendar
        return WorkCalendar(
            self.start,
            days=spec.days,
            extra_holidays=spec.holidays,
            extra_workdays=spec.workdays,
            supplied_years=spec.years,
            office_hours=spec.office_hours,
        )

    # -- identity and display -----------------------------------------------------------
    def digest(self) -> str:
        """A short content hash: equal scenarios have equal digests (path excluded)."""
        data = _plain(self)
        data.pop("path", None)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def describe(self) -> pd.DataFrame:
        """One row per step: what it is, who does it, how long, its limit and its source."""
        rows = []
        for s in self.steps:
            rows.append(
                {
                    "step": s.id,
                    "label": s.label,
                    "desk": s.desk or "",
                    "actor": s.actor,
                    "duration": s.duration.describe(),
                    "mean_duration": s.duration.mean,
                    "unit": s.duration.unit,
                    "limit_working_days": s.limit_working_days,
                    "visit": s.visit,
                    "clock_stop": s.clock_stop,
                    "source": s.source or s.duration.source or "",
                    "assumption": s.assumption or s.duration.assumption or "",
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.name!r} {self.label}: {len(self.steps)} steps, "
            f"{len(self.desks)} desks, limit {self.time_limit_working_days} working days>"
        )

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(repr(self))}</b></p>"
        reforms = ", ".join(r.name for r in self.reforms)
        extra = f"<p>reforms: {html.escape(reforms)}</p>" if reforms else ""
        return head + extra + str(self.describe().to_html(index=False))


#: Fields added after digests were first recorded: left out of a digest while empty, so a
#: scenario that does not use them keeps its digest.
_LATER_FIELDS = frozenset(
    {"stage", "fee", "when", "targets", "attributes", "channels", "priority", "batch"}
)


def _plain(obj: Any) -> Any:
    """Dataclasses, tuples and mappings as JSON-ready plain data."""
    if is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, OfficeHours):
            return str(obj)
        return {
            f.name: _plain(getattr(obj, f.name))
            for f in fields(obj)
            if not (f.name in _LATER_FIELDS and getattr(obj, f.name) in (None, ()))
        }
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, int) and not isinstance(obj, bool):
        return float(obj)  # 5 and 5.0 describe the same scenario
    return obj


__all__ = [
    "ACTORS",
    "Actor",
    "AppliedReform",
    "Arrivals",
    "CalendarSpec",
    "Desk",
    "Rework",
    "Scenario",
    "Step",
    "Threshold",
]
