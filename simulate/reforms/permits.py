"""Reforms on permits: 先建后验, 一业一证 and 证照分离 (取消审批 / 审批改备案 / 告知承诺).

``build_first`` takes named approvals off the path before construction starts (they run
during construction, or give way to one check at completion); ``one_industry_permit`` merges
the permits an industry needs into one comprehensive permit (one application, the
departments' reviews side by side, one permit issued); ``separate_permits`` applies the
three measures of 证照分离 to named permits. Each is a pure function Scenario -> Scenario
built from the flow and step edits the other reforms use; importing :mod:`simulate.reforms`
registers them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.reforms.edit import common_path, edit_steps, insert_steps, sequence_items
from simulate.reforms.flow import parallel_approval, remove_steps
from simulate.reforms.makeups import check_makeups, check_none_due_before
from simulate.reforms.matters import one_application
from simulate.reforms.params import duration_param, new_step_param, step_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.reforms.steps import notification_commitment
from simulate.scenario.flow import (
    Flow,
    Parallel,
    Serial,
    flow_steps,
    node_at,
    replace_at,
    step_path,
)
from simulate.scenario.model import Scenario
from simulate.strings import text

__all__: list[str] = []


# -- 先建后验 ---------------------------------------------------------------------------------
@reform(
    "build_first",
    label="先建后验",
    citation="004_ae791fdead5d71ad.txt#L36",
    quote="除房地产项目和重大基础设施建设项目外,将“先建后验”",
    example=("build_first: {steps: [fire, civil_defence], construction: connect}"),
)
def build_first(
    scenario: Scenario, *, steps: Any, construction: Any, check: Any = None
) -> Scenario:
    """Named approvals no longer hold up the start of construction: they are verified at completion.

    The listed steps (approvals that follow one another in one sequence, before the
    ``construction`` step on the case's path) leave their place: construction starts without
    them. Without ``check`` they run alongside construction (the project builds on its
    commitment while the departments approve), and what follows construction (the completion
    acceptance) waits for both: the approvals still cost time when they outlast the works.
    With ``check`` (a new step) they are dropped, with their rework, and the one check at
    completion (验) runs right after construction instead. The plans apply it to eligible
    projects only (004 line 36: not real estate or major infrastructure): use it in the
    variant of an eligible project. It is an error when ``construction`` does not come after
    the listed steps in one sequence, or shares their flow node.

    Parameters
    ----------
    steps : list
        Approval steps, consecutive in one sequence, before construction.
    construction : str
        The construction step (施工建设) they no longer precede.
    check : mapping, optional
        A new step ``{id, label, desk, duration}`` that replaces them after construction.
    """
    ids = steps_param(scenario, steps, "steps")
    build = step_param(scenario, construction, "construction")
    if build in ids:
        raise ReformError(
            text("reform.permits.both", name=build),
            field="steps",
            fix=text("reform.permits.leave_out", name=build),
        )
    if len(ids) == 1:
        own = step_path(scenario.flow, ids[0])
        assert own is not None  # steps_param checked the flow
        lca, hits = own[:-1], [own[-1]] if own else [0]
        if not own or not isinstance(node_at(scenario.flow, lca), Serial):
            raise ReformError(
                text("reform.permits.not_in_sequence", name=ids[0]),
                field="steps",
                fix=text("reform.permits.name_approvals"),
            )
    else:
        lca, hits = sequence_items(scenario, ids, "steps")
    seq = node_at(scenario.flow, lca)
    assert isinstance(seq, Serial)  # sequence_items checked it
    nodes = [seq.items[i] for i in hits]
    inside = [x for node in nodes for x in flow_steps(node) if x not in ids]
    if inside:
        raise ReformError(
            text("reform.permits.share_node", steps=", ".join(inside)),
            field="steps",
            fix=text("reform.permits.list_too", steps=", ".join(inside)),
        )
    last = (*lca, hits[-1])
    built = step_path(scenario.flow, build)
    assert built is not None  # step_param checked the flow
    shared = common_path([last, built])
    after = (
        len(shared) < len(last)
        and isinstance(node_at(scenario.flow, shared), Serial)
        and built[len(shared)] > last[len(shared)]
    )
    if not after:
        raise ReformError(
            text("reform.permits.not_after", name=build, steps=", ".join(ids)),
            field="construction",
            fix=text("reform.permits.name_construction"),
        )
    moved: Flow = nodes[0] if len(nodes) == 1 else Serial(tuple(nodes))
    out = scenario
    if check is None:
        flow = replace_at(scenario.flow, built, Parallel((build, moved)))
    else:
        step = new_step_param(scenario, check, "check")
        check_none_due_before(scenario, frozenset(ids), "steps")
        holder = node_at(scenario.flow, built[:-1]) if built else None
        if isinstance(holder, Serial):  # the check joins the construction's sequence
            k = built[-1]
            spliced = Serial((*holder.items[:k], build, step.id, *holder.items[k + 1 :]))
            flow = replace_at(scenario.flow, built[:-1], spliced)
        else:
            flow = replace_at(scenario.flow, built, Serial((build, step.id)))
        position = scenario.steps.index(scenario.step(build)) + 1
        out = insert_steps(scenario, position, [step])
        out = replace(
            out,
            steps=tuple(s for s in out.steps if s.id not in ids),
            rework=tuple((x, rw) for x, rw in out.rework if x not in ids),
        )
    left = node_at(flow, lca)
    assert isinstance(left, Serial)
    flow = replace_at(flow, lca, Serial((*left.items[: hits[0]], *left.items[hits[-1] + 1 :])))
    out = replace(out, flow=flow)
    check_makeups(out, "steps", text("reform.permits.after_start"))
    return out


# -- 一业一证 ---------------------------------------------------------------------------------
@reform(
    "one_industry_permit",
    label="一业一证 / 一企一证",
    citation="004_ae791fdead5d71ad.txt#L54",
    quote="实施“一企一证”“一业一证”改革",
    example=(
        "one_industry_permit: {steps: [apply, filing, check], "
        "intake: {id: industry_intake, label: 一业一证综合窗口, desk: counter, "
        "duration: {working_hours: 0.5}}, "
        "issue: {id: industry_permit, label: 核发行业综合许可证, desk: counter, "
        "duration: {working_hours: 0.2}}}"
    ),
)
def one_industry_permit(
    scenario: Scenario, *, steps: Any, intake: Any, issue: Any = None, documents: Any = None
) -> Scenario:
    """The permits one industry needs become one comprehensive permit: one application, one flow.

    The listed permit steps (each a department's permit, applied for separately) are merged
    into "one chain, one process" (一链一流程, 004 line 54): a new step ``intake`` takes the one
    application in front of them, with the visit, the documents and the corrections, as in
    ``one_application``; the departments' reviews then run side by side (steps of one
    sequence become parallel branches) and stop being procedures of their own: the applicant
    deals only with the intake (and ``issue``, when given). A permit written as a list of
    steps is one branch, its steps in order. With ``issue``, a new step after
    the reviews issues the comprehensive permit (行业综合许可证, 统一出证). The reviews keep
    their desks and times.

    Parameters
    ----------
    steps : list
        Permits (at least 2), consecutive in one sequence or branches of one parallel: a step
        id each, or a list of the steps of one permit in order (``[food_accept, food_review]``).
    intake : mapping
        The one application: ``{id, label, desk, duration}`` (also visit, documents, actor).
    issue : mapping, optional
        A new step after the reviews that issues the comprehensive permit.
    documents : int, optional
        Documents the one application asks for (default: the permits' counts summed).
    """
    if not isinstance(steps, list | tuple) or len(steps) < 2:
        raise ReformError(
            text("reform.permits.too_few", value=repr(steps)),
            field="steps",
            fix=text("reform.permits.write_permits"),
        )
    groups = [
        steps_param(scenario, list(item), f"steps[{i}]")
        if isinstance(item, list | tuple)
        else [step_param(scenario, item, f"steps[{i}]")]
        for i, item in enumerate(steps)
    ]
    ids = [x for group in groups for x in group]
    out = one_application(scenario, steps=ids, intake=intake, documents=documents)
    paths = [p for p in (step_path(out.flow, x) for x in ids) if p is not None]
    if isinstance(node_at(out.flow, common_path(paths)), Serial):
        out = parallel_approval(out, steps=[g[0] if len(g) == 1 else g for g in groups])
    out = edit_steps(out, ids, lambda step: replace(step, procedure=False))
    if issue is None:
        return out
    step = new_step_param(out, issue, "issue")
    paths = [p for p in (step_path(out.flow, x) for x in ids) if p is not None]
    group = common_path(paths)
    parent = node_at(out.flow, group[:-1])
    if not group or not isinstance(parent, Serial):  # pragma: no cover - one_application ensures it
        raise ReformError(text("reform.permits.reviews_apart"), field="issue")
    k = group[-1]
    node = Serial((*parent.items[: k + 1], step.id, *parent.items[k + 1 :]))
    last = max(out.steps.index(out.step(x)) for x in ids)
    out = insert_steps(out, last + 1, [step])
    return replace(out, flow=replace_at(out.flow, group[:-1], node))


# -- 证照分离 ---------------------------------------------------------------------------------
@reform(
    "separate_permits",
    label="证照分离 / 照后减证 / 审批改备案",
    citation="004_ae791fdead5d71ad.txt#L53",
    quote='大力推进"照后减证”、 审批改备案,全面推行告知承诺制',
    example=(
        "separate_permits: {cancel: [soil], filing: [eia], filing_time: {working_hours: 0.5}, "
        "commitment: [fire], check: {working_hours: 1}}"
    ),
)
def separate_permits(
    scenario: Scenario,
    *,
    cancel: Any = None,
    filing: Any = None,
    filing_time: Any = None,
    commitment: Any = None,
    check: Any = None,
) -> Scenario:
    """After the business licence, named permits are cancelled, turned into filings, or granted on commitment.

    The three measures of 证照分离 (004 line 53: 取消审批、改为备案或实行告知承诺): the steps in
    ``cancel`` leave the flow with their rework (as ``remove_steps``); the steps in ``filing``
    become filings (审批改备案): recorded as handed in, they take ``filing_time`` instead of
    their review and are no longer sent back for corrections (their rework is dropped); the
    steps in ``commitment`` become commitment checks taking ``check`` (as
    ``notification_commitment``, without an inspection). A step may be in one list only.

    Parameters
    ----------
    cancel : list, optional
        Permit steps abolished (取消审批).
    filing : list, optional
        Permit steps turned into filings (审批改备案).
    filing_time : duration, optional
        Time of a filing at its desk; required with ``filing``.
    commitment : list, optional
        Permit steps granted on the applicant's commitment (告知承诺).
    check : duration, optional
        Time of the commitment check; required with ``commitment``.
    """
    lists = {"cancel": cancel, "filing": filing, "commitment": commitment}
    ids = {key: steps_param(scenario, v, key) if v is not None else [] for key, v in lists.items()}
    if not any(ids.values()):
        raise ReformError(
            text("reform.desks.changes_nothing"),
            field="cancel",
            fix=text("reform.permits.give_measure"),
        )
    seen: dict[str, str] = {}
    for key, listed in ids.items():
        for x in listed:
            if x in seen:
                raise ReformError(
                    text("reform.permits.in_both", name=x, first=seen[x], second=key),
                    field=key,
                    fix=text("reform.permits.one_measure"),
                )
            seen[x] = key
    for key, listed, extra, name in (
        ("filing", ids["filing"], filing_time, "filing_time"),
        ("commitment", ids["commitment"], check, "check"),
    ):
        if listed and extra is None:
            raise ReformError(
                text("reform.missing_parameter", key=name),
                field=name,
                fix=text("reform.permits.give_with", name=name, key=key),
            )
        if extra is not None and not listed:
            raise ReformError(
                text("reform.permits.without", name=name, key=key),
                field=name,
                fix=text("reform.permits.list_in", key=key),
            )
    out = scenario
    if ids["filing"]:
        took = duration_param(filing_time, "filing_time")
        out = edit_steps(
            out,
            ids["filing"],
            lambda step: replace(
                step, duration=took, label=f"{step.label}（备案）" if step.label else ""
            ),
        )
        out = replace(out, rework=tuple((x, rw) for x, rw in out.rework if x not in ids["filing"]))
    for x in ids["commitment"]:
        out = notification_commitment(out, step=x, check=check)
    if ids["cancel"]:
        try:
            out = remove_steps(out, steps=ids["cancel"])
        except ReformError as err:
            raise ReformError(err.message, field="cancel", fix=err.fix) from None
    return out
