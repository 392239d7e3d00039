"""The reform registry, each reform's change to the scenario, and its errors."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import simulate as sim
from simulate.cli import main
from simulate.reforms.registry import REFORMS, apply_reform, reforms_markdown
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Choice, Detached, Parallel, Serial, flow_steps
from simulate.scenario.validate import follows_on_every_path, makeups_due_too_early

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "scenarios" / "sources"


def step(
    sid: str, desk: str | None = "counter", hours: float = 1.0, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": sid, "duration": {"working_hours": hours}, **extra}
    if desk is not None:
        out["desk"] = desk
    return out


#: One scenario holding every step and desk the reforms' documented examples name.
SINK: dict[str, Any] = {
    "name": "sink",
    "start": "2024-03-04",
    "horizon_working_days": 3,
    "calendar": {"days": "every_day", "office_hours": "24h"},
    "arrivals": {"cohort": 4, "date": "2024-03-04"},
    "attributes": {"project": {"shares": {"key": 0.25, "ordinary": 0.75}}},
    "desks": {
        d: {"staff": 20}
        for d in ("counter", "a_counter", "b_counter", "inspect", "fire_desk", "plan_desk")
    },
    "steps": [
        step("apply", visit=True, travel={"natural_hours": 1}, documents=5),
        step("filing", desk=None),
        step("check"),
        step("land_transfer", desk=None, hours=10, actor="third_party"),
        step("permit", hours=4),
        step("eia", desk=None, hours=3),
        step("soil", desk=None, hours=2),
        step("fire", desk="fire_desk", hours=3),
        step("civil_defence", desk="fire_desk", hours=2),
        step("planning", desk="plan_desk", hours=5),
        step("review", desk="a_counter", hours=6, limit={"working_days": 5}),
        step("counter_check", desk="b_counter"),
        step("connect", desk=None),
    ],
    "flow": [
        "apply",
        "filing",
        "check",
        "land_transfer",
        "permit",
        "eia",
        "soil",
        "fire",
        "civil_defence",
        "planning",
        "review",
        "counter_check",
        "connect",
    ],
    "rework": {"apply": {"p_incomplete": 0.3, "makeup": {"natural_hours": 5}}},
}


@pytest.fixture
def sink() -> sim.Scenario:
    return sim.scenario_from_dict(SINK)


def example(name: str) -> tuple[str, dict[str, Any]]:
    ((n, params),) = yaml.safe_load(REFORMS[name].example).items()
    return n, params


# -- the registry ----------------------------------------------------------------------------
ISSUE_REFORMS = {
    "parallel_approval": "并联审批",
    "accept_incomplete": "容缺受理",
    "notification_commitment": "告知承诺制",
    "single_window": "一窗受理",
    "online": "全程网办",
    "joint_review": "联合图审",
    "area_assessment": "区域评估",
    "auto_approval": "秒批",
    "assisted_application": "帮代办",
    "pre_approval": "拿地即开工",
    "remove_steps": "减环节",
    "cap_duration": "压时限",
    "default_approval": "超时默认",
    "staffing": "增窗增人",
    "commitment_limit": "承诺时限",
    "fewer_documents": "免证办",
    "joint_connection": "水电气网联合报装",
    "front_back_office": "前台综合受理、后台分类审批",
    "build_first": "先建后验",
    "one_industry_permit": "一业一证",
    "separate_permits": "证照分离",
}


def test_every_reform_of_the_issue_is_registered_with_its_chinese_name() -> None:
    assert set(ISSUE_REFORMS) <= set(REFORMS)
    for name, word in ISSUE_REFORMS.items():
        assert word in REFORMS[name].label, name


@pytest.mark.parametrize("name", sorted(REFORMS))
def test_citation_points_at_a_line_that_holds_the_quote(name: str) -> None:
    r = REFORMS[name]
    m = re.fullmatch(r"(\d{3}_[0-9a-f]{16}\.txt)#L(\d+)", r.citation)
    assert m, r.citation
    lines = (SOURCES / m.group(1)).read_text(encoding="utf-8").splitlines()
    assert r.quote
    assert r.quote in lines[int(m.group(2)) - 1]


@pytest.mark.parametrize("name", sorted(REFORMS))
def test_documented_example_applies_and_runs(name: str, sink: sim.Scenario) -> None:
    n, params = example(name)
    assert n == name
    out = apply_reform(sink, n, **params)
    assert out.with_changes(reforms=()) != sink
    assert out.reforms[-1].name == name
    res = sim.run(out, replications=1, seed=1)
    assert len(res.cases) == 4
    assert res.cases["elapsed_working_days"].notna().all()


@pytest.mark.parametrize("name", sorted(REFORMS))
def test_docstring_documents_every_parameter(name: str) -> None:
    r = REFORMS[name]
    assert r.summary
    assert r.summary.endswith(".")
    params = list(inspect.signature(r.apply).parameters)[1:]
    for p in params:
        assert re.search(rf"^{p} :", r.doc, re.MULTILINE), f"{name}: {p} undocumented"


def test_docs_page_is_generated_from_the_registry() -> None:
    page = (ROOT / "docs" / "reference" / "reforms.md").read_text(encoding="utf-8")
    assert page == reforms_markdown()
    for name, r in REFORMS.items():
        assert f"## {name}" in page
        assert r.citation in page


def test_cli_lists_every_reform(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reforms"]) == 0
    out = capsys.readouterr().out
    for name, r in REFORMS.items():
        assert re.search(rf"^{name}\s+{re.escape(r.label)}", out, re.MULTILINE)


# -- what each reform changes --------------------------------------------------------------
def test_parallel_approval_makes_one_parallel_node(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "parallel_approval", steps=["eia", "soil", "fire"])
    assert isinstance(out.flow, Serial)
    par = [n for n in out.flow.items if isinstance(n, Parallel)]
    assert par == [Parallel(("eia", "soil", "fire"))]
    assert list(flow_steps(out.flow)) == list(flow_steps(sink.flow))


def test_parallel_approval_with_intake_adds_one_step_in_front(sink: sim.Scenario) -> None:
    intake = {
        "id": "one_door",
        "label": "一口受理",
        "desk": "counter",
        "duration": {"working_hours": 0.5},
    }
    out = apply_reform(
        sink, "parallel_approval", steps=["civil_defence", "planning"], intake=intake
    )
    items = out.flow.items  # type: ignore[union-attr]
    i = items.index("one_door")
    assert items[i + 1] == Parallel(("civil_defence", "planning"))
    assert out.step("one_door").label == "一口受理"
    assert len(out.steps) == len(sink.steps) + 1


def test_joint_review_merges_into_one_step_at_the_lead_desk(sink: sim.Scenario) -> None:
    out = apply_reform(
        sink,
        "joint_review",
        steps=["fire", "civil_defence", "planning"],
        into="joint",
        label="联合图审",
    )
    joint = out.step("joint")
    assert joint.merged_from == ("fire", "civil_defence", "planning")
    assert joint.desk == "plan_desk"  # planning has the longest time
    assert joint.duration.kind == "max"
    assert joint.duration.is_fixed
    assert joint.duration.mean == 5.0
    assert "fire" not in [s.id for s in out.steps]
    other = apply_reform(
        sink, "joint_review", steps=["fire", "civil_defence"], into="joint", desk="counter"
    )
    assert other.step("joint").desk == "counter"


def test_joint_review_converts_working_days_to_the_desk_hours() -> None:
    data = dict(SINK)
    data["steps"] = [
        *SINK["steps"][:7],
        step("fire", "fire_desk", 3),
        {"id": "civil_defence", "desk": "fire_desk", "duration": {"working_days": 0.25}},
        *SINK["steps"][9:],
    ]
    s = sim.scenario_from_dict(data)
    out = apply_reform(s, "joint_review", steps=["fire", "civil_defence"], into="joint")
    d = out.step("joint").duration
    assert d.unit == "working_hours"
    assert d.mean == pytest.approx(6.0)


def test_joint_review_combines_rework_of_its_components() -> None:
    data = dict(SINK)
    data["rework"] = {
        "fire": {"p_incomplete": 0.2, "makeup": {"natural_hours": 5}},
        "planning": {"p_incomplete": 0.5, "makeup": {"natural_hours": 9}},
    }
    out = apply_reform(
        sim.scenario_from_dict(data),
        "joint_review",
        steps=["fire", "civil_defence", "planning"],
        into="joint",
    )
    rw = out.rework_map["joint"]
    assert rw.p_incomplete == pytest.approx(1 - 0.8 * 0.5)
    assert rw.makeup.mean == 9.0
    assert set(out.rework_map) == {"joint"}


def test_pre_approval_puts_the_step_alongside_with_a_lag(sink: sim.Scenario) -> None:
    out = apply_reform(
        sink,
        "pre_approval",
        steps=["permit"],
        overlap_with="land_transfer",
        lag={"working_hours": 2},
    )
    assert Parallel(("land_transfer", Serial(("permit_lag", "permit")))) in out.flow.items  # type: ignore[union-attr]
    assert out.step("permit_lag").duration == Duration.fixed(2.0)
    assert not out.step("permit_lag").procedure


def test_remove_steps_drops_steps_and_their_rework(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "remove_steps", steps=["apply", "filing"])
    assert "apply" not in list(flow_steps(out.flow))
    assert "apply" not in out.rework_map
    assert len(out.steps) == len(sink.steps) - 2


def test_remove_steps_collapses_an_emptied_parallel_branch(sink: sim.Scenario) -> None:
    par = apply_reform(sink, "parallel_approval", steps=["eia", "soil"])
    out = apply_reform(par, "remove_steps", steps=["soil"])
    assert out.flow == Serial(tuple(x for x in sink.flow.items if x != "soil"))  # type: ignore[union-attr]


def test_area_assessment_skips_all_listed_steps_on_one_draw(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "area_assessment", steps=["eia", "soil"], share=0.6)
    choices = [n for n in out.flow.items if isinstance(n, Choice)]  # type: ignore[union-attr]
    assert len(choices) == 2
    assert {c.key for c in choices} == {"area_assessment"}
    assert all(c.options[0] == (0.6, Serial(())) for c in choices)
    res = sim.run(
        out.with_changes(arrivals=sim.Arrivals(kind="cohort", cohort=300, date=out.start)),
        replications=1,
        seed=5,
    )
    took = res.steps.groupby("step", observed=True)["case"].apply(set)
    assert took["eia"] == took["soil"]
    assert 0.3 < 1 - len(took["eia"]) / 300 < 0.9


def test_accept_incomplete_sets_the_makeup_alongside(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "accept_incomplete", steps=["apply"], before="connect", p_fail=0.1)
    rw = out.rework_map["apply"]
    assert (rw.alongside, rw.before, rw.p_fail) == (True, "connect", 0.1)
    assert rw.p_incomplete == sink.rework_map["apply"].p_incomplete


def test_notification_commitment_adds_detached_inspection_and_revocation(
    sink: sim.Scenario,
) -> None:
    out = apply_reform(
        sink,
        "notification_commitment",
        step="review",
        check={"working_hours": 1},
        inspection={"share": 0.2, "desk": "inspect", "duration": {"working_hours": 2}},
        revoke_share=0.05,
    )
    assert out.step("review").duration == Duration.fixed(1.0)
    assert out.step("review_inspection").desk == "inspect"
    assert out.step("review_redo").duration == sink.step("review").duration
    node = next(n for n in out.flow.items if "review" in list(flow_steps(n)))  # type: ignore[union-attr]
    assert node == Serial(
        (
            "review",
            Detached("review_inspection", 0.2, key="inspection:review"),
            Choice(((0.05, "review_redo"), (0.95, Serial(()))), key="revoke:review"),
        )
    )


def test_single_window_pools_staff_and_hours(sink: sim.Scenario) -> None:
    s = apply_reform(sink, "staffing", desk="a_counter", staff=2, hours=["08:00-12:00"])
    s = apply_reform(s, "staffing", desk="b_counter", staff=3, hours=["10:00-14:00", "15:00-18:00"])
    out = apply_reform(
        s, "single_window", desks=["a_counter", "b_counter"], into="one_window", label="综合窗口"
    )
    desk = out.desk("one_window")
    assert desk.staff == 5
    assert desk.label == "综合窗口"
    assert desk.hours == sim.OfficeHours(((8.0, 14.0), (15.0, 18.0)))
    assert {st.desk for st in out.steps if st.id in ("review", "counter_check")} == {"one_window"}
    assert "a_counter" not in [d.id for d in out.desks]


def test_online_removes_visits_and_keeps_office_hours_unless_any_hour(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "online", steps=["apply", "check"])
    assert not out.step("apply").visit
    assert out.step("apply").travel is None
    assert not out.arrivals.any_hour  # online submissions keep office hours by default
    anytime = apply_reform(sink, "online", steps=["apply"], any_hour=True)
    assert anytime.arrivals.any_hour


def test_auto_and_assisted_and_default_approval(sink: sim.Scenario) -> None:
    assert (
        apply_reform(sink, "auto_approval", step="check", share=0.4).step("check").auto_share == 0.4
    )
    helped = apply_reform(
        sink,
        "assisted_application",
        steps=["apply", "land_transfer"],
        p_incomplete_factor=0.5,
        prep_factor=0.25,
    )
    assert helped.rework_map["apply"].p_incomplete == pytest.approx(0.15)
    assert helped.rework_map["apply"].makeup.mean == pytest.approx(1.25)
    assert helped.step("land_transfer").duration.mean == pytest.approx(2.5)
    assert helped.step("apply").duration == sink.step("apply").duration  # agency work unchanged
    assert apply_reform(sink, "default_approval", steps=["review"]).step("review").default_approval


def test_cap_duration_caps_draws_and_limit(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "cap_duration", step="review", working_days=0.125)
    st = out.step("review")
    assert st.limit_working_days == 0.125
    assert st.duration.cap == pytest.approx(3.0)
    assert st.duration.sample(np.random.default_rng(0), 5).max() == 3.0


@pytest.mark.parametrize(("reading", "share"), [("time_cut", 0.4), ("speed_up", 1 / 1.6)])
def test_commitment_limit_readings(sink: sim.Scenario, reading: str, share: float) -> None:
    out = apply_reform(
        sink, "commitment_limit", statutory_working_days=20, speedup=0.6, reading=reading
    )
    assert out.time_limit_working_days == pytest.approx(20 * share)
    per_step = apply_reform(
        sink,
        "commitment_limit",
        statutory_working_days=20,
        speedup=0.6,
        reading=reading,
        steps=["review"],
    )
    assert per_step.step("review").limit_working_days == pytest.approx(20 * share)
    assert per_step.time_limit_working_days == sink.time_limit_working_days


def test_staffing_changes_capacity_and_hours(sink: sim.Scenario) -> None:
    out = apply_reform(sink, "staffing", desk="counter", staff=7, hours="24h", every_day=True)
    d = out.desk("counter")
    assert d.staff == 7
    assert d.hours is not None
    assert d.hours.is_24h
    assert d.hours.every_day


def test_reforms_record_their_parameters_with_provenance(sink: sim.Scenario) -> None:
    out = apply_reform(
        sink, "remove_steps", steps=["filing"], source="001_e05e41bb51e4ff2b.txt#L57"
    )
    assert out.reforms[-1].params == {"steps": ["filing"], "source": "001_e05e41bb51e4ff2b.txt#L57"}


# -- errors ----------------------------------------------------------------------------------
BAD = [
    (
        "parallel_approval",
        {"steps": ["eia", "nope"]},
        r"\[parallel_approval\.steps\[1\]\] unknown step 'nope'",
    ),
    ("parallel_approval", {"steps": ["eia", "fire"]}, r"not consecutive: soil lies between"),
    ("parallel_approval", {"steps": ["eia"]}, r"at least 2"),
    ("joint_review", {"steps": ["fire", "planning"], "into": "j"}, r"not consecutive"),
    (
        "joint_review",
        {"steps": ["fire", "civil_defence"], "into": "apply"},
        r"\[joint_review\.into\] step id 'apply' is already used",
    ),
    (
        "pre_approval",
        {"steps": ["eia"], "overlap_with": "land_transfer"},
        r"must directly follow 'land_transfer'",
    ),
    (
        "single_window",
        {"desks": ["counter", "nowhere"], "into": "w"},
        r"\[single_window\.desks\[1\]\] unknown desk 'nowhere'",
    ),
    (
        "notification_commitment",
        {
            "step": "review",
            "check": {"working_hours": 1},
            "inspection": {"share": 0.2, "desk": "inspectt", "duration": {"working_hours": 1}},
        },
        r"\[notification_commitment\.inspection\.desk\] unknown desk 'inspectt'; did you mean 'inspect'",
    ),
    (
        "notification_commitment",
        {"step": "review", "check": {"workin_hours": 1}},
        r"\[notification_commitment\.check\.workin_hours\] unknown key",
    ),
    ("accept_incomplete", {"steps": ["check"]}, r"no rework"),
    (
        "accept_incomplete",
        {"steps": ["apply"], "before": "apply"},
        r"cannot be due before 'apply' itself",
    ),
    ("auto_approval", {"step": "filing", "share": 0.5}, r"pure delay"),
    ("auto_approval", {"step": "check", "share": 1.5}, r"\[auto_approval\.share\] must be in"),
    ("default_approval", {"steps": ["check"]}, r"no limit"),
    ("cap_duration", {"step": "apply", "working_days": 0}, r"must be in \(0"),
    ("online", {"steps": ["check"], "any_hour": False}, r"nothing to take online"),
    ("staffing", {"desk": "counter"}, r"changes nothing"),
    ("staffing", {"desk": "counter", "hours": "9-5"}, r"\[staffing\.hours\]"),
    ("assisted_application", {"steps": ["check"]}, r"nothing to assist"),
    (
        "commitment_limit",
        {"statutory_working_days": 20, "speedup": 0.6},
        r"\[commitment_limit\.reading\] reading must say .* time_cut .* speed_up",
    ),
    (
        "commitment_limit",
        {"statutory_working_days": 20, "speedup": 0.6, "reading": "faster"},
        r"got 'faster'",
    ),
    (
        "remove_steps",
        {"stepz": ["filing"]},
        r"\[remove_steps\.stepz\] unknown parameter 'stepz'; did you mean 'steps'",
    ),
    ("remove_steps", {}, r"missing parameter 'steps'"),
]


@pytest.mark.parametrize(("name", "params", "pattern"), BAD)
def test_bad_reform_is_a_scenario_error(
    sink: sim.Scenario, name: str, params: dict[str, Any], pattern: str
) -> None:
    with pytest.raises(sim.ScenarioError, match=pattern):
        apply_reform(sink, name, **params)


def test_parallel_branches_that_depend_on_each_other_are_an_error(sink: sim.Scenario) -> None:
    s = apply_reform(sink, "accept_incomplete", steps=["apply"], before="check")
    with pytest.raises(
        sim.ScenarioError, match=r"'check' does not come after 'apply'.*due before 'check'"
    ):
        apply_reform(s, "parallel_approval", steps=["apply", "filing", "check"])
    # due before a later step: running apply alongside filing is fine
    apply_reform(s, "parallel_approval", steps=["apply", "filing"])


@pytest.mark.parametrize(
    ("flow", "follows"),
    [
        (Serial(("a", "b")), True),
        (Serial(("b", "a")), False),
        (Serial((Parallel(("a", "x")), "b")), True),
        (Parallel(("a", "b")), False),
        (Serial(("a", Parallel(("b", "x")))), True),
        (Serial((Choice(((0.5, "a"), (0.5, "b"))),)), False),
        (Serial(("a", Choice(((0.5, "b"), (0.5, Serial(())))))), True),
        (Serial(("a", "x")), False),  # b is not in the flow
    ],
)
def test_a_step_follows_another_only_when_on_every_path(flow: Any, follows: bool) -> None:
    assert follows_on_every_path(flow, "a", "b") is follows


def test_the_scenario_check_and_the_reforms_share_the_make_up_rule(sink: sim.Scenario) -> None:
    s = apply_reform(sink, "accept_incomplete", steps=["apply"], before="check")
    assert makeups_due_too_early(s) == []
    # the same flow as parallel_approval would build, written by hand: the check rejects it
    assert isinstance(s.flow, Serial)
    by_hand = s.with_changes(
        flow=Serial((Parallel(("apply", "filing", "check")), *s.flow.items[3:]))
    )
    assert makeups_due_too_early(by_hand) == [("apply", "check")]
    with pytest.raises(
        sim.ScenarioError, match=r"\[rework\.apply\.before\] 'check' does not come after 'apply'"
    ):
        sim.validate(by_hand)


def test_unknown_reform_suggests_the_nearest(sink: sim.Scenario) -> None:
    with pytest.raises(
        sim.ScenarioError,
        match=r"unknown reform 'paralel_approval'; did you mean 'parallel_approval'",
    ):
        apply_reform(sink, "paralel_approval", steps=["eia", "soil"])


def write(tmp_path: Path, reforms: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(
        yaml.safe_dump(SINK, allow_unicode=True, sort_keys=False) + reforms, encoding="utf-8"
    )
    return path


def line_of(path: Path, text: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line
    )


def test_yaml_error_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "reforms:\n  - remove_steps: {steps: [filing]}\n  - parallel_approval:\n      steps:\n        - eia\n        - soill\n",
    )
    with pytest.raises(sim.ScenarioError) as info:
        sim.load_scenario(path)
    text = str(info.value)
    assert (
        f"{path}:{line_of(path, '- soill')}: [reforms[1].parallel_approval.steps[1]] unknown step 'soill'; did you mean 'soil'?"
        in text
    )


def test_yaml_unknown_reform_and_missing_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "reforms:\n  - single_windw: {desks: [a_counter, b_counter], into: w}\n")
    with pytest.raises(
        sim.ScenarioError,
        match=rf"s\.yaml:{line_of(path, 'single_windw')}: \[reforms\[0\]\.single_windw\] unknown reform 'single_windw'; did you mean 'single_window'",
    ):
        sim.load_scenario(path)
    path = write(
        tmp_path, "reforms:\n  - commitment_limit: {statutory_working_days: 20, speedup: 0.6}\n"
    )
    with pytest.raises(
        sim.ScenarioError,
        match=rf"s\.yaml:{line_of(path, 'commitment_limit')}: \[reforms\[0\]\.commitment_limit\.reading\]",
    ):
        sim.load_scenario(path)


def test_yaml_reform_list_equals_python_calls(tmp_path: Path, sink: sim.Scenario) -> None:
    path = write(
        tmp_path,
        "reforms:\n  - parallel_approval: {steps: [eia, soil]}\n  - online: {steps: [apply], source: x.txt#L1}\n",
    )
    loaded = sim.load_scenario(path)
    by_hand = apply_reform(
        apply_reform(sink, "parallel_approval", steps=["eia", "soil"]),
        "online",
        steps=["apply"],
        source="x.txt#L1",
    )
    assert loaded.digest() == by_hand.digest()


# -- durations: max and cap ----------------------------------------------------------------
def test_max_and_cap_consume_the_generator_like_their_parts() -> None:
    parts = (Duration.lognormal(2, 4), Duration.exponential(3))
    joint = Duration.longest(parts)
    for d in (
        joint,
        joint.capped(1.0),
        Duration.longest((Duration.lognormal(5, 9), Duration.exponential(1))),
    ):
        rng = np.random.default_rng(4)
        d.sample(rng, 100)
        ref = np.random.default_rng(4)
        for p in parts:
            p.sample(ref, 100)
        assert rng.random() == ref.random()
    draws = joint.sample(np.random.default_rng(9), 1000)
    ref = np.random.default_rng(9)
    np.testing.assert_array_equal(
        draws, np.maximum(parts[0].sample(ref, 1000), parts[1].sample(ref, 1000))
    )
    np.testing.assert_array_equal(
        joint.capped(2.5).sample(np.random.default_rng(9), 1000), np.minimum(draws, 2.5)
    )


def test_max_duration_needs_one_unit_and_describes_itself() -> None:
    with pytest.raises(ValueError, match="one unit"):
        Duration.longest((Duration.fixed(1), Duration.fixed(1, unit="natural_hours")))
    d = Duration.longest((Duration.fixed(2), Duration.fixed(5))).capped(4)
    assert d.is_fixed
    assert d.mean == 4.0
    assert d.describe() == "longest of (2; 5), at most 4 working_hours"
    assert d.scaled(2).mean == 8.0
