"""Reforms on who receives an application: 前台综合受理、后台分类审批 (the real shape of 一窗受理).

``front_back_office`` moves the intake steps (受理, and 出件 where listed) of several
departments to one front-office pool of generalist staff (综合窗口: one queue), while each
department's approval steps stay at its own back-office desk with its own staff. It differs
from ``single_window``, which pools whole desks, approval work included. Importing
:mod:`simulate.reforms` registers it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.reforms.params import flag_param, new_id, number_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.model import Desk, Scenario
from simulate.strings import text

__all__: list[str] = []


@reform(
    "front_back_office",
    label="前台综合受理、后台分类审批 / 一窗通办",
    citation="004_ae791fdead5d71ad.txt#L69",
    quote="按照“前台综合受理,后台分类审批,统一窗口出件”推进 “一窗通办”",
    example=(
        "front_back_office: {steps: [review, counter_check], into: front_office, staff: 3, "
        "label: 综合受理窗口}"
    ),
)
def front_back_office(
    scenario: Scenario,
    *,
    steps: Any,
    into: Any,
    staff: Any,
    label: Any = "",
    hours: Any = None,
    every_day: Any = None,
) -> Scenario:
    """The intake steps of several departments move to one front office; approvals stay behind.

    Each listed step (a department's 受理, or its 出件 for 统一窗口出件) is served by a new
    desk ``into``: one queue for every intake, ``staff`` generalists (综合窗口人员) who can take
    any of them. Every other step keeps its desk: the departments' approval desks (后台分类审批)
    keep their staff, hours and work. A department desk left with no step (it did only
    intake) leaves the scenario: its staff are counted in ``staff`` if they moved to the
    front. The listed steps keep their durations, visits and documents. It is an error when a
    listed step has no desk, or the listed steps are all at one desk (nothing to pool).

    Parameters
    ----------
    steps : list
        Intake (and issuing) steps of at least two departments' desks.
    into : str
        Id of the new front-office desk.
    staff : int
        Front-office staff (>= 1).
    label : str, optional
        Its label (default 综合受理窗口).
    hours : str or list, optional
        Its office hours, e.g. ``["08:30-12:00", "13:00-17:30"]`` (default: the calendar's).
    every_day : bool, optional
        Open on weekends and holidays too.
    """
    ids = steps_param(scenario, steps, "steps", at_least=2)
    for i, x in enumerate(ids):
        if scenario.step(x).desk is None:
            raise ReformError(
                text("reform.offices.no_desk", name=x),
                field=f"steps[{i}]",
                fix=text("reform.offices.department_steps"),
            )
    departments = list(dict.fromkeys(str(scenario.step(x).desk) for x in ids))
    if len(departments) < 2:
        raise ReformError(
            text("reform.offices.one_desk", desk=departments[0]),
            field="steps",
            fix=text("reform.offices.two_departments"),
        )
    desk_id = new_id(scenario, into, "into", what="desk")
    count = number_param(staff, "staff", low=1.0)
    if not count.is_integer():
        raise ReformError(
            text("field.not_whole", value=staff), field="staff", fix=text("reform.round")
        )
    office_hours: OfficeHours | None = None
    if hours is not None or every_day is not None:
        daily = flag_param(every_day, "every_day") if every_day is not None else False
        try:
            office_hours = (
                OfficeHours.parse(hours, every_day=daily)
                if hours is not None
                else replace(scenario.calendar.office_hours, every_day=daily)
            )
        except ValueError as err:
            raise ReformError(
                str(err), field="hours", fix=text("reform.desks.write_hours")
            ) from None
    front = Desk(
        id=desk_id,
        label=str(label) if label else "综合受理窗口",
        staff=int(count),
        hours=office_hours,
        assumption=f"front office for the intake of {', '.join(departments)} (front_back_office)",
    )
    moved = tuple(replace(s, desk=desk_id) if s.id in ids else s for s in scenario.steps)
    used = {s.desk for s in moved}
    first = min(i for i, d in enumerate(scenario.desks) if d.id in departments)
    kept = [d for d in scenario.desks if d.id in used]
    position = sum(1 for d in scenario.desks[:first] if d.id in used)
    return replace(scenario, desks=(*kept[:position], front, *kept[position:]), steps=moved)
