"""Reforms on utility connections: 水电气网联合报装 (one joint intake for several utilities).

``joint_connection`` puts one intake (一表申请、一口受理) in front of the application steps of
several utility connections (water, power, gas, network) that a new building or firm asks for
together. It uses the machinery of ``one_application`` (一事联办) and adds what a joint
utility form does: the documents every utility asks for (营业执照, 身份证明, 产权证明) are
handed in once. Importing :mod:`simulate.reforms` registers it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.reforms.edit import edit_steps
from simulate.reforms.matters import one_application
from simulate.reforms.params import number_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.model import Scenario
from simulate.strings import text

__all__: list[str] = []


@reform(
    "joint_connection",
    label="水电气网联合报装",
    citation="002_dfd09f50bfb99d37.txt#L30",
    quote="推动水电气网（宽带）联合报装，实现“一表申请、一口受理、一站服务、一窗咨询”",
    example=(
        "joint_connection: {steps: [apply, permit], "
        "intake: {id: joint_intake, label: 水电气网联合报装窗口, desk: counter, "
        "duration: {working_hours: 0.5}}}"
    ),
)
def joint_connection(
    scenario: Scenario, *, steps: Any, intake: Any, shared_documents: Any = 0
) -> Scenario:
    """Several utility connections are applied for on one form at one window (一表申请、一口受理).

    The listed steps are the applications of the utilities (each at its own counter); they are
    usually the first steps of the branches of one parallel, one branch a utility. As with
    ``one_application``, a new step ``intake`` is put in front of them (in front of the
    parallel), takes the visit (with the first application's travel) and the corrections (补正:
    asked for once, the chance 1 − ∏(1 − pᵢ), the make-up the longest of theirs); the listed
    steps keep their desks and times (each utility still registers its order) but the
    applicant no longer comes to them, so they stop being procedures (环节) of their own: the
    applicant's one procedure is the joint intake. The joint form asks for the documents the applications
    asked for together, less those they share: with ``shared_documents`` = s and n listed
    steps giving a count, the intake asks for Σ documents − (n − 1)·s (the shared ones handed
    in once). It is an error when ``shared_documents`` is larger than the smallest count, or
    is given while fewer than two listed steps give a count.

    Parameters
    ----------
    steps : list
        Application steps (at least 2) of the utilities connected together.
    intake : mapping
        The joint intake: ``{id, label, desk, duration}`` (also visit, documents, actor).
    shared_documents : int, optional
        Documents every listed application asks for (handed in once on the joint form;
        default 0).
    """
    ids = steps_param(scenario, steps, "steps", at_least=2)
    shared = number_param(shared_documents, "shared_documents")
    if not shared.is_integer():
        raise ReformError(
            text("field.not_whole", value=shared_documents),
            field="shared_documents",
            fix=text("reform.round"),
        )
    documents: int | None = None
    if shared > 0:
        counts = [c for c in (scenario.step(x).documents for x in ids) if c is not None]
        if len(counts) < 2:
            raise ReformError(
                text("reform.utilities.no_shared"),
                field="shared_documents",
                fix=text("reform.utilities.add_counts"),
            )
        if shared > min(counts):
            raise ReformError(
                text("reform.utilities.too_many_shared", shared=int(shared), least=min(counts)),
                field="shared_documents",
                fix=text("reform.utilities.at_most", least=min(counts)),
            )
        documents = sum(counts) - (len(counts) - 1) * int(shared)
    out = one_application(scenario, steps=ids, intake=intake, documents=documents)
    return edit_steps(out, ids, lambda step: replace(step, procedure=False))
