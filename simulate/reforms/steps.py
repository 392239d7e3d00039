"""Reforms that change how steps are done: 告知承诺制, 全程网办, 秒批, 帮代办, 区域评估, 容缺受理.

The reforms that reshape the flow (并联审批, 联合审查, 模拟审批, 减环节) live in
:mod:`simulate.reforms.flow`, those on limits (压时限, 超时默认, 承诺时限) in
:mod:`simulate.reforms.limits` and those on desks (一窗受理, 增窗增人) in
:mod:`simulate.reforms.desks`; importing :mod:`simulate.reforms` registers them all. Each is
a pure function Scenario -> Scenario built with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.reforms.edit import edit_steps, insert_steps, with_flow_at, with_step
from simulate.reforms.makeups import check_makeups, edit_rework
from simulate.reforms.params import (
    desk_param,
    duration_param,
    flag_param,
    new_id,
    number_param,
    share_param,
    step_param,
    steps_param,
)
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.attributes import Channels
from simulate.scenario.flow import Choice, Detached, Flow, Serial, step_path
from simulate.scenario.model import Scenario, Step
from simulate.strings import text

__all__: list[str] = []


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
    scenario: Scenario, *, step: Any, check: Any, inspection: Any = None, revoke_share: Any = 0.0
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
    sid = step_param(scenario, step, "step")
    original = scenario.step(sid)
    checked = replace(
        original,
        duration=duration_param(check, "check"),
        label=f"{original.label}（告知承诺）" if original.label else "",
    )
    out = with_step(scenario, checked)
    extra_steps: list[Step] = []
    after: list[Flow] = []
    if inspection is not None:
        insp, share = _inspection(scenario, original, inspection)
        extra_steps.append(insp)
        after.append(Detached(insp.id, share, key=f"inspection:{sid}"))
    revoke = share_param(revoke_share, "revoke_share")
    if revoke > 0:
        redo = replace(
            original,
            id=new_id(scenario, f"{sid}_redo", "revoke_share"),
            label=f"{original.label or sid}（撤销后重新审批）",
            procedure=False,
            assumption=f"{revoke:.1%} of approvals revoked and reviewed again (notification_commitment)",
        )
        extra_steps.append(redo)
        after.append(Choice(((revoke, redo.id), (1.0 - revoke, Serial(()))), key=f"revoke:{sid}"))
    if not after:
        return out
    path = step_path(scenario.flow, sid)
    assert path is not None  # step_param checked the flow
    out = insert_steps(out, scenario.steps.index(original) + 1, extra_steps)
    return with_flow_at(out, path, Serial((sid, *after)))


def _inspection(scenario: Scenario, reviewed: Step, inspection: Any) -> tuple[Step, float]:
    """The after-approval inspection step of notification_commitment, and its share of cases."""
    if not isinstance(inspection, Mapping):
        raise ReformError(
            text("reform.steps.not_inspection", value=repr(inspection)),
            field="inspection",
            fix=text("reform.steps.write_inspection"),
        )
    for key in inspection:
        if key not in ("share", "desk", "duration", "label"):
            raise ReformError(
                text("field.unknown_key", key=key),
                field=f"inspection.{key}",
                fix=text("field.allowed", names="share, desk, duration, label"),
            )
    for key in ("share", "desk", "duration"):
        if key not in inspection:
            raise ReformError(
                text("reform.missing_key", key=key),
                field="inspection",
                fix=text("reform.param.add_key", key=key),
            )
    share = number_param(inspection["share"], "inspection.share", low=0.0, high=1.0, strict=True)
    step = Step(
        id=new_id(scenario, f"{reviewed.id}_inspection", "step"),
        label=str(inspection.get("label") or f"{reviewed.label or reviewed.id}事中事后核查"),
        desk=desk_param(scenario, inspection["desk"], "inspection.desk"),
        duration=duration_param(inspection["duration"], "inspection.duration"),
        procedure=False,
        stage=reviewed.stage,
        assumption=f"after-approval inspection of {share:.0%} of cases (notification_commitment)",
    )
    return step, share


@reform(
    "online",
    label="全程网办 / 不见面审批",
    citation="000_f80ffa6c48ad881a.txt#L24",
    quote="打造企业开办全程网办服务生态链",
    example="online: {steps: [apply], share: 0.8}",
)
def online(scenario: Scenario, *, steps: Any, any_hour: Any = None, share: Any = None) -> Scenario:
    """Named steps can be done online: with a channel mix, the online share rises to ``share``.

    With ``share`` (or when the scenario declares ``channels:``) the reform raises the share
    of cases submitted online to ``share`` and lets online cases do the listed steps without
    a visit (跑动) or trip; cases that still come in person visit as before. Online
    submissions keep the mix's profile (office hours on working days unless the mix says
    ``any_hour``, or ``any_hour: true`` is given here). Without ``share`` and without a
    channel mix, every case goes online: the listed steps lose their visit and travel, and
    submissions keep office hours on working days; with ``any_hour: true`` they arrive at
    any hour of any day (a reading that makes online look slower only because night and
    weekend submissions wait for the office to open). It is
    an error when the reform would change nothing, or would lower the online share. A mix
    whose shares vary by an attribute (``channels.by``) becomes one share, ``share``, for all.

    Parameters
    ----------
    steps : list
        Step ids done online.
    any_hour : bool, optional
        Online submissions at any hour (default: false, office hours on working days;
        with a channel mix, the mix's own profile).
    share : float, optional
        The share of cases submitted online after the reform (0-1); required when the
        scenario declares a channel mix.
    """
    ids = steps_param(scenario, steps, "steps")
    mix = scenario.channels
    if share is not None or mix is not None:
        return _raise_online_share(scenario, ids, any_hour, share)
    anytime = False if any_hour is None else flag_param(any_hour, "any_hour")
    changed = [x for x in ids if scenario.step(x).visit or scenario.step(x).travel is not None]
    arrivals = replace(scenario.arrivals, any_hour=True) if anytime else scenario.arrivals
    if not changed and arrivals == scenario.arrivals:
        why = text("reform.steps.already_any_hour" if anytime else "reform.steps.any_hour_false")
        raise ReformError(
            text("reform.steps.nothing_online", steps=", ".join(ids), why=why),
            field="steps",
            fix=text("reform.steps.name_visits"),
        )
    out = edit_steps(scenario, ids, lambda step: replace(step, visit=False, travel=None))
    return replace(out, arrivals=arrivals)


def _raise_online_share(scenario: Scenario, ids: list[str], any_hour: Any, share: Any) -> Scenario:
    """The channel-mix form of :func:`online`: a higher online share, the steps done online."""
    mix = scenario.channels
    if share is None:
        raise ReformError(
            text("reform.steps.say_share"),
            field="share",
            fix=text("reform.steps.add_share"),
        )
    new_share = share_param(share, "share")
    before = mix.online_share if mix is not None else 0.0
    if new_share < before:
        raise ReformError(
            text("reform.steps.lower_share", before=before, share=new_share),
            field="share",
            fix=text("reform.steps.share_at_least", before=before),
        )
    if mix is None:
        mix = Channels(online_share=new_share, steps=tuple(ids))
        steps_online: tuple[str, ...] = tuple(ids)
    else:
        steps_online = () if not mix.steps else tuple(dict.fromkeys([*mix.steps, *ids]))
    anytime = mix.any_hour if any_hour is None else flag_param(any_hour, "any_hour")
    # a mix by attribute becomes a plain one: the reform gives one share for every case
    out = replace(
        mix, online_share=new_share, steps=steps_online, any_hour=anytime, by=None, by_shares=()
    )
    if out == scenario.channels:
        raise ReformError(
            text("reform.steps.nothing_changes_online", share=new_share, steps=", ".join(ids)),
            field="share",
            fix=text("reform.steps.higher_share"),
        )
    return replace(scenario, channels=out)


@reform(
    "auto_approval",
    label="秒批 / 智能审批",
    citation="002_dfd09f50bfb99d37.txt#L70",
    quote="更多服务事项秒批秒办",
    example="auto_approval: {step: check, share: 0.5}",
)
def auto_approval(scenario: Scenario, *, step: Any, share: Any) -> Scenario:
    """An eligible share of cases is approved by the system at a step, without staff or time.

    Parameters
    ----------
    step : str
        A staffed step.
    share : float
        Share of cases approved automatically (0-1].
    """
    sid = step_param(scenario, step, "step")
    staffed = scenario.step(sid)
    if staffed.desk is None:
        raise ReformError(
            text("reform.steps.pure_delay", name=sid),
            field="step",
            fix=text("reform.steps.name_staffed"),
        )
    p = number_param(share, "share", low=0.0, high=1.0, strict=True)
    return with_step(scenario, replace(staffed, auto_share=p))


@reform(
    "assisted_application",
    label="帮代办",
    citation="002_dfd09f50bfb99d37.txt#L70",
    quote="“小赣事”帮代办服务",
    example="assisted_application: {steps: [apply], p_incomplete_factor: 0.5, prep_factor: 0.5}",
)
def assisted_application(
    scenario: Scenario,
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
    ids = steps_param(scenario, steps, "steps")
    f_p = number_param(p_incomplete_factor, "p_incomplete_factor", low=0.0, high=1.0)
    f_t = number_param(prep_factor, "prep_factor", low=0.0, high=1.0, strict=True)
    if prep_steps is None:
        prep = [x for x in ids if scenario.step(x).actor != "agency"]
    else:
        prep = steps_param(scenario, prep_steps, "prep_steps")
        for i, x in enumerate(prep):
            if scenario.step(x).actor == "agency":
                raise ReformError(
                    text("reform.steps.agency_work", name=x),
                    field=f"prep_steps[{i}]",
                    fix=text("reform.steps.name_preparation"),
                )
    assisted = [x for x, _ in scenario.rework if x in ids]
    if not assisted and not prep:
        raise ReformError(
            text("reform.steps.nothing_to_assist", steps=", ".join(ids)),
            field="steps",
            fix=text("reform.steps.name_assisted"),
        )
    out = edit_rework(
        scenario,
        ids,
        lambda rework: replace(
            rework, p_incomplete=rework.p_incomplete * f_p, makeup=rework.makeup.scaled(f_t)
        ),
    )
    return edit_steps(out, prep, lambda step: replace(step, duration=step.duration.scaled(f_t)))


@reform(
    "area_assessment",
    label="区域评估 / 标准地",
    citation="002_dfd09f50bfb99d37.txt#L139",
    quote="加快推进区域评估和前期策划生成工作",
    example="area_assessment: {steps: [eia, soil], share: 0.6}",
)
def area_assessment(scenario: Scenario, *, steps: Any, share: Any) -> Scenario:
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
    ids = steps_param(scenario, steps, "steps")
    p = number_param(share, "share", low=0.0, high=1.0, strict=True)
    out = scenario
    for x in ids:
        path = step_path(out.flow, x)
        assert path is not None  # steps_param checked the flow
        out = with_flow_at(
            out, path, Choice(((p, Serial(())), (1.0 - p, x)), key="area_assessment")
        )
    return out


@reform(
    "accept_incomplete",
    label="容缺受理 / 容缺办理",
    citation="001_e05e41bb51e4ff2b.txt#L57",
    quote="办理施工许可证可容缺受理",
    example="accept_incomplete: {steps: [apply], before: connect, p_fail: 0.05}",
)
def accept_incomplete(
    scenario: Scenario, *, steps: Any, before: Any = None, p_fail: Any = 0.0
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
    ids = steps_param(scenario, steps, "steps")
    with_rework = {x for x, _ in scenario.rework}
    for i, x in enumerate(ids):
        if x not in with_rework:
            raise ReformError(
                text("reform.steps.no_rework_to_accept", name=x),
                field=f"steps[{i}]",
                fix=text("reform.steps.add_rework", name=x),
            )
    due = None if before is None else step_param(scenario, before, "before")
    if due in ids:
        raise ReformError(
            text("reform.steps.due_before_itself", name=due),
            field="before",
            fix=text("reform.steps.name_later"),
        )
    fail = share_param(p_fail, "p_fail")
    out = edit_rework(
        scenario, ids, lambda rework: replace(rework, alongside=True, before=due, p_fail=fail)
    )
    if due is not None:
        check_makeups(out, "before", text("reform.makeup.when.flow"))
    return out
