"""Reforms that cut the documents an applicant hands in: 材料压减, 免提交 / 免证办 / 数据共享.

A step's ``documents`` is the count it asks for (材料数, checked by a ``documents``
target). Cutting documents may also cut the chance that they are incomplete (补正), where
the scenario file says so with ``incomplete_cut``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulate.reforms.edit import edit_steps
from simulate.reforms.makeups import edit_rework
from simulate.reforms.params import share_param, steps_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.model import Scenario, Step
from simulate.strings import text

__all__: list[str] = []


@reform(
    "fewer_documents",
    label="材料压减 / 免提交 / 免证办（数据共享）",
    citation="000_f80ffa6c48ad881a.txt#L27",
    quote="审批材料压减30%以上",
    example="fewer_documents: {steps: [apply], cut: 0.3, incomplete_cut: 0.3}",
)
def fewer_documents(
    scenario: Scenario, *, steps: Any, cut: Any, incomplete_cut: Any = 0.0
) -> Scenario:
    """The listed steps ask for a share ``cut`` fewer documents (rounded to whole documents).

    Each step's ``documents`` becomes ``round(n * (1 - cut))``; ``cut: 1`` is 免提交 (the
    documents come from shared data). 免证办 (002 line 253: licences and certificates
    fetched from the electronic licence library, 电子证照, instead of handed in) is the cut
    of the share of a step's documents that are certificates. With ``incomplete_cut`` the chance that the
    documents are incomplete at those steps (their rework's ``p_incomplete``) falls by that
    share too; by default it stays, since fewer documents need not mean fewer mistakes. It
    is an error when a listed step gives no document count, or nothing would change.

    Parameters
    ----------
    steps : list
        Step ids whose documents are cut.
    cut : float
        Share of the documents removed (0-1).
    incomplete_cut : float, optional
        Share by which ``p_incomplete`` of those steps' rework falls (default 0).
    """
    ids = steps_param(scenario, steps, "steps")
    share = share_param(cut, "cut")
    fewer = share_param(incomplete_cut, "incomplete_cut")
    missing = [x for x in ids if scenario.step(x).documents is None]
    if missing:
        raise ReformError(
            text("reform.documents.no_count", steps=", ".join(missing)),
            field="steps",
            fix=text("reform.documents.add_count"),
        )

    def cut_step(step: Step) -> Step:
        return replace(step, documents=round((step.documents or 0) * (1.0 - share)))

    out = edit_steps(scenario, ids, cut_step)
    if fewer > 0:
        out = edit_rework(
            out, ids, lambda rw: replace(rw, p_incomplete=rw.p_incomplete * (1.0 - fewer))
        )
    if out == scenario:
        raise ReformError(
            text("reform.documents.no_whole"),
            field="cut",
            fix=text("reform.documents.larger_cut"),
        )
    return out
