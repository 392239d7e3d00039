"""Reforms on how applicants hand in their matters: 一件事一次办 / 一事联办, 一次性告知.

``one_application`` joins the applications of several matters into one intake (one queue,
one visit, one set of documents, one round of corrections); ``one_time_notice`` lets a
correction (补正) be asked for once, listing everything missing. Each is a pure function
Scenario -> Scenario built with :func:`dataclasses.replace`; importing
:mod:`simulate.reforms` registers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.reforms.edit import common_path, desk_hours_per_day, insert_steps, with_flow_at
from simulate.reforms.makeups import check_makeups, edit_rework, joint_rework
from simulate.reforms.params import new_step_param, number_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.flow import Parallel, Serial, node_at, step_path
from simulate.scenario.model import Scenario
from simulate.strings import text

__all__: list[str] = []


@reform(
    "one_application",
    label="一件事一次办 / 一事联办",
    citation="004_ae791fdead5d71ad.txt#L70",
    quote="巩固提升“一事联办”事项办理成效",
    example=(
        "one_application: {steps: [apply, permit], "
        "intake: {id: joint_intake, label: 一事联办专窗, desk: counter, duration: {working_hours: 0.5}}}"
    ),
)
def one_application(
    scenario: Scenario, *, steps: Any, intake: Any, documents: Any = None
) -> Scenario:
    """Several matters are applied for once: one intake in front of them takes the visit, the documents and the corrections.

    A new step ``intake`` (一事联办专窗, or the one online form of 一件事一次办) is put in
    front of the first listed step: in front of it in its sequence, or in front of the
    parallel whose branches the listed steps are. The listed steps keep their desks and
    times (each department still does its own work), but the applicant no longer comes to
    them: they lose their visits, travel and document counts. The intake needs a visit if
    any of them did (with the first one's travel), unless ``intake`` says ``visit``; it asks
    for the documents they asked for together, or ``documents`` where shared documents are
    handed in once. Their corrections (补正) are asked for once, at the intake: the chance is
    1 − ∏(1 − pᵢ) and the make-up takes the longest of theirs. It is an error when the listed
    steps had no visit, travel, documents or corrections to join.

    Parameters
    ----------
    steps : list
        Step ids (at least 2) of the matters applied for together, in one sequence or in
        branches of one parallel.
    intake : mapping
        The joint intake: ``{id, label, desk, duration}`` (also visit, documents, actor).
    documents : int, optional
        Documents the joint application asks for (default: the listed steps' counts summed,
        or the intake's own ``documents``).
    """
    ids = steps_param(scenario, steps, "steps", at_least=2)
    listed = [scenario.step(x) for x in ids]
    rework_ids = [x for x, _ in scenario.rework if x in ids]
    if not rework_ids and not any(
        s.visit or s.travel is not None or s.documents is not None for s in listed
    ):
        raise ReformError(
            text("reform.matters.nothing_to_apply", steps=", ".join(ids)),
            field="steps",
            fix=text("reform.matters.name_applications"),
        )
    step = new_step_param(scenario, intake, "intake")
    visiting = [s for s in listed if s.visit]
    if not (isinstance(intake, Mapping) and "visit" in intake) and visiting:
        step = replace(step, visit=True, travel=visiting[0].travel)
    counts = [s.documents for s in listed if s.documents is not None]
    if documents is not None:
        step = replace(step, documents=int(number_param(documents, "documents")))
    elif step.documents is None and counts:
        step = replace(step, documents=sum(counts))
    paths = [step_path(scenario.flow, x) for x in ids]
    lca = common_path([p for p in paths if p is not None])
    parent = node_at(scenario.flow, lca)
    if isinstance(parent, Serial):
        first = min(p[len(lca)] for p in paths if p is not None)
        node: Any = Serial((*parent.items[:first], step.id, *parent.items[first:]))
    elif isinstance(parent, Parallel):
        node = Serial((step.id, parent))
        outer = node_at(scenario.flow, lca[:-1]) if lca else None
        if isinstance(outer, Serial):  # in front of the parallel, in its own sequence
            k = lca[-1]
            lca, node = lca[:-1], Serial((*outer.items[:k], step.id, *outer.items[k:]))
    else:
        raise ReformError(
            text("reform.matters.options", steps=", ".join(ids)),
            field="steps",
            fix=text("reform.matters.list_together"),
        )
    position = min(scenario.steps.index(s) for s in listed)
    out = insert_steps(scenario, position, [step])
    out = with_flow_at(out, lca, node)
    out = replace(
        out,
        steps=tuple(
            replace(s, visit=False, travel=None, documents=None) if s.id in ids else s
            for s in out.steps
        ),
    )
    if rework_ids:
        hours = desk_hours_per_day(scenario, step.desk)
        out = replace(out, rework=joint_rework(out, rework_ids, step.id, hours))
    check_makeups(out, "steps", text("reform.makeup.when.one_application"))
    return out


@reform(
    "one_time_notice",
    label="一次性告知",
    citation="003_87c06e9262f1bed9.txt#L2",
    quote="推行一次性告知",
    example="one_time_notice: {steps: [apply]}",
)
def one_time_notice(scenario: Scenario, *, steps: Any, max_rounds: Any = 1) -> Scenario:
    """A correction (补正) lists everything missing at once: at most ``max_rounds`` send-backs.

    Without it, an application can come back again for something the first notice did not
    mention; each send-back is a new draw with the step's chance of incomplete documents, up
    to the step's ``max_rounds``. With 一次性告知 the first notice lists every missing
    document, so the make-up completes the application: the listed steps' ``max_rounds``
    becomes ``max_rounds`` (1 by default). The chance of a first send-back is unchanged. It
    is an error when a listed step has no rework or already allows no more rounds.

    Parameters
    ----------
    steps : list
        Step ids with rework (补正).
    max_rounds : int, optional
        Send-backs a case can have at each listed step after the reform (default 1).
    """
    ids = steps_param(scenario, steps, "steps")
    rounds = number_param(max_rounds, "max_rounds", low=1.0)
    if not rounds.is_integer():
        raise ReformError(
            text("field.not_whole", value=max_rounds),
            field="max_rounds",
            fix=text("reform.round"),
        )
    own = dict(scenario.rework)
    for i, x in enumerate(ids):
        if x not in own:
            raise ReformError(
                text("reform.matters.no_rework", name=x),
                field=f"steps[{i}]",
                fix=text("reform.matters.name_rework"),
            )
        if own[x].max_rounds <= rounds:
            raise ReformError(
                text("reform.matters.rounds_already", name=x, count=own[x].max_rounds),
                field="max_rounds",
                fix=text("reform.matters.fewer_rounds", name=x, count=own[x].max_rounds),
            )
    return edit_rework(scenario, ids, lambda rw: replace(rw, max_rounds=int(rounds)))
