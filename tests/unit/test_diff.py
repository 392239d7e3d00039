"""simulate.scenario.diff: what changed from one scenario to another, step by step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import simulate as sim
from simulate.cli import main
from simulate.reforms.registry import apply_reform
from simulate.scenario.diff import KINDS, Change, ScenarioDiff, diff_scenarios

BASE: dict[str, Any] = {
    "name": "base",
    "start": "2024-03-04",
    "horizon_working_days": 3,
    "arrivals": {"per_working_day": 4},
    "desks": {"a_counter": {"staff": 1}, "b_counter": {"staff": 2}, "review_desk": {"staff": 3}},
    "steps": [
        {"id": "apply", "desk": "a_counter", "duration": {"working_hours": 1}, "visit": True},
        {"id": "tax", "desk": "b_counter", "duration": {"working_hours": 1}},
        {"id": "fire", "desk": "review_desk", "duration": {"working_days": 3}},
        {"id": "planning", "desk": "review_desk", "duration": {"working_days": 5}},
        {
            "id": "issue",
            "desk": "a_counter",
            "duration": {"working_hours": 0.5},
            "limit": {"working_days": 1},
        },
    ],
    "flow": ["apply", "tax", "fire", "planning", "issue"],
    "rework": {"apply": {"p_incomplete": 0.2, "makeup": {"natural_days": 2}}},
}


@pytest.fixture
def base() -> sim.Scenario:
    return sim.scenario_from_dict(BASE)


def kinds(d: ScenarioDiff) -> list[str]:
    return [c.kind for c in d.changes]


def only(d: ScenarioDiff, kind: str) -> Change:
    found = [c for c in d.changes if c.kind == kind]
    assert len(found) == 1, str(d)
    return found[0]


def test_equal_scenarios_have_no_differences(base: sim.Scenario) -> None:
    d = diff_scenarios(base, base)
    assert len(d) == 0
    assert "no differences" in str(d)
    assert list(d.to_frame().columns) == ["kind", "subject", "before", "after", "note"]


def test_parallel_approval_is_made_parallel_with_the_flow(base: sim.Scenario) -> None:
    d = diff_scenarios(base, apply_reform(base, "parallel_approval", steps=["fire", "planning"]))
    assert only(d, "made parallel").subject == "fire ∥ planning"
    flow = only(d, "flow")
    assert flow.after == "apply → tax → (fire ∥ planning) → issue"
    assert kinds(d) == ["made parallel", "flow"]


def test_joint_review_is_merged_not_removed(base: sim.Scenario) -> None:
    out = apply_reform(
        base, "joint_review", steps=["fire", "planning"], into="joint", label="联合图审"
    )
    d = diff_scenarios(base, out)
    merged = only(d, "merged")
    assert (merged.subject, merged.before, merged.after) == ("joint", "fire + planning", "联合图审")
    assert "removed" not in kinds(d)
    assert "added" not in kinds(d)
    assert "merged: joint: fire + planning -> 联合图审" in str(d)


def test_removed_and_added_steps(base: sim.Scenario) -> None:
    out = apply_reform(base, "remove_steps", steps=["tax"])
    out = apply_reform(
        out,
        "notification_commitment",
        step="fire",
        check={"working_hours": 1},
        inspection={"share": 0.25, "desk": "review_desk", "duration": {"working_hours": 2}},
    )
    d = diff_scenarios(base, out)
    assert only(d, "removed").subject == "tax"
    added = only(d, "added")
    assert added.subject == "fire_inspection"
    assert "25% of cases, off the case's path" in added.note
    duration = only(d, "duration")
    assert (duration.subject, duration.before, duration.after) == (
        "fire",
        "3 working_days",
        "1 working_hours",
    )
    assert kinds(d).index("removed") < kinds(d).index("added") < kinds(d).index("duration")


def test_single_window_is_a_pooled_desk(base: sim.Scenario) -> None:
    out = apply_reform(base, "single_window", desks=["a_counter", "b_counter"], into="window")
    d = diff_scenarios(base, out)
    pooled = only(d, "desk pooled")
    assert pooled.subject == "window"
    assert pooled.before == "a_counter (1 staff) + b_counter (2 staff)"
    assert pooled.after.startswith("3 staff")
    assert not {"desk removed", "desk added", "desk moved"} & set(kinds(d))


def test_limits_staffing_rework_arrivals_and_shares(base: sim.Scenario) -> None:
    out = apply_reform(base, "cap_duration", step="planning", working_days=2)
    out = apply_reform(out, "staffing", desk="review_desk", staff=5)
    out = apply_reform(out, "accept_incomplete", steps=["apply"], before="issue")
    out = apply_reform(out, "online", steps=["apply"], any_hour=True)
    out = apply_reform(out, "area_assessment", steps=["fire"], share=0.4)
    out = apply_reform(
        out, "commitment_limit", statutory_working_days=10, speedup=0.6, reading="time_cut"
    )
    d = diff_scenarios(base, out)
    assert only(d, "limit").after == "2 working days"
    assert only(d, "staffing").after.startswith("5 staff")
    assert "alongside (容缺), due before issue" in only(d, "rework").after
    assert only(d, "arrivals").after == "4 per working day, any hour"
    share = only(d, "share taken")
    assert (share.subject, share.before, share.after) == ("fire", "100% of cases", "60% of cases")
    assert only(d, "time limit").after == "4 working days"
    assert "visit=True -> visit=False" in str(only(d, "step changed"))
    order = [KINDS.index(k) for k in kinds(d)]
    assert order == sorted(order)


def test_html_and_frame(base: sim.Scenario) -> None:
    out = apply_reform(
        base, "joint_review", steps=["fire", "planning"], into="joint", label="<b>联合</b>"
    )
    d = diff_scenarios(base, out)
    page = d._repr_html_()
    assert "&lt;b&gt;联合&lt;/b&gt;" in page
    assert "<b>联合</b>" not in page
    frame = d.to_frame()
    assert len(frame) == len(d.changes)
    assert frame["kind"].tolist() == kinds(d)


def test_cli_diff_prints_the_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "base.yaml"
    a.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    b = tmp_path / "parallel.yaml"
    b.write_text(
        "extends: base.yaml\nname: parallel\nreforms:\n  - parallel_approval: {steps: [fire, planning]}\n",
        encoding="utf-8",
    )
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "base -> parallel"
    assert "made parallel: fire ∥ planning" in out
