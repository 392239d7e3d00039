"""The registered reforms that change steps, desks, rework and arrivals.

告知承诺制, 一窗受理, 全程网办, 秒批, 帮代办, 区域评估 and 容缺受理 live here. The reforms that
reshape the flow (并联审批, 联合审查, 模拟审批, 减环节) live in :mod:`simulate.reforms.flow`
and those on limits and capacity (压时限, 超时默认, 增窗增人, 承诺时限) in
:mod:`simulate.reforms.limits`; importing :mod:`simulate.reforms` registers them all. Each is a pure function Scenario -> Scenario built with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.calendar import OfficeHours
from simulate.reforms.flow import check_makeups
from simulate.reforms.registry import (
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
from simulate.scenario.flow import Choice, Detached, Flow, Serial, replace_at, step_path
from simulate.scenario.model import Desk, Scenario, Step

__all__: list[str] = []


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
    after: list[Flow] = []
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
        after.append(Choice(((revoke, redo.id), (1.0 - revoke, Serial(()))), key=f"revoke:{sid}"))
    if not after:
        return out
    path = step_path(s.flow, sid)
    assert path is not None  # step_param checked the flow
    pos = s.steps.index(original) + 1
    return replace(
        out,
        steps=(*out.steps[:pos], *extra_steps, *out.steps[pos:]),
        flow=replace_at(s.flow, path, Serial((sid, *after))),
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
    """An assistant (帮办代办员) prepares the application: fewer incomplete documents, shorter preparation.

    At the listed steps the chance of incomplete documents is multiplied by
    ``p_incomplete_factor`` and the make-up time by ``prep_factor``. The applicant's own
    preparation steps (``prep_steps``; by default the listed steps done by the applicant or a
    third party) take ``prep_factor`` times as long. The defaults (0.5 and 0.5) are
    assumptions, not numbers from a plan: give your own where you have them.

    Parameters
    ----------
    steps : list
        Step ids the assistant takes over.
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
    "area_assessment",
    label="区域评估 / 标准地",
    citation="002_dfd09f50bfb99d37.txt#L139",
    quote="加快推进区域评估和前期策划生成工作",
    example="area_assessment: {steps: [eia, soil], share: 0.6}",
)
def area_assessment(s: Scenario, *, steps: Any, share: Any) -> Scenario:
    """Named evaluations are skipped for the share of projects in pre-assessed zones.

    One draw per case decides whether its project lies in a pre-assessed zone, so a project
    there skips every listed evaluation (and a second area_assessment uses the same draw).

    Parameters
    ----------
    steps : list
        Step ids of the evaluations the zone's assessment covers.
    share : float
        Share of projects in pre-assessed zones (0-1].
    """
    ids = steps_param(s, steps, "steps")
    p = number_param(share, "share", low=0.0, high=1.0, strict=True)
    flow = s.flow
    for x in ids:
        path = step_path(flow, x)
        assert path is not None  # steps_param checked the flow
        flow = replace_at(
            flow, path, Choice(((p, Serial(())), (1.0 - p, x)), key="area_assessment")
        )
    return replace(s, flow=flow)


@reform(
    "accept_incomplete",
    label="容缺受理 / 容缺办理",
    citation="001_e05e41bb51e4ff2b.txt#L57",
    quote="办理施工许可证可容缺受理",
    example="accept_incomplete: {steps: [apply], before: connect, p_fail: 0.05}",
)
def accept_incomplete(
    s: Scenario, *, steps: Any, before: Any = None, p_fail: Any = 0.0
) -> Scenario:
    """Incomplete documents no longer send the case back: the make-up runs alongside.

    At the named steps (each needs a ``rework`` entry), a case with missing documents goes
    on; the applicant's make-up runs in parallel and must be done before step ``before``
    starts (or before the case finishes). With probability ``p_fail`` a make-up fails and the
    step is done again at that point.

    Parameters
    ----------
    steps : list
        Step ids with rework (补正) to accept with missing documents.
    before : str, optional
        Step that may not start before the make-up is done (default: the end of the case).
    p_fail : float, optional
        Probability a make-up fails and the step is redone (default 0).
    """
    ids = steps_param(s, steps, "steps")
    rework = dict(s.rework)
    for i, x in enumerate(ids):
        if x not in rework:
            raise ReformError(
                f"step '{x}' has no rework (补正) to accept with missing documents",
                field=f"steps[{i}]",
                fix=f"add rework: {{{x}: {{p_incomplete: ..., makeup: ...}}}} or leave it out",
            )
    due = None if before is None else step_param(s, before, "before")
    if due in ids:
        raise ReformError(
            f"the make-up of '{due}' cannot be due before '{due}' itself",
            field="before",
            fix="name a step that comes later, or leave before out (due at the end of the case)",
        )
    fail = share_param(p_fail, "p_fail")
    new = tuple(
        (x, replace(rw, alongside=True, before=due, p_fail=fail) if x in ids else rw)
        for x, rw in s.rework
    )
    out = replace(s, rework=new)
    if due is not None:
        check_makeups(out, "before", "in this flow")
    return out
