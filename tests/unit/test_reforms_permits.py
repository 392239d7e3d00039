"""先建后验 (build_first), 一业一证 (one_industry_permit) and 证照分离 (separate_permits).

Durations are fixed and desks (where any) have ample staff on a 24-hour calendar, so each
case's elapsed natural days is a sum or maximum that can be worked by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import simulate as sim
from simulate.cli import main
from simulate.errors import ScenarioError
from simulate.reforms.registry import apply_reform, reform_key
from simulate.scenario.flow import Parallel, Serial


def days(n: float) -> dict[str, float]:
    return {"natural_days": n}


def scenario(steps: list[dict[str, Any]], flow: list[Any], **extra: Any) -> sim.Scenario:
    data: dict[str, Any] = {
        "name": "permits",
        "start": "2024-03-04",
        "horizon_working_days": 200,
        "warmup_working_days": 0,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"cohort": 50, "date": "2024-03-04"},
        "desks": {"window": {"staff": 60}},
        "steps": steps,
        "flow": flow,
    }
    data.update(extra)
    return sim.scenario_from_dict(data)


def elapsed(s: sim.Scenario) -> Any:
    return sim.run(s, replications=1, seed=5, progress=False).cases["elapsed_natural_days"]


def test_chinese_names_lead_to_the_permit_reforms() -> None:
    assert reform_key("先建后验") == "build_first"
    assert reform_key("一业一证") == "one_industry_permit"
    assert reform_key("证照分离") == "separate_permits"
    assert reform_key("审批改备案") == "separate_permits"


# -- build_first ------------------------------------------------------------------------------
def project(review: float = 2, permit: float = 3) -> sim.Scenario:
    """Design, two approvals, construction of 10 days, acceptance: in two stage sequences."""
    return scenario(
        [
            {"id": "design", "duration": days(1)},
            {"id": "review", "duration": days(review)},
            {"id": "permit", "duration": days(permit)},
            {"id": "build", "duration": days(10)},
            {"id": "accept", "duration": days(1)},
        ],
        [["design", "review", "permit"], ["build", "accept"]],
    )


def test_build_first_runs_the_approvals_during_construction() -> None:
    base = project()
    out = apply_reform(base, "build_first", steps=["review", "permit"], construction="build")
    assert out.flow == Serial(
        (Serial(("design",)), Serial((Parallel(("build", Serial(("review", "permit")))), "accept")))
    )
    # before: 1 + 2 + 3 + 10 + 1 = 17; after: 1 + max(10, 2 + 3) + 1 = 12
    assert elapsed(base).to_numpy() == pytest.approx([17.0] * 50)
    assert elapsed(out).to_numpy() == pytest.approx([12.0] * 50)


def test_build_first_still_waits_for_approvals_longer_than_the_works() -> None:
    out = apply_reform(
        project(review=5, permit=7), "build_first", steps=["review", "permit"], construction="build"
    )
    # 1 + max(10, 5 + 7) + 1 = 14 (the works alone would give 12)
    assert elapsed(out).to_numpy() == pytest.approx([14.0] * 50)


def test_build_first_with_a_check_at_completion() -> None:
    check = {
        "id": "verify",
        "label": "竣工核验",
        "desk": "window",
        "duration": {"natural_days": 0.5},
    }
    out = apply_reform(
        project(), "build_first", steps=["review", "permit"], construction="build", check=check
    )
    assert [s.id for s in out.steps] == ["design", "build", "verify", "accept"]
    assert out.flow == Serial((Serial(("design",)), Serial(("build", "verify", "accept"))))
    # 1 + 10 + 0.5 + 1
    assert elapsed(out).to_numpy() == pytest.approx([12.5] * 50)


def test_build_first_in_one_sequence() -> None:
    base = scenario(
        [{"id": x, "duration": days(1)} for x in ("a", "b", "build", "c")], ["a", "b", "build", "c"]
    )
    out = apply_reform(base, "build_first", steps=["b"], construction="build")
    assert out.flow == Serial(("a", Parallel(("build", "b")), "c"))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"steps": ["review"], "construction": "design"}, "does not follow"),
        ({"steps": ["review", "build"], "construction": "build"}, "both"),
        ({"steps": ["design", "permit"], "construction": "build"}, "not consecutive"),
        ({"steps": ["review"], "construction": "buld"}, "buld"),
        ({"steps": ["review"], "construction": "build", "check": {"id": "x"}}, "duration"),
    ],
)
def test_build_first_errors(params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(project(), "build_first", **params)


def test_build_first_needs_construction_on_the_same_path() -> None:
    base = scenario(
        [{"id": x, "duration": days(1)} for x in ("a", "build", "b")],
        [{"parallel": [["a", "b"], ["build"]]}],
    )
    with pytest.raises(ScenarioError, match="does not follow"):
        apply_reform(base, "build_first", steps=["a"], construction="build")


# -- one_industry_permit and separate_permits -------------------------------------------------
def shop(**extra: Any) -> sim.Scenario:
    """A licence, then three permits applied for one after another, each with a visit."""
    return scenario(
        [
            {"id": "licence", "duration": days(1)},
            {"id": "food", "visit": True, "documents": 6, "duration": days(10)},
            {"id": "fire", "visit": True, "documents": 4, "duration": days(6)},
            {"id": "drain", "visit": True, "documents": 3, "duration": days(4)},
            {"id": "open", "duration": days(0)},
        ],
        ["licence", "food", "fire", "drain", "open"],
        **extra,
    )


INTAKE = {"id": "intake", "label": "一业一证综合窗口", "duration": days(1), "visit": True}
ISSUE = {"id": "issue", "label": "核发行业综合许可证", "duration": days(1)}


def test_one_industry_permit_merges_the_permits() -> None:
    base = shop()
    out = apply_reform(
        base, "one_industry_permit", steps=["food", "fire", "drain"], intake=INTAKE, issue=ISSUE
    )
    assert out.flow == Serial(
        ("licence", "intake", Parallel(("food", "fire", "drain")), "issue", "open")
    )
    assert [s.id for s in out.steps] == [
        "licence",
        "intake",
        "food",
        "fire",
        "drain",
        "issue",
        "open",
    ]
    assert out.step("intake").documents == 6 + 4 + 3
    for x in ("food", "fire", "drain"):
        assert not out.step(x).procedure
        assert not out.step(x).visit
    # before: 1 + 10 + 6 + 4 = 21 days and 3 visits; after: 1 + 1 + max(10, 6, 4) + 1 = 13, 1 visit
    assert elapsed(base).to_numpy() == pytest.approx([21.0] * 50)
    assert elapsed(out).to_numpy() == pytest.approx([13.0] * 50)
    visits = sim.run(out, replications=1, seed=5, progress=False).cases["visits"]
    assert (visits == 1).all()


def test_one_industry_permit_of_a_parallel_and_without_issue() -> None:
    par = apply_reform(shop(), "parallel_approval", steps=["food", "fire", "drain"])
    out = apply_reform(
        par, "one_industry_permit", steps=["food", "fire"], intake=INTAKE, documents=7
    )
    assert out.flow == Serial(("licence", "intake", Parallel(("food", "fire", "drain")), "open"))
    assert out.step("intake").documents == 7
    assert out.step("drain").procedure  # not listed
    assert out.step("drain").visit


def test_one_industry_permit_of_permits_in_several_steps() -> None:
    base = scenario(
        [
            {"id": "licence", "duration": days(1)},
            {"id": "a_accept", "visit": True, "documents": 3, "duration": days(0.5)},
            {"id": "a_review", "duration": days(4)},
            {"id": "b_accept", "visit": True, "documents": 2, "duration": days(0.5)},
            {"id": "b_review", "duration": days(2)},
        ],
        ["licence", "a_accept", "a_review", "b_accept", "b_review"],
    )
    out = apply_reform(
        base,
        "one_industry_permit",
        steps=[["a_accept", "a_review"], ["b_accept", "b_review"]],
        intake=INTAKE,
    )
    branches = (Serial(("a_accept", "a_review")), Serial(("b_accept", "b_review")))
    assert out.flow == Serial(("licence", "intake", Parallel(branches)))
    assert out.step("intake").documents == 5
    # before: 1 + 0.5 + 4 + 0.5 + 2 = 8; after: 1 + 1 + max(0.5 + 4, 0.5 + 2) = 6.5
    assert elapsed(base).to_numpy() == pytest.approx([8.0] * 50)
    assert elapsed(out).to_numpy() == pytest.approx([6.5] * 50)


def test_one_industry_permit_errors() -> None:
    with pytest.raises(ScenarioError, match="at least 2"):
        apply_reform(shop(), "one_industry_permit", steps=["food"], intake=INTAKE)
    with pytest.raises(ScenarioError, match="not consecutive"):
        apply_reform(shop(), "one_industry_permit", steps=["food", "drain"], intake=INTAKE)


def test_separate_permits_cancels_files_and_commits() -> None:
    rework = {"fire": {"p_incomplete": 0.3, "makeup": {"natural_days": 2}, "max_rounds": 1}}
    base = shop(rework=rework)
    out = apply_reform(
        base,
        "separate_permits",
        cancel=["drain"],
        filing=["fire"],
        filing_time=days(0.5),
        commitment=["food"],
        check=days(1),
    )
    assert [s.id for s in out.steps] == ["licence", "food", "fire", "open"]
    assert out.rework == ()  # a filing is recorded as handed in: no 补正
    assert out.step("fire").duration == sim.Duration.fixed(0.5, "natural_days")
    assert out.step("food").duration == sim.Duration.fixed(1, "natural_days")
    # 1 + 1 + 0.5; before 1 + 10 + 6 (+2 for 30% sent back) + 4
    assert elapsed(out).to_numpy() == pytest.approx([2.5] * 50)
    assert elapsed(base).min() == pytest.approx(21.0)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "changes nothing"),
        ({"filing": ["fire"]}, "missing parameter 'filing_time'"),
        ({"commitment": ["fire"]}, "missing parameter 'check'"),
        ({"cancel": ["fire"], "check": days(1)}, "without commitment"),
        ({"cancel": ["fire"], "commitment": ["fire"], "check": days(1)}, "both"),
        ({"cancel": ["licence", "food", "fire", "drain", "open"]}, "every step"),
    ],
)
def test_separate_permits_errors(params: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        apply_reform(shop(), "separate_permits", **params)


# -- in a scenario file -----------------------------------------------------------------------
SHOP_FILE = """\
name: shop
start: 2024-03-04
horizon_working_days: 30
calendar: {days: every_day, office_hours: 24h}
arrivals: {cohort: 5, date: 2024-03-04}
desks: {window: {staff: 2}, review_desk: {staff: 2}}
steps:
  - {id: licence, desk: window, duration: {working_hours: 1}}
  - {id: food, desk: window, visit: true, documents: 6, duration: {working_hours: 1}}
  - {id: fire, desk: review_desk, visit: true, documents: 4, duration: {working_hours: 1}}
flow: [licence, food, fire]
reforms:
  - separate_permits: {filing: [fire]}
  - one_industry_permit: {steps: [food, fire], intake: {id: licence, duration: {working_hours: 1}}}
  - build_first: {steps: [food], construction: licence}
  - front_back_office: {steps: [licence, fire], into: front, staff: 1.5}
"""


def test_bad_entries_of_the_new_reforms_are_located(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP_FILE, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(path)
    problems = [str(p) for p in info.value.problems]
    first = SHOP_FILE.splitlines().index("reforms:") + 2
    assert problems[0].startswith(
        f"{path}:{first}: [reforms[0].separate_permits.filing_time] missing parameter 'filing_time'"
    )
    assert problems[1].startswith(f"{path}:{first + 1}: [reforms[1].one_industry_permit.intake.id]")
    assert problems[2].startswith(
        f"{path}:{first + 2}: [reforms[2].build_first.construction] 'licence' does not follow"
    )
    assert problems[3].startswith(
        f"{path}:{first + 3}: [reforms[3].front_back_office.staff] must be a whole number"
    )
    assert len(problems) == 4
    assert main(["validate", str(path)]) == 2
