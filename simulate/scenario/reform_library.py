"""The registered reforms that change steps, desks, arrivals and limits.

告知承诺制, 一窗受理, 全程网办, 秒批, 帮代办, 压时限, 超时默认, 增窗增人 and 承诺时限 live here; the
reforms that reshape the flow (并联审批, 联合审查, 模拟审批, 减环节, 区域评估, 容缺受理) live in
:mod:`simulate.scenario.reform_flow`, imported below so that importing this module registers
every reform. Each is a pure function Scenario -> Scenario built with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.scenario import reform_flow  # registers the flow reforms
from simulate.scenario.model import (
    Choice,
    Desk,
    Detached,
    Node,
    Scenario,
    Sequence,
    Step,
    replace_at,
    step_path,
)
from simulate.scenario.reforms import (
    ReformError,
    desk_param,
    duration_param,
    flag_param,
    new_id,
    number_param,
    reform,
    share_param,
    step_param,
    steps_param,
)

__all__ = ["reform_flow"]


def _with_step(s: Scenario, step: Step) -> Scenario:
    """The scenario with the step of the same id replaced."""
    return replace(s, steps=tuple(step if st.id == step.id else st for st in s.steps))


@reform(
    "notification_commitment",
    label="告知承诺制",
    citation="002_dfd09f50bfb99d37.txt#L140",
    quote="推动政府投资项目“告知承诺制”审批改革",
    example=(
        "notification_commitment: {step: review, check: {working_hours: 1}, "
        "inspection: {share: 0.2, desk: inspect, duration: {working_hours: 2}}, revoke_share: 0.01}"
    ),
)
def notification_commitment(
    s: Scenario, *, step: Any, check: Any, inspection: Any = None, revoke_share: Any = 0.0
) -> Scenario:
    """A substantive review becomes a short commitment check, inspected afterwards.

    The step keeps its desk but takes ``check`` instead of its review time. With
    ``inspection``, a share of cases triggers an after-approval inspection (事中事后监管), a
    new step ``<step>_inspection`` at the given desk that runs off the case's path: it loads
    the desk and never delays the case. With ``revoke_share``, that share of cases has its
    approval revoked and goes through the original review again (a new step ``<step>_redo``
    with the original time), which the case waits for. Revocation is drawn independently of
    the inspection sample.

    Parameters
    ----------
    step : str
        The review step.
    check : duration
        Time of the commitment check, e.g. ``{working_hours: 1}``.
    inspection : mapping, optional
        ``{share, desk, duration}`` (and optional ``label``) of the sampled inspection.
    revoke_share : float, optional
        Share of cases whose approval is revoked and reviewed again (default 0).
    """
    sid = step_param(s, step, "step")
    original = s.step(sid)
    checked = replace(
        original,
        duration=duration_param(check, "check"),
        label=f"{original.label}（告知承诺）" if original.label else "",
    )
    out = _with_step(s, checked)
    extra_steps: list[Step] = []
    after: list[Node] = []
    if inspection is not None:
        if not isinstance(inspection, Mapping):
            raise ReformError(
                f"must be a mapping {{share, desk, duration}}, got {inspection!r}",
                field="inspection",
                fix="write inspection: {share: 0.2, desk: inspect, duration: {working_hours: 2}}",
            )
        for key in inspection:
            if key not in ("share", "desk", "duration", "label"):
                raise ReformError(
                    f"unknown key '{key}'",
                    field=f"inspection.{key}",
                    fix="allowed: share, desk, duration, label",
                )
        for key in ("share", "desk", "duration"):
            if key not in inspection:
                raise ReformError(f"missing key '{key}'", field="inspection", fix=f"add {key}:")
        share = number_param(
            inspection["share"], "inspection.share", low=0.0, high=1.0, strict=True
        )
        insp = Step(
            id=new_id(s, f"{sid}_inspection", "step"),
            label=str(inspection.get("label") or f"{original.label or sid}事中事后核查"),
            desk=desk_param(s, inspection["desk"], "inspection.desk"),
            duration=duration_param(inspection["duration"], "inspection.duration"),
            procedure=False,
            assumption=f"after-approval inspection of {share:.0%} of cases (notification_commitment)",
        )
        extra_steps.append(insp)
        after.append(Detached(insp.id, share, key=f"inspection:{sid}"))
    revoke = share_param(revoke_share, "revoke_share")
    if revoke > 0:
        redo = replace(
            original,
            id=new_id(s, f"{sid}_redo", "revoke_share"),
            label=f"{original.label or sid}（撤销后重新审批）",
            procedure=False,
            assumption=f"{revoke:.1%} of approvals revoked and reviewed again (notification_commitment)",
        )
        extra_steps.append(redo)
        after.append(Choice(((revoke, redo.id), (1.0 - revoke, Sequence(()))), key=f"revoke:{sid}"))
    if not after:
        return out
    path = step_path(s.flow, sid)
    assert path is not None  # step_param checked the flow
    pos = s.steps.index(original) + 1
    return replace(
        out,
        steps=(*out.steps[:pos], *extra_steps, *out.steps[pos:]),
        flow=replace_at(s.flow, path, Sequence((sid, *after))),
    )


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
def single_window(s: Scenario, *, desks: Any, into: Any, label: Any = "") -> Scenario:
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
            f"must list at least 2 desks, got {desks!r}", field="desks", fix="write desks: [a, b]"
        )
    ids = [desk_param(s, d, f"desks[{i}]") for i, d in enumerate(desks)]
    if len(set(ids)) != len(ids):
        raise ReformError("a desk is listed twice", field="desks", fix="list each desk once")
    into_id = into if into in ids else new_id(s, into, "into", what="desk")
    pooled = [s.desk(d) for d in ids]
    own = [d.hours for d in pooled]
    hours = (
        None
        if all(h is None for h in own)
        else _merge_hours([h or s.calendar.office_hours for h in own])
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
    first = s.desks.index(pooled[0])
    kept = [d for d in s.desks if d.id not in ids]
    steps = tuple(replace(st, desk=into_id) if st.desk in ids else st for st in s.steps)
    return replace(s, desks=(*kept[:first], desk, *kept[first:]), steps=steps)


@reform(
    "online",
    label="全程网办 / 不见面审批",
    citation="000_f80ffa6c48ad881a.txt#L24",
    quote="打造企业开办全程网办服务生态链",
    example="online: {steps: [apply], any_hour: true}",
)
def online(s: Scenario, *, steps: Any, any_hour: Any = True) -> Scenario:
    """In-person visits and travel of named steps are removed; submissions arrive at any hour.

    The listed steps need no visit (跑动) and no travel. With ``any_hour`` (the default),
    submissions arrive at any hour of any day instead of only in office hours; staff still
    work their office hours. It is an error when the reform would change nothing.

    Parameters
    ----------
    steps : list
        Step ids done online.
    any_hour : bool, optional
        Submissions at any hour (default true).
    """
    ids = steps_param(s, steps, "steps")
    anytime = flag_param(any_hour, "any_hour")
    changed = [x for x in ids if s.step(x).visit or s.step(x).travel is not None]
    arrivals = replace(s.arrivals, any_hour=True) if anytime else s.arrivals
    if not changed and arrivals == s.arrivals:
        why = "submissions already arrive at any hour" if anytime else "any_hour is false"
        raise ReformError(
            f"nothing to take online: {', '.join(ids)} need no visit or travel, and {why}",
            field="steps",
            fix="name the steps that need a visit (visit: true)",
        )
    new = tuple(replace(st, visit=False, travel=None) if st.id in ids else st for st in s.steps)
    return replace(s, steps=new, arrivals=arrivals)


@reform(
    "auto_approval",
    label="秒批 / 智能审批",
    citation="002_dfd09f50bfb99d37.txt#L70",
    quote="更多服务事项秒批秒办",
    example="auto_approval: {step: check, share: 0.5}",
)
def auto_approval(s: Scenario, *, step: Any, share: Any) -> Scenario:
    """An eligible share of cases is approved by the system at a step, without staff or time.

    Parameters
    ----------
    step : str
        A staffed step.
    share : float
        Share of cases approved automatically (0-1].
    """
    sid = step_param(s, step, "step")
    st = s.step(sid)
    if st.desk is None:
        raise ReformError(
            f"step '{sid}' is a pure delay with no desk: no staff to skip",
            field="step",
            fix="name a staffed step (one with a desk)",
        )
    p = number_param(share, "share", low=0.0, high=1.0, strict=True)
    return _with_step(s, replace(st, auto_share=p))


@reform(
    "assisted_application",
    label="帮代办",
    citation="002_dfd09f50bfb99d37.txt#L70",
    quote="“小赣事”帮代办服务",
    example="assisted_application: {steps: [apply], p_incomplete_factor: 0.5, prep_factor: 0.5}",
)
def assisted_application(
    s: Scenario,
    *,
    steps: Any,
    p_incomplete_factor: Any = 0.5,
    prep_factor: Any = 0.5,
    prep_steps: Any = None,
) -> Scenario:
    """A helper prepares the application: fewer incomplete documents, shorter preparation.

    At the listed steps the chance of incomplete documents is multiplied by
    ``p_incomplete_factor`` and the make-up time by ``prep_factor``. The applicant's own
    preparation steps (``prep_steps``; by default the listed steps done by the applicant or a
    third party) take ``prep_factor`` times as long. The defaults (0.5 and 0.5) are
    assumptions, not numbers from a plan: give your own where you have them.

    Parameters
    ----------
    steps : list
        Step ids the helper assists.
    p_incomplete_factor : float, optional
        Multiplies the chance of incomplete documents, 0-1 (default 0.5).
    prep_factor : float, optional
        Multiplies make-up and preparation times, (0, 1] (default 0.5).
    prep_steps : list, optional
        Applicant or third-party steps whose time shrinks (default: those among steps).
    """
    ids = steps_param(s, steps, "steps")
    f_p = number_param(p_incomplete_factor, "p_incomplete_factor", low=0.0, high=1.0)
    f_t = number_param(prep_factor, "prep_factor", low=0.0, high=1.0, strict=True)
    if prep_steps is None:
        prep = [x for x in ids if s.step(x).actor != "agency"]
    else:
        prep = steps_param(s, prep_steps, "prep_steps")
        for i, x in enumerate(prep):
            if s.step(x).actor == "agency":
                raise ReformError(
                    f"step '{x}' is agency work, not the applicant's preparation",
                    field=f"prep_steps[{i}]",
                    fix="name steps with actor: applicant or third_party",
                )
    assisted = [x for x, _ in s.rework if x in ids]
    if not assisted and not prep:
        raise ReformError(
            f"nothing to assist: {', '.join(ids)} have no rework (补正) and no applicant preparation",
            field="steps",
            fix="name steps with rework, or give prep_steps",
        )
    rework = tuple(
        (
            x,
            replace(rw, p_incomplete=rw.p_incomplete * f_p, makeup=rw.makeup.scaled(f_t))
            if x in ids
            else rw,
        )
        for x, rw in s.rework
    )
    new = tuple(
        replace(st, duration=st.duration.scaled(f_t)) if st.id in prep else st for st in s.steps
    )
    return replace(s, steps=new, rework=rework)


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
    if reading not in READINGS:
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
