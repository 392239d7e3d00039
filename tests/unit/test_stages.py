"""Stages (阶段): an optional ``stage:`` per step, kept through loading, saving and reforms,
and drawn in the process map as labelled frames around consecutive steps of one stage.

A stage is for display only: it changes no number and no digest of a file without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text

import simulate as sim
from simulate import plotting
from simulate.io.dump import to_yaml
from simulate.io.schema import SCHEMA
from simulate.scenario.model import _plain

ROOT = Path(__file__).resolve().parents[2]

#: A small process in two stages: a staffed intake, two reviews and a permit.
STAGED: dict[str, Any] = {
    "name": "staged",
    "start": "2024-03-01",
    "horizon_working_days": 30,
    "replications": 2,
    "seed": 3,
    "arrivals": {"per_working_day": 2},
    "desks": {"window": {"staff": 2}},
    "steps": [
        {
            "id": "apply",
            "label": "受理",
            "stage": "立项",
            "desk": "window",
            "duration": {"working_hours": 1},
        },
        {"id": "a", "label": "审查甲", "stage": "审查", "duration": {"working_days": 2}},
        {"id": "b", "label": "审查乙", "stage": "审查", "duration": {"working_days": 3}},
        {"id": "c", "label": "审查丙", "stage": "审查", "duration": {"working_days": 1}},
        {"id": "permit", "label": "发证", "duration": {"working_hours": 2}},
    ],
    "flow": ["apply", "a", "b", "c", "permit"],
}


def staged(**changes: Any) -> sim.Scenario:
    return sim.scenario_from_dict({**STAGED, **changes})


def without_stages() -> sim.Scenario:
    steps = [{k: v for k, v in s.items() if k != "stage"} for s in STAGED["steps"]]
    return staged(steps=steps)


# -- the field ------------------------------------------------------------------------------
def test_stage_is_read_and_listed_in_the_schema() -> None:
    s = staged()
    assert [st.stage for st in s.steps] == ["立项", "审查", "审查", "审查", None]
    assert "stage" in SCHEMA["step"]


def test_stage_changes_no_number_and_no_digest_without_it() -> None:
    plain, with_stages = without_stages(), staged()
    assert plain.digest() != with_stages.digest()  # it is part of the scenario ...
    # ... but one without stages leaves it out of the digest, which is what it was before
    assert all("stage" not in _plain(st) for st in plain.steps)
    assert all(_plain(st)["stage"] for st in with_stages.steps[:4])
    a = sim.run(plain, progress=False)
    b = sim.run(with_stages, progress=False)
    assert a.cases.equals(b.cases)
    assert a.steps.equals(b.steps)
    assert a.summary().equals(b.summary())


def test_stage_survives_the_yaml_round_trip(tmp_path: Path) -> None:
    s = staged()
    text = to_yaml(s)
    assert "stage: 审查" in text
    assert "stage:" not in to_yaml(without_stages())
    again = sim.load_scenario(sim.save_scenario(s, tmp_path / "s.yaml"))
    assert again.with_changes(path=None) == s.with_changes(path=None)
    assert again.digest() == s.digest()


def test_shipped_construction_steps_all_have_one_of_four_stages() -> None:
    s = sim.load_scenario(ROOT / "scenarios" / "construction" / "baseline.yaml")
    assert list(dict.fromkeys(st.stage for st in s.steps)) == [
        "立项用地规划许可",
        "工程建设许可",
        "施工许可",
        "竣工验收",
    ]


# -- reforms --------------------------------------------------------------------------------
def test_a_joint_review_keeps_the_stage_of_its_components() -> None:
    out = sim.apply_reform(staged(), "joint_review", steps=["a", "b"], into="ab")
    assert out.step("ab").stage == "审查"
    across = sim.apply_reform(staged(), "joint_review", steps=["apply", "a"], into="x")
    assert across.step("x").stage == "立项、审查"  # both stages, named
    none = sim.apply_reform(without_stages(), "joint_review", steps=["a", "b"], into="ab")
    assert none.step("ab").stage is None


def test_steps_a_reform_adds_take_the_stage_of_the_step_they_serve() -> None:
    out = sim.apply_reform(
        staged(),
        "notification_commitment",
        step="b",
        check={"working_hours": 1},
        inspection={"share": 0.2, "desk": "window", "duration": {"working_hours": 2}},
        revoke_share=0.01,
    )
    assert out.step("b_inspection").stage == out.step("b_redo").stage == "审查"
    lagged = sim.apply_reform(
        staged(), "pre_approval", steps=["b"], overlap_with="a", lag={"working_days": 1}
    )
    assert lagged.step("b_lag").stage == "审查"
    parallel = sim.apply_reform(
        staged(),
        "parallel_approval",
        steps=["a", "b"],
        intake={"id": "one", "desk": "window", "duration": {"working_hours": 1}},
    )
    assert parallel.step("one").stage == "审查"  # the stage both branches share
    named = sim.apply_reform(
        staged(),
        "parallel_approval",
        steps=["a", "b"],
        intake={"id": "one", "stage": "受理", "duration": {"working_hours": 1}},
    )
    assert named.step("one").stage == "受理"


# -- the process map -----------------------------------------------------------------------
def frames(ax: Axes) -> list[Rectangle]:
    return [
        p
        for p in ax.patches
        if isinstance(p, Rectangle) and str(p.get_gid() or "").startswith("stage:")
    ]


def frame_label(ax: Axes, frame: Rectangle) -> str:
    """The stage name written inside the top of ``frame``."""
    box = frame.get_bbox()
    inside = [
        t
        for t in ax.findobj(Text)
        if t.get_gid() == frame.get_gid()
        and box.x0 <= t.get_position()[0] <= box.x1
        and box.y1 - 0.3 <= t.get_position()[1] <= box.y1
    ]
    assert len(inside) == 1
    return inside[0].get_text()


def boxes_in(ax: Axes, frame: Rectangle) -> list[str]:
    """The steps whose boxes lie wholly inside ``frame``, top to bottom."""
    box = frame.get_bbox()
    out = []
    for p in ax.patches:
        if isinstance(p, FancyBboxPatch) and str(p.get_gid() or "").startswith("step:"):
            b = p.get_bbox()
            if box.x0 <= b.x0 and b.x1 <= box.x1 and box.y0 <= b.y0 and b.y1 <= box.y1:
                out.append((b.y0, str(p.get_gid()).removeprefix("step:")))
    return [step for _, step in sorted(out, reverse=True)]


def test_the_map_frames_each_run_of_one_stage_and_names_it() -> None:
    ax = plotting.plot_flow(staged())
    found = [(frame_label(ax, f), boxes_in(ax, f)) for f in frames(ax)]
    assert sorted(found) == sorted([("立项", ["apply"]), ("审查", ["a", "b", "c"])])
    # the step without a stage stands outside every frame
    assert all("permit" not in steps for _, steps in found)


def test_the_map_without_stages_has_no_frames() -> None:
    plain = plotting.plot_flow(without_stages())
    assert frames(plain) == []
    assert not any(str(t.get_gid() or "").startswith("stage:") for t in plain.findobj(Text))
    sizes = {p.get_bbox().bounds for p in plain.patches if isinstance(p, FancyBboxPatch)}
    assert len(sizes) == len(STAGED["steps"])  # one box per step, nothing else


def test_a_stage_split_by_another_gets_two_frames() -> None:
    steps = [dict(s) for s in STAGED["steps"]]
    steps[2]["stage"] = "立项"  # 审查, 立项, 审查: the runs are not merged
    ax = plotting.plot_flow(staged(steps=steps))
    found = sorted((frame_label(ax, f), boxes_in(ax, f)) for f in frames(ax))
    assert found == [("审查", ["a"]), ("审查", ["c"]), ("立项", ["apply"]), ("立项", ["b"])]


def test_parallel_branches_sit_inside_their_stage_frame() -> None:
    after = sim.apply_reform(staged(), "parallel_approval", steps=["a", "b", "c"])
    ax = plotting.plot_flow(after)
    found = {frame_label(ax, f): sorted(boxes_in(ax, f)) for f in frames(ax)}
    assert found == {"立项": ["apply"], "审查": ["a", "b", "c"]}


def test_branches_of_different_stages_get_a_frame_each() -> None:
    steps = [dict(s) for s in STAGED["steps"]]
    steps[1]["stage"] = "甲"
    steps[2]["stage"] = "乙"
    after = sim.apply_reform(staged(steps=steps), "parallel_approval", steps=["a", "b"])
    ax = plotting.plot_flow(after)
    found = sorted((frame_label(ax, f), boxes_in(ax, f)) for f in frames(ax))
    assert found == [("乙", ["b"]), ("审查", ["c"]), ("甲", ["a"]), ("立项", ["apply"])]


@pytest.mark.parametrize(
    "variant", ["all_reforms_000_001_002.yaml", "parallel_approval_002_004.yaml"]
)
def test_before_and_after_of_construction_both_show_the_four_stages(variant: str) -> None:
    folder = ROOT / "scenarios" / "construction"
    before = sim.load_scenario(folder / "baseline.yaml")
    after = sim.load_scenario(folder / variant)
    ax = plotting.plot_flow(before, after)
    for panel, scenario in zip(ax.child_axes, (before, after), strict=True):
        shown = {frame_label(panel, f): set(boxes_in(panel, f)) for f in frames(panel)}
        assert list(shown) == ["立项用地规划许可", "工程建设许可", "施工许可", "竣工验收"]
        for stage, steps in shown.items():
            on_path = {st.id for st in scenario.steps if st.stage == stage}
            assert steps == on_path


def test_before_after_bars_lie_on_a_band_per_stage() -> None:
    before = staged()
    after = sim.apply_reform(before, "joint_review", steps=["a", "b"], into="ab")
    comparison = sim.compare([before, after], replications=2, seed=3, progress=False)
    ax = plotting.plot_before_after(*comparison.results)
    steps_ax = ax.child_axes[0]
    bands = [p for p in steps_ax.patches if str(p.get_gid() or "").startswith("stage:")]
    names = [t.get_text() for t in steps_ax.texts if str(t.get_gid() or "").startswith("stage:")]
    assert names == ["立项", "审查"]
    assert [str(b.get_gid()) for b in bands] == ["stage:立项", "stage:审查"]
    rows = dict(
        zip([t.get_text() for t in steps_ax.get_yticklabels()], steps_ax.get_yticks(), strict=True)
    )
    for band, members in zip(
        bands, (["受理"], ["审查甲", "审查乙", "审查丙", "审查甲、审查乙"]), strict=True
    ):
        low, high = band.get_bbox().y0, band.get_bbox().y1
        for label, y in rows.items():
            assert (low < y < high) == (label in members), (band.get_gid(), label)
    plain = plotting.plot_before_after(
        *sim.compare(
            [without_stages(), without_stages()], replications=2, seed=3, progress=False
        ).results
    )
    assert not any(str(p.get_gid() or "").startswith("stage:") for p in plain.child_axes[0].patches)
