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
    (
        "utilities",
        "joint_connection",
        {
            "steps": ["apply", "check"],
            "intake": {"id": "joint", "desk": "counter", "duration": {"working_hours": 0.5}},
            "shared_documents": 2,
        },
        False,
        "[joint_connection.shared_documents] 列出的环节中写了材料数量的不足两个：没有可共用的材料；"
        "请为各项报装申请添加 documents: N，或不写 shared_documents",
        "[joint_connection.shared_documents] fewer than two listed steps give a document count: "
        "nothing is shared; add documents: N to the applications, or leave shared_documents out",
    ),
    (
        "offices",
        "front_back_office",
        {"steps": ["apply", "check"], "into": "front", "staff": 2},
        False,
        "[front_back_office.steps] 列出的环节都在窗口 'counter'：没有可合并的；"
        "请列出至少两个部门的受理环节（或改用 staffing）",
        "[front_back_office.steps] every listed step is at desk 'counter': nothing to pool; "
        "list intake steps of at least two departments (or use staffing)",
    ),
    (
        "permits",
        "separate_permits",
        {"cancel": ["check"], "filing": ["check"]},
        False,
        "[separate_permits.filing] 环节 'check' 同时列在 cancel 和 filing 中；每项许可只用一种方式",
        "[separate_permits.filing] step 'check' is in both cancel and filing; give each permit "
        "one measure",
    ),
    (
        "permits",
        "build_first",
        {"steps": ["filing"], "construction": "apply"},
        False,
        "[build_first.construction] 'apply' 并不在同一串联序列中排在 filing 之后；"
        "请写在每条路径上都排在这些审批之后的施工环节",
        "[build_first.construction] 'apply' does not follow filing in one sequence; name the "
        "construction step that comes after the approvals on every path",
    ),
    (
        "queues",
        "batch_handling",
        {"step": "check"},
        False,
        "[batch_handling.step] 没有任何改变；请给出 every_working_days:、size: 或两者都给",
        "[batch_handling.step] changes nothing; give every_working_days:, size: or both",
    ),
    (
        "queues",
        "green_channel",
        {"desks": ["counter"], "when": 5},
        False,
        "[green_channel.when] 应把属性映射到条件，实际为 5；"
        "例如写 when: {exporter_class: class1} 或 when: {capacity_kva: {max: 160}}",
        "[green_channel.when] must map attributes to tests, got 5; "
        "when: {exporter_class: class1} or when: {capacity_kva: {max: 160}}",
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
        "utilities",
        "offices",
        "permits",
        "queues",
    }


def test_a_malformed_reforms_entry_reads_in_chinese(language: None) -> None:
    set_language("zh")
    with pytest.raises(sim.ScenarioError) as caught:
        sim.scenario_from_dict({**WORDS, "reforms": [42]})
    assert "[reforms[0]] 每项改革应写作 `举措名: {参数}`，实际为 42；" in str(caught.value)
    assert "例如写 - parallel_approval: {steps: [a, b]}" in str(caught.value)


#: Case attributes for the problems of the fields that test them.
PROJECT = {"project": {"shares": {"simple": 0.5, "complex": 0.5}}}

#: (what, scenario fields over WORDS, Chinese, English): a reform for some cases
#: (simulate/reforms/conditional.py) and the fields that route cases or start them in batches.
FIELD_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "reform-when",
        {"reforms": [{"staffing": {"desk": "counter", "staff": 3, "when": {"project": "simple"}}}]},
        "[reforms[0].staffing.when] 此改革调整窗口人员，窗口为所有办件服务，不能只对部分办件适用；"
        "删去 when（改革适用于所有办件），或改用按环节的改革",
        "[reforms[0].staffing.when] this reform changes desks, which serve every case alike: it "
        "cannot apply to some cases only; drop when (the reform applies to every case) or use a "
        "reform of steps",
    ),
    (
        "reform-when-value",
        {
            "reforms": [
                {"cap_duration": {"step": "apply", "working_days": 1, "when": {"project": "x"}}}
            ]
        },
        "[reforms[0].cap_duration.when.project] 'project' 没有取值 'x'；可选：simple, complex",
        "[reforms[0].cap_duration.when.project] 'project' has no value 'x'; known: simple, complex",
    ),
    (
        "batch",
        {"steps": [*WORDS["steps"][:2], {**WORDS["steps"][2], "batch": 5}, WORDS["steps"][3]]},
        "[steps[2].batch] 应为映射（{every_working_days: N} 或 {size: k}），实际为 5；写作 {键: 值, ...}",
        "[steps[2].batch] must be a mapping ({every_working_days: N} or {size: k}), got 5; "
        "write it as {key: value, ...}",
    ),
    (
        "priority-unknown",
        {"desks": {"counter": {"staff": 2, "priority": {"kind": "fast"}}}},
        "[desks.counter.priority.kind] 未知的属性 'kind'；在 attributes: 中声明它",
        "[desks.counter.priority.kind] unknown attribute 'kind'; declare it under attributes:",
    ),
    (
        "priority-category",
        {"desks": {"counter": {"staff": 2, "priority": {"project": {"max": 3}}}}},
        "[desks.counter.priority.project] 'project' 是类别：应写出它的取值；请写其中之一：simple, complex",
        "[desks.counter.priority.project] 'project' is a category: name its values; write one "
        "of simple, complex",
    ),
    (
        "time_limit-by",
        {"time_limit": {"working_days": 5, "by": [{"working_days": 3}]}},
        "[time_limit.by[0]] 缺少必填的键 'when'；请添加 when:（本类适用的办件：属性条件，须全部满足）",
        "[time_limit.by[0]] missing required key 'when'; add when: (the cases of the class: "
        "attribute conditions, all of which must hold)",
    ),
    (
        "channels-by",
        {"channels": {"online_share": {"simple": 0.5}, "by": "project"}},
        "[channels.online_share] 有 by 时应给出 project 每个类别的网办比例，实际为 {'simple': 0.5}；"
        "请写成 {simple: 0.5, complex: 0.5}",
        "[channels.online_share] with by, give the online share of every category of project, "
        "got {'simple': 0.5}; write {simple: 0.5, complex: 0.5}",
    ),
    (
        "choice-when",
        {"flow": ["apply", {"choice": [{"when": {"project": "simple"}, "do": "filing"}]}, "check"]},
        "[flow[1].choice] 按条件分流时，不满足任何条件的办件也需要一个选项；"
        "加一个不带 when 的选项，例如 {do: []}",
        "[flow[1].choice] cases that meet no condition need an option too; add an option without "
        "when, e.g. {do: []}",
    ),
]


def field_problem(language: str, changed: dict[str, Any]) -> str:
    """The one problem WORDS with ``changed`` (and the attribute ``project``) reports."""
    set_language(language)
    with pytest.raises(sim.ScenarioError) as caught:
        sim.scenario_from_dict({**WORDS, "attributes": PROJECT, **changed})
    (only,) = caught.value.problems
    return str(only).split(": ", 1)[1]


@pytest.mark.parametrize(
    ("what", "changed", "chinese", "english"), FIELD_CASES, ids=[c[0] for c in FIELD_CASES]
)
def test_a_routing_or_batch_field_problem_reads_in_chinese_and_in_english(
    language: None, what: str, changed: dict[str, Any], chinese: str, english: str
) -> None:
    assert field_problem("zh", changed) == chinese
    assert field_problem("en", changed) == english
