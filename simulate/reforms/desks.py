"""Reforms on desks and their capacity: 一窗受理 (pooled desks), 增窗增人 (staff and hours).

Each is a pure function Scenario -> Scenario built with :func:`dataclasses.replace`;
importing :mod:`simulate.reforms` registers them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.reforms.edit import with_desk
from simulate.reforms.params import desk_param, flag_param, new_id, number_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.model import Desk, Scenario
from simulate.strings import text

__all__: list[str] = []


def _merge_hours(hours: list[OfficeHours]) -> OfficeHours:
    """The union of several desks' office hours (open when any of them was)."""
    spans = sorted(span for h in hours for span in h.intervals)
    merged: list[tuple[float, float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return OfficeHours(tuple(merged), every_day=any(h.every_day for h in hours))


@reform(
    "single_window",
    label="一窗受理 / 综窗",
    citation="000_f80ffa6c48ad881a.txt#L28",
    quote="一窗受理、一链办理、全程代办",
    example="single_window: {desks: [a_counter, b_counter], into: one_window, label: 综合窗口}",
)
def single_window(scenario: Scenario, *, desks: Any, into: Any, label: Any = "") -> Scenario:
    """Separate reception desks are pooled into one: one queue, staff summed, hours merged.

    Every step of the listed desks is served by the pooled desk. Its office hours are the
    union of theirs (when they differ, all pooled staff work the union: a simplification).

    Parameters
    ----------
    desks : list
        Desk ids (at least 2) to pool.
    into : str
        Id of the pooled desk (new, or one of the pooled desks).
    label : str, optional
        Its label, e.g. 综合窗口 (default: the pooled desks' labels joined).
    """
    if not isinstance(desks, list | tuple) or len(desks) < 2:
        raise ReformError(
            text("reform.desks.too_few", value=repr(desks)),
            field="desks",
            fix=text("reform.desks.write_desks"),
        )
    ids = [desk_param(scenario, d, f"desks[{i}]") for i, d in enumerate(desks)]
    if len(set(ids)) != len(ids):
        raise ReformError(
            text("reform.desks.listed_twice"), field="desks", fix=text("reform.desks.list_once")
        )
    into_id = into if into in ids else new_id(scenario, into, "into", what="desk")
    pooled = [scenario.desk(d) for d in ids]
    own = [d.hours for d in pooled]
    hours = (
        None
        if all(h is None for h in own)
        else _merge_hours([h or scenario.calendar.office_hours for h in own])
    )
    if hours is not None and all(h == own[0] for h in own):
        hours = own[0]
    desk = Desk(
        id=into_id,
        label=str(label) if label else "、".join(d.label or d.id for d in pooled),
        staff=sum(d.staff for d in pooled),
        hours=hours,
        assumption=f"pooled from {', '.join(ids)} (single_window)",
    )
    first = scenario.desks.index(pooled[0])
    kept = [d for d in scenario.desks if d.id not in ids]
    steps = tuple(
        replace(step, desk=into_id) if step.desk in ids else step for step in scenario.steps
    )
    return replace(scenario, desks=(*kept[:first], desk, *kept[first:]), steps=steps)


@reform(
    "staffing",
    label="增窗增人",
    citation="001_e05e41bb51e4ff2b.txt#L61",
    quote="建设 24 小时“无人政务超市”",
    example='staffing: {desk: counter, staff: 3, hours: ["08:30-17:30"]}',
)
def staffing(
    scenario: Scenario, *, desk: Any, staff: Any = None, hours: Any = None, every_day: Any = None
) -> Scenario:
    """A desk's capacity or office hours change.

    The plans name longer hours (a 24-hour self-service hall, 001 line 61) but never a number
    of staff or windows: a staff count is the planner's lever, always an assumption.

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
    did = desk_param(scenario, desk, "desk")
    if staff is None and hours is None and every_day is None:
        raise ReformError(
            text("reform.desks.changes_nothing"),
            field="desk",
            fix=text("reform.desks.give_change"),
        )
    d = scenario.desk(did)
    changes: dict[str, Any] = {}
    if staff is not None:
        n = number_param(staff, "staff", low=1.0)
        if not n.is_integer():
            raise ReformError(
                text("field.not_whole", value=staff), field="staff", fix=text("reform.round")
            )
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
                new_hours = replace(d.hours or scenario.calendar.office_hours, every_day=daily)
        except ValueError as err:
            raise ReformError(
                str(err), field="hours", fix=text("reform.desks.write_hours")
            ) from None
        changes["hours"] = new_hours
    return with_desk(scenario, replace(d, **changes))
