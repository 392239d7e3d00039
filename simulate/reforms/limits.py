"""Registered reforms on limits and capacity: 压时限, 超时默认, 增窗增人, 承诺时限.

Each is a pure function Scenario -> Scenario built with :func:`dataclasses.replace`;
:mod:`simulate.reforms.steps` imports this module so that they are registered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.reforms.registry import (
    ReformError,
    desk_param,
    flag_param,
    number_param,
    reform,
    step_param,
    steps_param,
)
from simulate.scenario.model import Scenario, Step


def _with_step(s: Scenario, step: Step) -> Scenario:
    """The scenario with the step of the same id replaced."""
    return replace(s, steps=tuple(step if st.id == step.id else st for st in s.steps))


@reform(
    "cap_duration",
    label="压时限",
    citation="004_ae791fdead5d71ad.txt#L69",
    quote="减环节、减时限",
    example="cap_duration: {step: review, working_days: 3}",
)
def cap_duration(s: Scenario, *, step: Any, working_days: Any) -> Scenario:
    """A step's time is capped: no draw exceeds the cap, and its limit is at most the cap.

    The cap is in working days of the step's desk (working hours are converted with the
    desk's open hours a day). Steps timed in natural days or hours cannot be capped in working
    days: an error.

    Parameters
    ----------
    step : str
        The step.
    working_days : float
        The cap, in working days (> 0).
    """
    sid = step_param(s, step, "step")
    days = number_param(working_days, "working_days", strict=True)
    st = s.step(sid)
    unit = st.duration.unit
    if unit.startswith("natural"):
        raise ReformError(
            f"step '{sid}' is timed in {unit}, which working days cannot cap",
            field="step",
            fix="time the step in working_days or working_hours, or scale it in the scenario",
        )
    hours = (s.desk(st.desk).hours if st.desk else None) or s.calendar.office_hours
    cap = days if unit == "working_days" else days * hours.hours_per_day
    limit = days if st.limit_working_days is None else min(st.limit_working_days, days)
    return _with_step(s, replace(st, duration=st.duration.capped(cap), limit_working_days=limit))


@reform(
    "default_approval",
    label="超时默认",
    citation="004_ae791fdead5d71ad.txt#L97",
    quote="超时默认",
    example="default_approval: {steps: [review]}",
)
def default_approval(s: Scenario, *, steps: Any) -> Scenario:
    """A step still open at its limit counts as approved: its time never exceeds the limit.

    Each listed step needs its own limit (``limit:`` in the scenario, or ``cap_duration``).

    Parameters
    ----------
    steps : list
        Step ids with a limit.
    """
    ids = steps_param(s, steps, "steps")
    for i, x in enumerate(ids):
        if s.step(x).limit_working_days is None:
            raise ReformError(
                f"step '{x}' has no limit to default at",
                field=f"steps[{i}]",
                fix=f"give '{x}' a limit: {{working_days: N}}, or apply cap_duration first",
            )
    return replace(
        s, steps=tuple(replace(st, default_approval=True) if st.id in ids else st for st in s.steps)
    )


@reform(
    "staffing",
    label="增窗增人",
    citation="001_e05e41bb51e4ff2b.txt#L61",
    quote="在大厅增设企业登记自助服务终端",
    example='staffing: {desk: counter, staff: 3, hours: ["08:30-17:30"]}',
)
def staffing(
    s: Scenario, *, desk: Any, staff: Any = None, hours: Any = None, every_day: Any = None
) -> Scenario:
    """A desk's capacity or office hours change.

    Parameters
    ----------
    desk : str
        The desk.
    staff : int, optional
        Staff serving in parallel (>= 1).
    hours : str or list, optional
        Office hours, e.g. ``["08:30-12:00", "13:00-17:30"]`` or ``"24h"``.
    every_day : bool, optional
        Open on weekends and holidays too (an online system or a 24-hour self-service hall).
    """
    did = desk_param(s, desk, "desk")
    if staff is None and hours is None and every_day is None:
        raise ReformError("changes nothing", field="desk", fix="give staff:, hours: or every_day:")
    d = s.desk(did)
    changes: dict[str, Any] = {}
    if staff is not None:
        n = number_param(staff, "staff", low=1.0)
        if not n.is_integer():
            raise ReformError(f"must be a whole number, got {staff}", field="staff", fix="round it")
        changes["staff"] = int(n)
    daily = d.hours.every_day if d.hours is not None else False
    if every_day is not None:
        daily = flag_param(every_day, "every_day")
    if hours is not None or every_day is not None:
        try:
            if isinstance(hours, OfficeHours):
                new_hours = replace(
                    hours, every_day=daily if every_day is not None else hours.every_day
                )
            elif hours is not None:
                new_hours = OfficeHours.parse(hours, every_day=daily)
            else:
                new_hours = replace(d.hours or s.calendar.office_hours, every_day=daily)
        except ValueError as err:
            raise ReformError(
                str(err), field="hours", fix='write hours: ["09:00-12:00", "13:00-17:00"] or "24h"'
            ) from None
        changes["hours"] = new_hours
    return replace(s, desks=tuple(replace(x, **changes) if x.id == did else x for x in s.desks))


READINGS = {
    "time_cut": "limit = statutory × (1 − speedup): 60% faster is 40% of the statutory limit",
    "speed_up": "limit = statutory / (1 + speedup): 60% faster is 1/1.6 = 62.5% of the statutory limit",
}


@reform(
    "commitment_limit",
    label="承诺时限",
    citation="000_f80ffa6c48ad881a.txt#L27",
    quote="审批承诺时限比法定时限提速60%",
    example="commitment_limit: {statutory_working_days: 20, speedup: 0.6, reading: time_cut}",
)
def commitment_limit(
    s: Scenario,
    *,
    statutory_working_days: Any,
    speedup: Any,
    reading: Any = None,
    steps: Any = None,
) -> Scenario:
    """The promised limit as a speed-up on the statutory one, with the reading stated.

    The plans' "承诺时限比法定时限提速60%" reads two ways: ``time_cut`` (the time is cut by 60%:
    40% of the statutory limit) or ``speed_up`` (work is 60% faster: 1/1.6 = 62.5%). There is
    no default: ``reading`` must be given. The result is the case's time limit, or with
    ``steps`` the limit of each listed step.

    Parameters
    ----------
    statutory_working_days : float
        The statutory limit (法定时限), working days.
    speedup : float
        The speed-up, e.g. 0.6 for 60%.
    reading : str
        ``time_cut`` or ``speed_up`` (required).
    steps : list, optional
        Step ids whose own limit to set, instead of the case's.
    """
    statutory = number_param(statutory_working_days, "statutory_working_days", strict=True)
    if not isinstance(reading, str) or reading not in READINGS:
        got = "missing" if reading is None else f"got {reading!r}"
        raise ReformError(
            f"reading must say how to read the speed-up ({got})",
            field="reading",
            fix="; ".join(f"reading: {k} ({v})" for k, v in READINGS.items()),
        )
    if reading == "time_cut":
        speed = number_param(speedup, "speedup", low=0.0, high=1.0, strict=True)
        if speed >= 1.0:
            raise ReformError(
                "a time cut of 100% or more leaves no time",
                field="speedup",
                fix="use a share below 1",
            )
        limit = statutory * (1.0 - speed)
    else:
        limit = statutory / (1.0 + number_param(speedup, "speedup", strict=True))
    if steps is None:
        return replace(s, time_limit_working_days=limit)
    ids = steps_param(s, steps, "steps")
    return replace(
        s,
        steps=tuple(
            replace(st, limit_working_days=limit) if st.id in ids else st for st in s.steps
        ),
    )
