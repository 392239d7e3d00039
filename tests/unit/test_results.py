"""Results: tidy tables with documented columns and units, summaries with intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.results import CASE_COLUMNS, DESK_COLUMNS, METRIC_UNITS, STEP_COLUMNS, format_summary

DATA: dict[str, Any] = {
    "name": "results_check",
    "label": "结果<检查>",
    "start": "2024-09-02",
    "horizon_working_days": 30,
    "warmup_working_days": 5,
    "arrivals": {"per_working_day": 6},
    "time_limit": {"working_days": 3},
    "thresholds": [{"working_days": 0.5, "label": "半日办结率"}],
    "desks": {"counter": {"staff": 2, "label": "窗口"}, "bureau": {"staff": 1}},
    "steps": [
        {
            "id": "apply",
            "label": "申请",
            "desk": "counter",
            "visit": True,
            "duration": {"working_hours": {"median": 0.5, "p90": 1}},
            "limit": {"working_days": 0.5},
        },
        {
            "id": "review",
            "label": "审查",
            "desk": "bureau",
            "duration": {"working_hours": {"mean": 0.8}},
        },
        {"id": "hearing", "label": "听证", "duration": {"working_days": 1}, "clock_stop": True},
        {"id": "issue", "label": "发证", "desk": "counter", "duration": {"working_hours": 0.25}},
    ],
    "flow": ["apply", "review", {"optional": "hearing", "p": 0.2}, "issue"],
    "rework": {"apply": {"p_incomplete": 0.2, "makeup": {"natural_days": 1}}},
}


@pytest.fixture(scope="module")
def res() -> sim.Results:
    return sim.run(sim.scenario_from_dict(DATA), replications=3, seed=12)


def test_columns_are_the_documented_ones(res: sim.Results) -> None:
    assert list(res.cases.columns) == list(CASE_COLUMNS)
    assert list(res.steps.columns) == list(STEP_COLUMNS)
    assert list(res.desks.columns) == list(DESK_COLUMNS)
    for frame in (res.cases, res.steps, res.desks):
        assert frame["scenario"].astype(str).eq("results_check").all()
        assert sorted(frame["replication"].unique()) == [0, 1, 2]


def test_no_missing_values_where_there_must_be_a_value(res: sim.Results) -> None:
    must = [c for c in CASE_COLUMNS if c != "on_time"]
    assert not res.cases[must].isna().any().any()
    assert not res.cases["on_time"].isna().any()  # the scenario has a limit
    assert not res.steps.drop(columns=["over_limit"]).isna().any().any()


def test_case_units_are_consistent(res: sim.Results) -> None:
    c = res.cases
    assert (c["finish_h"] >= c["arrival_h"]).all()
    hours = (c["finish"] - c["arrival"]).dt.total_seconds() / 3600
    np.testing.assert_allclose(hours, c["finish_h"] - c["arrival_h"], atol=1e-6)
    np.testing.assert_allclose(c["elapsed_natural_days"], (c["finish_h"] - c["arrival_h"]) / 24)
    # working hours (7 a working day) never exceed the clock hours that pass
    assert (c["elapsed_working_days"] * 7 <= c["finish_h"] - c["arrival_h"] + 1e-9).all()
    np.testing.assert_allclose(
        c["counted_working_days"],
        np.maximum(c["elapsed_working_days"] - c["clock_stop_working_days"], 0),
    )
    assert (c["on_time"] == (c["counted_working_days"] <= 3 + 1e-9)).all()
    assert (c["clock_stop_working_days"] > 0).any()
    assert (c["visits"] == 1 + c["rework_rounds"]).all()  # apply is a visit, repeated after 补正


def test_warmup_flag(res: sim.Results) -> None:
    win = res.windows.set_index("replication")["warmup_h"]
    expected = res.cases["arrival_h"] < res.cases["replication"].map(win)
    assert (res.cases["in_warmup"] == expected).all()
    assert res.cases["in_warmup"].any()
    assert not res.cases["in_warmup"].all()


def test_step_times_add_up(res: sim.Results) -> None:
    s = res.steps
    assert (s["enter_h"] <= s["start_h"]).all()
    assert (s["start_h"] <= s["end_h"]).all()
    np.testing.assert_allclose(
        s["wait_working_days"] + s["work_working_days"], s["elapsed_working_days"], atol=1e-9
    )
    assert (s.loc[s["desk"] == "", "wait_working_days"] == 0).all()
    assert set(s["phase"].unique()) == {"work", "makeup"}
    assert (s.loc[s["phase"] == "makeup", "actor"] == "applicant").all()
    assert dict(zip(s["step"], s["label"], strict=True))["review"] == "审查"
    over = s["over_limit"]
    assert over[(s["step"] == "apply") & (s["phase"] == "work")].notna().all()
    assert over[s["step"] != "apply"].isna().all()


def test_steps_are_sorted_by_case_then_time(res: sim.Results) -> None:
    for _, g in res.steps.groupby("replication"):
        keys = list(zip(g["case"], g["enter_h"], strict=True))
        assert keys == sorted(keys)


def test_desk_table(res: sim.Results) -> None:
    d = res.desks
    assert len(d) == 3 * 2
    assert d["utilisation"].between(0, 1).all()
    assert (d["served"] > 0).all()
    assert (d["max_queue_length"] >= d["mean_queue_length"]).all()
    assert d.loc[d["desk"] == "counter", "label"].eq("窗口").all()
    assert res.bottleneck() in {"counter", "bureau"}
    mean = d.groupby("desk")["utilisation"].mean()
    assert res.bottleneck() == mean.idxmax()


def test_replication_metrics_and_summary(res: sim.Results) -> None:
    per_rep = res.replication_metrics()
    assert list(per_rep.index) == [0, 1, 2]
    measured = res.cases[~res.cases["in_warmup"]]
    expected = measured.groupby("replication")["elapsed_working_days"].mean()
    np.testing.assert_allclose(per_rep["mean_elapsed_working_days"], expected)
    np.testing.assert_allclose(
        per_rep["on_time_rate"], measured.groupby("replication")["on_time"].mean().astype(float)
    )
    assert "share_within_0.5_working_days" in per_rep.columns
    summary = res.summary()
    assert set(METRIC_UNITS) <= set(summary.index)
    assert {"utilisation:counter", "utilisation:bureau"} <= set(summary.index)
    assert summary.loc["mean_elapsed_working_days", "value"] == pytest.approx(expected.mean())
    finite = summary.dropna()
    assert (finite["ci_low"] <= finite["value"]).all()
    assert (finite["value"] <= finite["ci_high"]).all()
    assert summary.loc["on_time_rate", "unit"] == "share"
    assert summary.loc["throughput_per_working_day", "value"] == pytest.approx(6, rel=0.25)
    text = format_summary(summary)
    assert text.loc["on_time_rate", "value"].endswith("%")


def test_one_replication_has_no_interval() -> None:
    one = sim.run(
        sim.scenario_from_dict({**DATA, "horizon_working_days": 8}), replications=1, seed=1
    )
    summary = one.summary()
    assert summary["ci_low"].isna().all()
    assert summary["value"].notna().any()


def test_no_limit_gives_missing_on_time() -> None:
    data = {k: v for k, v in DATA.items() if k != "time_limit"}
    one = sim.run(
        sim.scenario_from_dict({**data, "horizon_working_days": 8}), replications=1, seed=1
    )
    assert one.cases["on_time"].isna().all()
    assert np.isnan(one.summary().loc["on_time_rate", "value"])


def test_repr_and_html(res: sim.Results) -> None:
    text = repr(res)
    assert "results_check" in text
    assert "3 replications" in text
    assert "seed=12" in text
    page = res._repr_html_()
    assert "结果&lt;检查&gt;" in page
    assert "<table" in page
    assert res.meta.seed == 12
    assert res.meta.replications == 3


def test_queue_series(res: sim.Results) -> None:
    q = res.queue_series("counter", replication=1)
    assert q["time_h"].is_monotonic_increasing
    assert q["busy_staff"].between(0, 2).all()
    assert (q["queue_length"] >= 0).all()
    first = pd.Timestamp("2024-09-02") + pd.Timedelta(hours=q["time_h"].iloc[0])
    assert abs(q["time"].iloc[0] - first) < pd.Timedelta(microseconds=1)
