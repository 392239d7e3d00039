"""Results: tidy tables with documented columns and units, summaries with intervals."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from typing import Any

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.calendar import WorkCalendar, timeline_of
from simulate.engine.replication import PHASES, ReplicationOutput, build_calendar, run_replication
from simulate.engine.tables import build_tables, max_queue
from simulate.results import (
    CASE_COLUMNS,
    CASE_DTYPES,
    DESK_COLUMNS,
    DESK_DTYPES,
    METRIC_UNITS,
    STEP_COLUMNS,
    STEP_DTYPES,
    format_summary,
)

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
    # the acceptance day (at most one working day) is not counted; nor is time stopped after it
    plain = np.maximum(c["elapsed_working_days"] - c["clock_stop_working_days"], 0)
    assert (c["counted_working_days"] <= plain + 1e-9).all()
    assert (c["counted_working_days"] >= plain - 1 - 1e-9).all()
    assert (c["counted_working_days"] < plain - 1e-6).mean() > 0.5
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


# -- the tables against the documented schema and a plain pandas construction ---------------
def _acceptance_close(cal: WorkCalendar, clock: float) -> float:
    """Clock at the close of the acceptance day, found with dates (not calendar.deadlines).

    Submitted on a working day before closing time: that day; otherwise the next working day.
    """
    close = cal.office_hours.intervals[-1][1]
    when = cal.to_datetime(clock)
    day = when.date()
    hour = when.hour + when.minute / 60 + (when.second + when.microsecond / 1e6) / 3600
    if not (cal.is_working_day(day) and hour < close - 1e-9):
        day += dt.timedelta(days=1)
        while not cal.is_working_day(day):
            day += dt.timedelta(days=1)
    return cal.to_clock(day) + close


def _legal_counts(
    s: sim.Scenario,
    cal: WorkCalendar,
    c: dict[str, np.ndarray],
    r: dict[str, np.ndarray],
    stop_rows: np.ndarray,
) -> np.ndarray:
    """Counted working days case by case, in plain Python."""
    tl = timeline_of(cal)
    hpd = cal.hours_per_day
    limit = s.time_limit_working_days
    by_days = limit is None or (limit >= 1 and float(limit).is_integer())
    out = []
    for i, (case, t0, t1, stop_h) in enumerate(
        zip(c["case"], c["arrival_h"], c["finish_h"], c["clock_stop_hours"], strict=True)
    ):
        if not by_days:
            out.append(max((tl.work_at(t1) - tl.work_at(t0) - stop_h) / hpd, 0.0))
            continue
        close = _acceptance_close(cal, t0)
        on_day = 0.0
        for j in np.flatnonzero(stop_rows & (r["case"] == case)):
            a, b = max(r["enter_h"][j], t0), min(r["end_h"][j], close)
            if b > a:
                on_day += tl.work_at(b) - tl.work_at(a)
        on_day = min(on_day, tl.work_at(close) - tl.work_at(t0))
        del i
        out.append(max((tl.work_at(t1) - tl.work_at(close) - (stop_h - on_day)) / hpd, 0.0))
    return np.array(out)


def _reference_tables(
    s: sim.Scenario, outs: list[ReplicationOutput]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables built the plain way (one frame per replication, pandas filters and sorts)."""
    cal = build_calendar(s)
    tl = timeline_of(cal)

    def days(t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
        return np.asarray((tl.work_at_array(t1) - tl.work_at_array(t0)) / cal.hours_per_day)

    origin = pd.Timestamp(cal.origin)
    case_frames, step_frames = [], []
    for o in outs:
        c = o.case_cols
        r = o.step_cols
        elapsed = days(c["arrival_h"], c["finish_h"])
        stopped = c["clock_stop_hours"] / cal.hours_per_day
        code = r["step_code"].astype(np.int64)
        phase = np.array(PHASES, dtype=object)[r["phase_code"].astype(np.int64)]
        rework = s.rework_map
        stop_makeup = np.array(
            [
                st_.id in rework and rework[st_.id].clock_stop and not rework[st_.id].alongside
                for st_ in s.steps
            ]
        )
        stop_rows = (
            (np.array([x.clock_stop for x in s.steps])[code] & (phase == "work"))
            | (stop_makeup[code] & (phase == "makeup"))
        ) & ~r["detached"].astype(bool)
        counted = _legal_counts(s, cal, c, r, stop_rows)
        limit = s.time_limit_working_days
        case_frames.append(
            pd.DataFrame(
                {
                    "scenario": s.name,
                    "replication": np.full(len(elapsed), o.replication, dtype=np.int32),
                    "case": c["case"],
                    "arrival": (origin + pd.to_timedelta(c["arrival_h"], unit="h")).as_unit("ns"),
                    "finish": (origin + pd.to_timedelta(c["finish_h"], unit="h")).as_unit("ns"),
                    "arrival_h": c["arrival_h"],
                    "finish_h": c["finish_h"],
                    "elapsed_working_days": elapsed,
                    "elapsed_natural_days": (c["finish_h"] - c["arrival_h"]) / 24.0,
                    "clock_stop_working_days": stopped,
                    "counted_working_days": counted,
                    "on_time": pd.array(
                        counted <= limit + 1e-9 if limit else [pd.NA] * len(counted),
                        dtype="boolean",
                    ),
                    "visits": c["visits"],
                    "rework_rounds": c["rework_rounds"],
                    "in_warmup": c["arrival_h"] < o.warmup_clock,
                }
            )
        )
        r = o.step_cols
        code = r["step_code"].astype(np.int64)
        phase = np.array(PHASES, dtype=object)[r["phase_code"].astype(np.int64)]
        st = s.steps
        rework = s.rework_map
        stop_makeup = np.array(
            [
                st_.id in rework and rework[st_.id].clock_stop and not rework[st_.id].alongside
                for st_ in st
            ]
        )
        limits = np.array([x.limit_working_days or np.nan for x in st])[code]
        elapsed_s = days(r["enter_h"], r["end_h"])
        # a step's limit in days runs from the close of the day the case reached the step
        counted_s = np.array(
            [
                max((tl.work_at(e) - tl.work_at(_acceptance_close(cal, a))) / 7.0, 0.0)
                if not np.isnan(lim) and lim >= 1 and float(lim).is_integer()
                else x
                for a, e, lim, x in zip(r["enter_h"], r["end_h"], limits, elapsed_s, strict=True)
            ]
        )
        over = pd.array(
            np.where(np.isnan(limits), False, counted_s > limits + 1e-9), dtype="boolean"
        )
        over[np.isnan(limits) | (phase != "work")] = pd.NA
        step_frames.append(
            pd.DataFrame(
                {
                    "scenario": s.name,
                    "replication": np.full(len(code), o.replication, dtype=np.int32),
                    "case": r["case"],
                    "step": pd.Categorical.from_codes(code, categories=[x.id for x in st]),
                    "label": np.array([x.label for x in st], dtype=object)[code],
                    "desk": np.array([x.desk or "" for x in st], dtype=object)[code],
                    "actor": np.where(
                        np.isin(phase, ["makeup", "travel"]),
                        "applicant",
                        np.array([x.actor for x in st], dtype=object)[code],
                    ),
                    "phase": phase,
                    "round": r["round"],
                    "detached": r["detached"],
                    "enter_h": r["enter_h"],
                    "start_h": r["start_h"],
                    "end_h": r["end_h"],
                    "wait_working_days": days(r["enter_h"], r["start_h"]),
                    "work_working_days": days(r["start_h"], r["end_h"]),
                    "elapsed_working_days": elapsed_s,
                    "clock_stop": (np.array([x.clock_stop for x in st])[code] & (phase == "work"))
                    | (stop_makeup[code] & (phase == "makeup")),
                    "visit": np.array([x.visit for x in st])[code] & (phase == "work"),
                    "over_limit": over,
                }
            ).sort_values(["case", "enter_h", "start_h"], kind="stable")
        )
    cases = pd.concat(case_frames, ignore_index=True)
    steps = pd.concat(step_frames, ignore_index=True)
    labels = [x.label for x in s.steps]
    if len(set(labels)) == len(labels):
        steps["label"] = pd.Categorical(steps["label"], categories=labels)
    for col in ("label", "desk", "actor", "phase", "scenario"):
        steps[col] = steps[col].astype("category")
    cases["scenario"] = cases["scenario"].astype("category")
    desk_rows = []
    for o in outs:
        mine = steps[(steps["replication"] == o.replication) & (steps["phase"] == "work")]
        w0, w1 = o.warmup_clock, o.horizon_clock
        for d in s.desks:
            dtl = timeline_of(cal, d.hours)
            g = mine[mine["desk"] == d.id]
            busy = (
                dtl.work_at_array(np.clip(g["end_h"].to_numpy(), w0, w1))
                - dtl.work_at_array(np.clip(g["start_h"].to_numpy(), w0, w1))
            ).sum()
            capacity = d.staff * (dtl.work_at(w1) - dtl.work_at(w0))
            queue = np.clip(g["start_h"].to_numpy(), w0, w1) - np.clip(
                g["enter_h"].to_numpy(), w0, w1
            )
            served = g[(g["start_h"] >= w0) & (g["start_h"] < w1)]
            desk_rows.append(
                {
                    "scenario": s.name,
                    "replication": o.replication,
                    "desk": d.id,
                    "label": d.label,
                    "staff": d.staff,
                    "office_hours": str(d.hours or s.calendar.office_hours),
                    "served": len(served),
                    "utilisation": float(busy) / capacity if capacity > 0 else np.nan,
                    "mean_queue_length": float(queue.sum() / (w1 - w0)),
                    "max_queue_length": _lexsort_max_queue(
                        g["enter_h"].to_numpy(), g["start_h"].to_numpy()
                    ),
                    "mean_wait_working_days": float(served["wait_working_days"].mean())
                    if len(served)
                    else np.nan,
                }
            )
    desks = pd.DataFrame(desk_rows, columns=list(DESK_COLUMNS))
    desks["scenario"] = pd.Categorical(desks["scenario"])
    return cases, steps, desks


def _lexsort_max_queue(enter: np.ndarray, start: np.ndarray) -> int:
    """Most waiting at once by sweeping every join (+1) and start (-1), starts first at ties."""
    if len(enter) == 0:
        return 0
    t = np.concatenate([enter, start])
    d = np.concatenate([np.ones(len(enter)), -np.ones(len(start))])
    return int(np.cumsum(d[np.lexsort((d, t))]).max())


def _raw(s: sim.Scenario, reps: int, seed: int) -> list[ReplicationOutput]:
    return [run_replication(s, rep, seed) for rep in range(reps)]


def _copies(outs: list[ReplicationOutput]) -> list[ReplicationOutput]:
    return [
        ReplicationOutput(
            o.replication,
            o.warmup_clock,
            o.horizon_clock,
            o.end_clock,
            {k: v.copy() for k, v in o.case_cols.items()},
            {k: v.copy() for k, v in o.step_cols.items()},
        )
        for o in outs
    ]


def _assert_schema(cases: pd.DataFrame, steps: pd.DataFrame, desks: pd.DataFrame) -> None:
    for frame, columns, dtypes in (
        (cases, CASE_COLUMNS, CASE_DTYPES),
        (steps, STEP_COLUMNS, STEP_DTYPES),
        (desks, DESK_COLUMNS, DESK_DTYPES),
    ):
        assert list(frame.columns) == list(columns) == list(dtypes)
        for column, dtype in dtypes.items():
            got = frame[column].dtype
            if dtype == "text":
                assert pd.api.types.is_string_dtype(got) or got.kind == "O", (column, got)
            else:
                assert str(got) == dtype, (column, got, dtype)


REWORKED: dict[str, Any] = {
    **DATA,
    "name": "reworked",
    "horizon_working_days": 6,
    "steps": [*DATA["steps"], {"id": "note", "label": "申请", "duration": {"natural_hours": 2}}],
    "flow": ["apply", "review", {"optional": "hearing", "p": 0.2}, "issue", "note"],
    "rework": {"review": {"p_incomplete": 0.02, "makeup": {"working_days": 1}, "clock_stop": True}},
}
FEW: dict[str, Any] = {
    **DATA,
    "horizon_working_days": 2,
    "warmup_working_days": 0,
    "arrivals": {"per_working_day": 0.4},
}


@pytest.mark.parametrize(
    ("data", "reps"),
    [
        (DATA, 3),
        (REWORKED, 6),
        (FEW, 6),
    ],
    ids=["results_check", "rare_rework_repeated_labels", "empty_replications"],
)
def test_tables_match_the_schema_and_a_plain_construction(data: dict[str, Any], reps: int) -> None:
    s = sim.scenario_from_dict(data)
    outs = _raw(s, reps, seed=21)
    expected = _reference_tables(s, _copies(outs))
    got = build_tables(s, outs)
    _assert_schema(*got)
    for a, b in zip(got, expected, strict=True):
        # the legal day count is summed in another order case by case: equal to 1e-12
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-12)
    assert all(not o.case_cols and not o.step_cols for o in outs)  # the raw columns were consumed
    res = sim.run(s, replications=reps, seed=21)  # run() builds the same tables
    for a, b in zip((res.cases, res.steps, res.desks), got, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_the_edge_cases_above_really_occur() -> None:
    rare = [run_replication(sim.scenario_from_dict(REWORKED), rep, 21) for rep in range(6)]
    makeups = [bool((o.step_cols["phase_code"] == PHASES.index("makeup")).any()) for o in rare]
    assert any(makeups)  # replications differ in the phases they see
    assert not all(makeups)
    sizes = [
        len(run_replication(sim.scenario_from_dict(FEW), rep, 21).case_cols["case"])
        for rep in range(6)
    ]
    assert 0 in sizes
    assert max(sizes) > 0


def test_fast_max_queue_equals_the_sweep() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 7, 50, 3000):
        enter = rng.integers(0, max(size // 3, 1), size).astype(float)  # many ties
        start = enter + rng.integers(0, 4, size) * rng.integers(0, 2, size)
        expected = _lexsort_max_queue(enter, start)
        assert max_queue(np.sort(enter), np.sort(start)) == expected


def test_a_run_holds_no_more_than_its_tables() -> None:
    """Peak traced memory of run() beyond its tables stays a small fixed amount."""
    s = sim.scenario_from_dict(
        {
            "name": "tandem",
            "start": "2024-01-01",
            "calendar": {"days": "every_day", "office_hours": "24h"},
            "horizon_working_days": 60,
            "arrivals": {"per_working_day": 300},
            "desks": {"a": {"staff": 2, "hours": "24h"}, "b": {"staff": 1, "hours": "24h"}},
            "steps": [
                {"id": "s1", "desk": "a", "duration": {"working_hours": {"mean": 0.1}}},
                {"id": "s2", "desk": "b", "duration": {"working_hours": {"mean": 0.06}}},
                {"id": "s3", "duration": {"natural_hours": 1}},
            ],
            "flow": ["s1", "s2", "s3"],
        }
    )
    sim.run(s.with_changes(horizon_working_days=2), replications=1, seed=1)  # warm caches
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        res = sim.run(s, replications=2, seed=1)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    rows = res.cases.memory_usage(deep=True).sum() + res.steps.memory_usage(deep=True).sum()
    assert len(res.cases) > 30_000
    # the old construction peaked at 3.3 times the rows; the fixed part is calendars and frames
    assert peak <= rows + 1_000_000, (peak / len(res.cases), rows / len(res.cases))
