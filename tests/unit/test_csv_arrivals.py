"""Arrivals from a CSV of real submission dates."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulate as sim

SCENARIO = """\
name: csv_arrivals
start: 2024-09-23
horizon_working_days: 20
arrivals: {{csv: {csv}}}
desks:
  counter: {{staff: 1}}
steps:
  - {{id: apply, desk: counter, duration: {{working_hours: 1}}}}
flow: [apply]
"""


def test_listed_submissions_arrive_when_listed(tmp_path: Path) -> None:
    (tmp_path / "subs.csv").write_text(
        "submitted\n2024-09-24 10:00\n2024-09-24\n2024-09-30 16:30\n", encoding="utf-8"
    )
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(csv="subs.csv"), encoding="utf-8")
    res = sim.run(sim.load_scenario(path), replications=1, seed=1, progress=False)
    arrivals = sorted(res.cases["arrival"].dt.strftime("%Y-%m-%d %H:%M"))
    assert arrivals == ["2024-09-24 09:00", "2024-09-24 10:00", "2024-09-30 16:30"]
    # a date without a time arrives at 09:00; the 16:30 case before National Day ends after it
    last = res.cases.sort_values("arrival").iloc[-1]
    assert last["finish"].strftime("%Y-%m-%d %H:%M") == "2024-10-08 09:30"


def test_a_bad_csv_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "subs.csv").write_text("when\n2024-09-24\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(csv="subs.csv"), encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as info:
        sim.load_scenario(path)
    text = str(info.value)
    assert f"{path}:4: [arrivals.csv] subs.csv needs a column named 'submitted'" in text


def test_a_missing_csv_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(csv="nope.csv"), encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match=r":4: \[arrivals.csv\] CSV file not found"):
        sim.load_scenario(path)
