"""A limit is either a maximum (以内: every case within it) or an average (平均)."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulate as sim
from simulate.io.dump import to_yaml

TEXT = """\
name: limits
start: 2024-03-04
horizon_working_days: 30
calendar: {{days: every_day, office_hours: "24h"}}
arrivals: {{cohort: 10, date: 2024-03-04}}
time_limit: {{working_days: {limit}{statistic}}}
steps:
  - {{id: review, duration: {{working_days: {{values: [1, 3]}}}}}}
flow: [review]
"""


def _load(tmp_path: Path, limit: float, statistic: str = "") -> sim.Scenario:
    path = tmp_path / "s.yaml"
    extra = f", statistic: {statistic}" if statistic else ""
    path.write_text(TEXT.format(limit=limit, statistic=extra), encoding="utf-8")
    return sim.load_scenario(path)


def test_default_is_a_maximum(tmp_path: Path) -> None:
    assert _load(tmp_path, 2).time_limit_statistic == "max"


def test_an_average_limit_is_judged_by_the_mean(tmp_path: Path) -> None:
    # half the cases take 1 day and half 3: the mean (2) meets an average limit of 2.5,
    # but only about half the cases finish within 2.5 days, so a maximum of 2.5 is missed
    mean_limit = sim.run(_load(tmp_path, 2.5, "mean"), replications=2, seed=1, progress=False)
    max_limit = sim.run(_load(tmp_path, 2.5), replications=2, seed=1, progress=False)
    mean_cases = mean_limit.cases["elapsed_working_days"]
    assert set(mean_cases.round(9)) <= {1.0, 3.0}
    [(text, met)] = mean_limit.target_checks()
    assert met == (mean_cases.mean() <= 2.5)
    assert text.startswith("average limit: mean")
    [(text_max, met_max)] = max_limit.target_checks()
    assert not met_max
    assert "within 2.5 working days" in text_max
    assert "working days on average" in mean_limit.report()


def test_a_bad_statistic_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(
        sim.ScenarioError,
        match=r"s\.yaml:6: \[time_limit\.statistic\] must be max or mean, got 'median'",
    ):
        _load(tmp_path, 2, "median")


def test_the_statistic_survives_saving(tmp_path: Path) -> None:
    s = _load(tmp_path, 2, "mean")
    assert "statistic: mean" in to_yaml(s)
