"""Problems inside the reforms speak the chosen language: one from each reform module, with
its field and its fix, in Chinese under ``set_language("zh")`` and unchanged in English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import simulate as sim
from simulate.strings import set_language

#: Four steps: a visit with documents and 补正, a pure delay, a desk step, a natural-days wait.
WORDS: dict[str, Any] = {
    "name": "words",
    "start": "2024-03-04",
    "horizon_working_days": 3,
    "calendar": {"days": "every_day", "office_hours": "24h"},
    "arrivals": {"cohort": 4, "date": "2024-03-04"},
    "desks": {"counter": {"staff": 2}},
    "steps": [
        {
            "id": "apply",
            "desk": "counter",
            "duration": {"working_hours": 1},
            "visit": True,
            "documents": 5,
        },
        {"id": "filing", "duration": {"working_hours": 1}},
        {"id": "check", "desk": "counter", "duration": {"working_hours": 1}},
        {"id": "wait", "duration": {"natural_days": 2}},
    ],
    "flow": ["apply", "filing", "check", "wait"],
    "rework": {"apply": {"p_incomplete": 0.3, "makeup": {"natural_hours": 5}}},
}

#: (module, reform, parameters, make-up of apply due before check first?, Chinese, English):
#: each problem as "[field] message；fix" (Chinese) and "[field] message; fix" (English).
CASES: list[tuple[str, str, dict[str, Any], bool, str, str]] = [
    (
        "flow",
        "remove_steps",
        {"steps": ["apply", "filing", "check", "wait"]},
        False,
        "[remove_steps.steps] 会删除全部环节；请至少保留一个环节",
        "[remove_steps.steps] would remove every step; keep at least one step",
    ),
    (
        "edit",
        "parallel_approval",
        {"steps": ["apply", "check"]},
        False,
        "[parallel_approval.steps] 环节 apply, check 并不相邻：中间隔着 filing；"
        "请把 filing 也列上，或调整流程的顺序",
        "[parallel_approval.steps] steps apply, check are not consecutive: filing lies between "
        "them; list filing too, or reorder the flow",
    ),
    (
        "makeups",
        "parallel_approval",
        {"steps": ["apply", "filing", "check"]},
        True,
        "[parallel_approval.steps] 改为并联办理后，'check' 并非在每条路径上都排在 'apply' 之后，"
        "但 'apply' 容缺材料的补齐须在 'check' 之前完成；请去掉 'check' 或 'apply'，"
        "或让补齐晚些到期（accept_incomplete: {steps: [apply], before: ...}）",
        "[parallel_approval.steps] once they run in parallel, 'check' does not come after "
        "'apply' on every path, but the make-up of 'apply''s missing documents is due before "
        "'check'; leave 'check' or 'apply' out, or let the make-up be due later "
        "(accept_incomplete: {steps: [apply], before: ...})",
    ),
    (
        "makeups",
        "remove_steps",
        {"steps": ["check"]},
        True,
        "[remove_steps.steps] 'apply' 的材料须在 'check' 之前补齐，而 'check' 会被删除；"
        "请先用 accept_incomplete: {steps: [apply], before: ...} 改到另一个环节之前补齐",
        "[remove_steps.steps] the make-up of 'apply''s documents is due before 'check', which "
        "is removed; first apply accept_incomplete: {steps: [apply], before: ...} with another "
        "step",
    ),
    (
        "limits",
        "cap_duration",
        {"step": "wait", "working_days": 1},
        False,
        "[cap_duration.step] 环节 'wait' 以 natural_days 计时，无法用工作日封顶；"
        "请改用 working_days 或 working_hours 计时，或直接在情景中缩放该环节",
        "[cap_duration.step] step 'wait' is timed in natural_days, which working days cannot "
        "cap; time the step in working_days or working_hours, or scale it in the scenario",
    ),
    (
        "limits",
        "commitment_limit",
        {"statutory_working_days": 20, "speedup": 0.6, "reading": "faster"},
        False,
        "[commitment_limit.reading] reading 须说明如何理解“提速”（实际为 'faster'）；"
        "reading: time_cut（时限 = 法定时限 × (1 − speedup)：提速 60% 即法定时限的 40%）；"
        "reading: speed_up（时限 = 法定时限 / (1 + speedup)：提速 60% 即法定时限的 "
        "1/1.6 = 62.5%）",
        "[commitment_limit.reading] reading must say how to read the speed-up (got 'faster'); "
        "reading: time_cut (limit = statutory × (1 − speedup): 60% faster is 40% of the "
        "statutory limit); reading: speed_up (limit = statutory / (1 + speedup): 60% faster is "
        "1/1.6 = 62.5% of the statutory limit)",
    ),
    (
        "steps",
        "auto_approval",
        {"step": "filing", "share": 0.5},
        False,
        "[auto_approval.step] 环节 'filing' 只是一段等待，没有窗口：没有可以免去的人工办理；"
        "请写一个有人员办理的环节（有 desk 的环节）",
        "[auto_approval.step] step 'filing' is a pure delay with no desk: no staff to skip; "
        "name a staffed step (one with a desk)",
    ),
    (
        "steps",
        "assisted_application",
        {"steps": ["check"]},
        False,
        "[assisted_application.steps] 无需帮办：check 既没有补正，也没有申请人的准备环节；"
        "请写有补正的环节，或给出 prep_steps",
        "[assisted_application.steps] nothing to assist: check have no rework and no applicant "
        "preparation; name steps with rework, or give prep_steps",
    ),
    (
        "documents",
        "fewer_documents",
        {"steps": ["check"], "cut": 0.5},
        False,
        "[fewer_documents.steps] check 没有写材料数量；"
        "请为这些环节添加 documents: N，或改选有材料数量的环节",
        "[fewer_documents.steps] check give no document count; add documents: N to those "
        "steps, or name steps that have it",
    ),
    (
        "desks",
        "staffing",
        {"desk": "counter", "staff": 2.5},
        False,
        "[staffing.staff] 应为整数，实际为 2.5；请取整",
        "[staffing.staff] must be a whole number, got 2.5; round it",
    ),
    (
        "desks",
        "staffing",
        {"desk": "counter"},
        False,
        "[staffing.desk] 没有任何改变；请给出 staff:、hours: 或 every_day:",
        "[staffing.desk] changes nothing; give staff:, hours: or every_day:",
    ),
    (
        "matters",
        "one_time_notice",
        {"steps": ["check"]},
        False,
        "[one_time_notice.steps[0]] 环节 'check' 没有补正，无从一次性告知；"
        "请写在 rework 中有记录的环节",
        "[one_time_notice.steps[0]] step 'check' has no rework to notify once; name steps with "
        "a rework entry",
    ),
    (
        "registry",
        "remove_steps",
        {},
        False,
        "[remove_steps.steps] 缺少参数 'steps'；"
        "remove_steps 的参数：steps；见 `simulate reforms`（remove_steps）",
        "[remove_steps.steps] missing parameter 'steps'; remove_steps takes: steps; see "
        "`simulate reforms` (remove_steps)",
    ),
]


@pytest.fixture
def language() -> Iterator[None]:
    yield
    set_language(None)


def problem(language: str, name: str, params: dict[str, Any], due_before_check: bool) -> str:
    """The one problem ``name`` with ``params`` reports, in ``language``."""
    scenario = sim.scenario_from_dict(WORDS)
    if due_before_check:
        scenario = sim.apply_reform(scenario, "accept_incomplete", steps=["apply"], before="check")
    set_language(language)
    with pytest.raises(sim.ScenarioError) as caught:
        sim.apply_reform(scenario, name, **params)
    (only,) = caught.value.problems  # one problem, its line "<情景>: [field] message；fix"
    return str(only).split(": ", 1)[1]


@pytest.mark.parametrize(
    ("module", "name", "params", "due_before_check", "chinese", "english"),
    CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES],
)
def test_a_reform_problem_reads_in_chinese_and_in_english(
    language: None,
    module: str,
    name: str,
    params: dict[str, Any],
    due_before_check: bool,
    chinese: str,
    english: str,
) -> None:
    assert problem("zh", name, params, due_before_check) == chinese
    assert problem("en", name, params, due_before_check) == english


def test_every_reform_module_has_a_problem_in_both_languages() -> None:
    modules = {case[0] for case in CASES}
    assert modules == {
        "flow",
        "edit",
        "makeups",
        "limits",
        "steps",
        "documents",
        "desks",
        "matters",
        "registry",
    }


def test_a_malformed_reforms_entry_reads_in_chinese(language: None) -> None:
    set_language("zh")
    with pytest.raises(sim.ScenarioError) as caught:
        sim.scenario_from_dict({**WORDS, "reforms": [42]})
    assert "[reforms[0]] 每项改革应写作 `举措名: {参数}`，实际为 42；" in str(caught.value)
    assert "例如写 - parallel_approval: {steps: [a, b]}" in str(caught.value)
