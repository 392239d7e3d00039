"""Reforms on time limits: 压时限, 超时默认, 承诺时限.

Each is a pure function Scenario -> Scenario built with :func:`dataclasses.replace`;
importing :mod:`simulate.reforms` registers them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.reforms.edit import desk_hours_per_day, edit_steps, with_step
from simulate.reforms.params import number_param, step_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.model import Scenario
from simulate.strings import text

__all__ = ["READINGS"]


@reform(
    "cap_duration",
    label="压时限",
    citation="004_ae791fdead5d71ad.txt#L69",
    quote="减环节、减时限",
    example="cap_duration: {step: review, working_days: 3}",
)
def cap_duration(scenario: Scenario, *, step: Any, working_days: Any) -> Scenario:
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
    sid = step_param(scenario, step, "step")
    days = number_param(working_days, "working_days", strict=True)
    capped = scenario.step(sid)
    unit = capped.duration.unit
    if unit.startswith("natural"):
        raise ReformError(
            text("reform.limits.natural_unit", name=sid, unit=unit),
            field="step",
            fix=text("reform.limits.time_in_working"),
        )
    cap = days if unit == "working_days" else days * desk_hours_per_day(scenario, capped.desk)
    limit = days if capped.limit_working_days is None else min(capped.limit_working_days, days)
    return with_step(
        scenario, replace(capped, duration=capped.duration.capped(cap), limit_working_days=limit)
    )


@reform(
    "default_approval",
    label="超时默认",
    citation="004_ae791fdead5d71ad.txt#L97",
    quote="超时默认",
    example="default_approval: {steps: [review]}",
)
def default_approval(scenario: Scenario, *, steps: Any) -> Scenario:
    """A step still open at its limit counts as approved: its time never exceeds the limit.

    Each listed step needs its own limit (``limit:`` in the scenario, or ``cap_duration``).

    Parameters
    ----------
    steps : list
        Step ids with a limit.
    """
    ids = steps_param(scenario, steps, "steps")
    for i, x in enumerate(ids):
        if scenario.step(x).limit_working_days is None:
            raise ReformError(
                text("reform.limits.no_limit", name=x),
                field=f"steps[{i}]",
                fix=text("reform.limits.give_limit", name=x),
            )
    return edit_steps(scenario, ids, lambda step: replace(step, default_approval=True))


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
    scenario: Scenario,
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
        got = (
            text("reform.limits.reading_missing")
            if reading is None
            else text("reform.limits.reading_got", value=repr(reading))
        )
        raise ReformError(
            text("reform.limits.reading", got=got),
            field="reading",
            fix=text("reform.limits.reading_separator").join(
                text(
                    "reform.limits.reading_choice",
                    key=k,
                    meaning=text(f"reform.limits.reading.{k}"),
                )
                for k in READINGS
            ),
        )
    if reading == "time_cut":
        speed = number_param(speedup, "speedup", low=0.0, high=1.0, strict=True)
        if speed >= 1.0:
            raise ReformError(
                text("reform.limits.no_time_left"),
                field="speedup",
                fix=text("reform.limits.share_below_one"),
            )
        limit = statutory * (1.0 - speed)
    else:
        limit = statutory / (1.0 + number_param(speedup, "speedup", strict=True))
    if steps is None:
        return replace(scenario, time_limit_working_days=limit)
    ids = steps_param(scenario, steps, "steps")
    return edit_steps(scenario, ids, lambda step: replace(step, limit_working_days=limit))
