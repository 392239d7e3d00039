"""The explorer's panel without a browser: controls change the scenario, runs are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulate as sim

pytest.importorskip("ipywidgets")

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "scenarios" / "company_registration" / "half_day_parallel.yaml"


def test_controls_change_the_scenario_and_the_numbers() -> None:
    panel = sim.explore(FILE, replications=2, seed=4)
    base = sim.load_scenario(FILE)
    # one slider per desk at the file's staff, one toggle per reform, all ticked
    assert {d: s.value for d, s in panel.staff.items()} == {d.id: d.staff for d in base.desks}
    _, reforms = sim.load_bundle(FILE)
    assert len(reforms) == 2  # the scope cut and 并联审批
    assert [box.value for box in panel.reforms] == [True] * len(reforms)
    assert panel.scenario().digest() == base.digest()
    first = panel.numbers.value
    picture = panel.image.value
    desk = base.desks[0].id
    panel.staff[desk].value = 1
    assert panel.scenario().desk(desk).staff == 1
    assert panel.numbers.value != first
    assert panel.image.value != picture
    # fewer staff at the busiest desk: a longer wait, as queueing theory says it must
    slow = panel.results().summary().loc["mean_elapsed_working_days", "value"]
    panel.staff[desk].value = base.desk(desk).staff
    fast = panel.results().summary().loc["mean_elapsed_working_days", "value"]
    assert slow > fast
    assert panel.runs == 2  # the file's setting came back from the cache


def test_unticking_a_reform_removes_it() -> None:
    panel = sim.explore(FILE, replications=2, seed=4)
    base, _ = sim.load_bundle(FILE)
    panel.reforms[1].value = False  # 并联审批 off: the three steps run one after another
    flow = panel.scenario().flow
    assert flow != base.flow
    assert "Parallel" not in repr(flow)
    panel.reforms[0].value = False  # the scope cut off too: the baseline's flow
    assert panel.scenario().flow == base.flow
    assert panel.rate is not None
    panel.rate.value = panel.rate.min
    assert panel.scenario().arrivals.per_working_day == pytest.approx(panel.rate.min)
    for chart in ("breakdown", "desks", "timeline", "flow"):
        before = panel.image.value
        panel.chart.value = chart
        assert panel.image.value != before
