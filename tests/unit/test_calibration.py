"""Reading event logs and fitting them: headers, times, bad input, stages, fits, the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.calibration.fitting import fit_duration, median_interval
from simulate.calibration.logs import example_log, read_log
from simulate.cli import main


def _chinese_log(days: int = 40) -> pd.DataFrame:
    """A small 办件 log with Chinese headers: 受理 then 审核 (1-3 working hours apart)."""
    rng = np.random.default_rng(3)
    rows = []
    day = dt.date(2024, 3, 4)
    k = 0
    while k < days:
        if day.weekday() < 5:
            for i in range(3):
                start = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=int(i * 70))
                end = start + dt.timedelta(minutes=int(rng.integers(20, 60)))
                case = f"BJ{k:03d}{i}"
                rows.append((case, "受理", start, end, f"张{i % 2}", "综合窗口"))
                s2 = end + dt.timedelta(minutes=30)
                e2 = s2 + dt.timedelta(minutes=int(rng.integers(30, 120)))
                rows.append((case, "审核", s2, e2, "李", "审批科"))
            k += 1
        day += dt.timedelta(days=1)
    return pd.DataFrame(
        rows, columns=["办件编号", "环节名称", "开始时间", "办结时间", "经办人", "科室"]
    )


def test_chinese_headers_are_recognised() -> None:
    log = read_log(_chinese_log())
    assert dict(log.columns) == {
        "case": "办件编号",
        "activity": "环节名称",
        "start": "开始时间",
        "end": "办结时间",
        "resource": "经办人",
        "group": "科室",
    }
    assert log.has_start
    assert not log.date_only
    c = sim.calibrate(log)
    assert [s.label for s in c.scenario.steps] == ["受理", "审核"]
    assert [s.id for s in c.scenario.steps] == ["step01", "step02"]  # ASCII ids for Chinese names
    assert {d.label: d.staff for d in c.scenario.desks} == {"综合窗口": 2, "审批科": 1}


def test_missing_column_is_named_with_the_fix(tmp_path: Path) -> None:
    frame = _chinese_log().drop(columns=["环节名称"])
    with pytest.raises(sim.ScenarioError, match=r"\[activity\] no activity column found") as err:
        read_log(frame)
    assert "columns=" in str(err.value)
    path = tmp_path / "log.csv"
    frame.to_csv(path, index=False)
    assert main(["calibrate", str(path), "-q"]) == 2


def test_unparseable_time_names_column_and_row(tmp_path: Path) -> None:
    frame = _chinese_log().astype({"办结时间": str})
    frame.loc[4, "办结时间"] = "下周三"
    path = tmp_path / "log.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(sim.ScenarioError) as err:
        read_log(path)
    text = str(err.value)
    assert "log.csv:6: [办结时间]" in text  # data row 4 is line 6 of the file (header = 1)
    assert "'下周三'" in text


def test_end_before_start_and_missing_rows_are_excluded_with_counts() -> None:
    frame = _chinese_log()
    frame.loc[0, "办结时间"] = frame.loc[0, "开始时间"] - pd.Timedelta(hours=1)
    frame.loc[7, "环节名称"] = ""
    log = read_log(frame)
    reasons = dict(log.exclusions)
    assert reasons["rows without case, activity or end time"] == 1
    (bad,) = [r for r in reasons if r.startswith("cases with an end before its start")]
    assert "row 2" in bad
    assert reasons[bad] == 2
    c = sim.calibrate(log)
    assert any("left out: cases with an end before its start" in n for n in c.notes)


def test_empty_log_and_one_event_cases() -> None:
    with pytest.raises(sim.ScenarioError, match="no rows"):
        read_log(pd.DataFrame({"case_id": [], "activity": [], "end": []}))
    one = pd.DataFrame(
        {
            "case_id": ["a", "b", "b", "c"],
            "activity": ["x", "x", "y", "x"],
            "end": ["2024-03-04 10:00", "2024-03-05 10:00", "2024-03-05 15:00", "2024-03-06 11:00"],
        }
    )
    c = sim.calibrate(one)
    assert any("2 cases (67%) have a single event" in n for n in c.notes)
    assert sim.run(c.scenario, replications=1, seed=1).cases.shape[0] > 0


def test_date_only_offsets_and_time_zones() -> None:
    dates = pd.DataFrame(
        {
            "case": ["a", "a", "b", "b"],
            "activity": ["受理", "办结", "受理", "办结"],
            "end": ["2024-09-27", "2024-10-08", "2024-09-30", "2024-10-09"],
        }
    )
    log = read_log(dates)
    assert log.date_only
    assert not log.has_start
    c = sim.calibrate(log)
    # 27 Sep (Fri) to 8 Oct 2024: 27, 29 (调休 Sunday) and 30 Sep are working days (3);
    # 30 Sep to 9 Oct: 30 Sep and 8 Oct (2); National Day 1-7 Oct is off
    fit = c.fits.set_index("what").loc["time 办结"]
    assert fit["unit"] == "working_days"
    assert fit["method"] == "empirical"
    assert sorted(c.scenario.steps[1].duration.params) == [2.0, 3.0]
    assert any("dates without times" in n for n in c.notes)

    offsets = pd.DataFrame(
        {
            "case": ["a", "a"],
            "activity": ["x", "y"],
            "end": ["2011-10-28T10:00:00+02:00", "2011-10-31T10:00:00+01:00"],
        }
    )
    wall = read_log(offsets).frame["end"].dt.hour.tolist()
    assert wall == [10, 10]  # each time keeps its own wall clock
    shanghai = read_log(offsets, time_zone="Asia/Shanghai").frame["end"].dt.hour.tolist()
    assert shanghai == [16, 17]


def test_stage_mapping_groups_raw_activities(tmp_path: Path) -> None:
    frame = _chinese_log().replace({"环节名称": {"审核": "审核-一审"}})
    extra = frame[frame["环节名称"] == "审核-一审"].copy()
    extra["环节名称"] = "审核-二审"
    extra["开始时间"] = extra["办结时间"] + pd.Timedelta(minutes=5)
    extra["办结时间"] = extra["开始时间"] + pd.Timedelta(minutes=20)
    both = pd.concat([frame, extra], ignore_index=True)
    log = read_log(both, stages={"审核": "^审核"})
    assert sorted(log.frame["activity"].unique()) == ["受理", "审核"]
    assert dict(log.exclusions)["events merged into the same stage's previous event"] == len(extra)
    table = tmp_path / "stages.csv"
    table.write_text("activity,stage\n审核-一审,审核\n审核-二审,审核\n", encoding="utf-8")
    assert read_log(both, stages=table).frame.equals(log.frame)
    regex = tmp_path / "stages.yaml"
    regex.write_text('审核: "^审核"\n', encoding="utf-8")
    assert read_log(both, stages=regex).frame.equals(log.frame)


def test_fit_duration_chooses_by_aic_and_covers_the_median() -> None:
    rng = np.random.default_rng(7)
    lognormal = 2.0 * np.exp(0.6 * rng.standard_normal(3000))
    d, fit = fit_duration(lognormal, hours_per_day=7.0, date_only=False, what="x")
    assert d.kind == "lognormal"
    assert fit.method == "lognormal MLE"
    assert abs(d.params[0] - 2.0) < 0.05 * 2.0
    assert abs(d.sigma - 0.6) < 0.05 * 0.6
    assert fit.low <= fit.value <= fit.high  # coverage is checked in the round-trip test
    exponential = rng.exponential(3.0, 3000)
    d, fit = fit_duration(exponential, hours_per_day=7.0, date_only=False, what="x")
    assert d.kind == "exponential"
    assert abs(d.mean - 3.0) < 0.05 * 3.0
    days = 14.0 * np.exp(0.3 * rng.standard_normal(500))  # a median of two working days
    d, _ = fit_duration(days, hours_per_day=7.0, date_only=False, what="x")
    assert d.unit == "working_days"
    assert abs(d.params[0] - 2.0) < 0.1
    lo, hi = median_interval(np.arange(101.0))
    assert lo < 50 < hi
    assert hi - lo < 25


def test_event_log_roster_never_exceeds_the_staff() -> None:
    scenario = sim.load_scenario(Path(__file__).resolve().parents[2] / "scenarios/example_gas.yaml")
    results = sim.run(scenario, replications=1, seed=1, horizon_working_days=40)
    log = results.event_log()
    assert list(log.columns) == [
        "case_id",
        "activity",
        "label",
        "start",
        "end",
        "resource",
        "group",
        "submitted",
        "replication",
    ]
    work = results.steps[results.steps["phase"] == "work"]
    assert len(log) == len(work)
    assert (log["end"] >= log["start"]).all()
    assert (log["start"] >= log["submitted"]).all()
    for desk in scenario.desks:
        members = log.loc[log["group"] == desk.id, "resource"].unique()
        assert 1 <= len(members) <= desk.staff
        for member in members:  # one member serves one case at a time
            mine = log[log["resource"] == member].sort_values("start")
            assert (mine["start"].to_numpy()[1:] >= mine["end"].to_numpy()[:-1]).all()


def test_command_line_on_the_shipped_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "wabo.yaml"
    report = tmp_path / "report"
    code = main(
        [
            "calibrate",
            str(example_log()),
            "--calendar",
            "weekdays",
            "--out",
            str(out),
            "--holdout",
            "0.3",
            "--report",
            str(report),
            "-n",
            "2",
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "completion times only" in text
    assert "Hold-out validation" in text
    scenario = sim.load_scenario(out)
    assert scenario.calendar.days == "weekdays"
    assert not scenario.desks
    assert sorted(p.name for p in report.iterdir()) == [
        "holdout.txt",
        "holdout.xlsx",
        "holdout_ecdf.png",
        "holdout_ecdf.svg",
    ]
    book = pd.read_excel(report / "holdout.xlsx", sheet_name=None)
    assert set(book) == {"metrics", "activities", "ecdf", "fits", "findings"}
    assert main(["calibrate", str(tmp_path / "nosuch.csv")]) == 2


def test_a_log_past_the_official_calendar_gets_the_fix() -> None:
    late = pd.DataFrame(
        {"case": ["a", "a"], "activity": ["x", "y"], "end": ["2026-12-30", "2031-01-06"]}
    )
    with pytest.raises(sim.ScenarioError, match=r"runs until 2031-01-06.*calendar='weekdays'"):
        sim.calibrate(late)
    assert sim.calibrate(late, calendar="weekdays").scenario.calendar.days == "weekdays"


def test_excel_and_parquet_logs_read_like_csv(tmp_path: Path) -> None:
    frame = _chinese_log(days=5)
    csv, xlsx, parquet = tmp_path / "l.csv", tmp_path / "l.xlsx", tmp_path / "l.parquet"
    frame.to_csv(csv, index=False)
    frame.to_excel(xlsx, index=False)
    frame.to_parquet(parquet)
    reference = read_log(csv).frame
    for path in (xlsx, parquet):
        pd.testing.assert_frame_equal(read_log(path).frame, reference)


def test_a_desk_without_resources_gets_staff_from_overlapping_work() -> None:
    frame = _chinese_log(days=10).drop(columns=["经办人"])
    c = sim.calibrate(frame)
    fits = c.fits.set_index("what")
    # three cases a day at the counter, 70 minutes apart, each under an hour: never two at once
    assert fits.loc["staff 综合窗口", "value"] == 1
    assert fits.loc["staff 综合窗口", "method"] == "most intervals open at once"
    assert sim.run(c.scenario, replications=1, seed=1).cases.shape[0] > 0


def test_the_saved_scenario_loads_as_the_fitted_one(tmp_path: Path) -> None:
    c = sim.calibrate(example_log(), calendar="weekdays")
    loaded = sim.load_scenario(c.save(tmp_path / "wabo.yaml"))
    assert loaded.digest() == c.scenario.digest()
    replay = sim.calibrate(example_log(), calendar="weekdays", arrivals="replay")
    path = replay.save(tmp_path / "replay.yaml")
    assert (tmp_path / "replay_arrivals.csv").is_file()
    again = sim.load_scenario(path)
    assert again.arrivals.kind == "listed"
    assert len(again.arrivals.times) == 1434
