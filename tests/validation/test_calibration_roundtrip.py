"""Round trip: simulate a shipped scenario, write its event log, calibrate it back.

The fitted numbers must recover the scenario's own: the arrival rate, the median time of
every step and the rework probability inside their 95 % intervals (checked as coverage over
eight independent logs: a 95 % interval may miss once in twenty, not often), the staff of
every desk exactly, the flow, and the recalibrated model must reproduce the original's
throughput-time distribution (two-sample Kolmogorov-Smirnov and medians within 5 %).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import simulate as sim
from simulate.scenario.flow import flow_text

ROOT = Path(__file__).resolve().parents[2]
REPLICATIONS = 8


@pytest.fixture(scope="module")
def gas() -> sim.Scenario:
    return sim.load_scenario(ROOT / "scenarios" / "example_gas.yaml")


@pytest.fixture(scope="module")
def logs(gas: sim.Scenario) -> list[pd.DataFrame]:
    results = sim.run(
        gas, replications=REPLICATIONS, seed=2, horizon_working_days=250, warmup_working_days=0
    )
    return [results.event_log(replication=k) for k in range(REPLICATIONS)]


@pytest.fixture(scope="module")
def calibrations(logs: list[pd.DataFrame]) -> list[sim.Calibration]:
    return [sim.calibrate(log) for log in logs]


def test_the_flow_and_the_staff_are_recovered(
    gas: sim.Scenario, calibrations: list[sim.Calibration]
) -> None:
    for c in calibrations:
        assert (
            flow_text(c.scenario.flow) == "apply → survey_wait → survey → design_build → commission"
        )
        staff = {d.label: d.staff for d in c.scenario.desks}
        assert staff == {d.id: d.staff for d in gas.desks}
        assert {s.id: s.desk for s in c.scenario.steps} == {
            "apply": "gas_counter",
            "survey_wait": None,
            "survey": "field_team",
            "design_build": None,
            "commission": "field_team",
        }


def test_rates_medians_and_rework_are_inside_their_intervals(
    gas: sim.Scenario, calibrations: list[sim.Calibration]
) -> None:
    hpd = gas.work_calendar().hours_per_day
    truth: dict[str, float] = {"arrivals per working day": gas.arrivals.per_working_day}
    for step in gas.steps:
        median = step.duration.params[0]  # every step of the example is lognormal
        if step.duration.unit == "working_days" and step.duration.params[0] < 1:
            median *= hpd
        truth[f"time {step.id}"] = median
    truth["rework apply"] = gas.rework_map["apply"].p_incomplete
    covered = dict.fromkeys(truth, 0)
    for c in calibrations:
        fits = c.fits.set_index("what")
        for what, value in truth.items():
            row = fits.loc[what]
            unit = row["unit"]
            step = what.removeprefix("time ")
            if what.startswith("time "):
                assert unit == gas.step(step).duration.unit, what
            covered[what] += bool(row["low"] <= value <= row["high"])
    # 8 logs, 95 % intervals: fewer than 6 covering has probability 0.6 %
    assert all(n >= 6 for n in covered.values()), covered
    assert sum(covered.values()) >= 0.875 * REPLICATIONS * len(truth), covered


def test_every_fitted_number_says_how_it_was_fitted(calibrations: list[sim.Calibration]) -> None:
    from tests.scenarios.test_provenance import check_text

    text = sim.to_yaml(calibrations[0].scenario)
    findings, _ = check_text(text)
    assert findings == []
    assert "assumption" not in text
    assert text.count("fitted:") >= 10


def test_the_recalibrated_model_reproduces_the_original(
    gas: sim.Scenario, calibrations: list[sim.Calibration], tmp_path: Path
) -> None:
    path = calibrations[0].save(tmp_path / "gas_fitted.yaml")
    fitted = sim.load_scenario(path)
    original = sim.run(
        gas, replications=3, seed=11, horizon_working_days=250, warmup_working_days=0
    ).cases["elapsed_working_days"]
    again = sim.run(fitted, replications=3, seed=12).cases["elapsed_working_days"]
    ks = stats.ks_2samp(original, again)
    assert ks.pvalue > 0.01, ks
    for q in (0.5, 0.9):
        a, b = np.quantile(original, q), np.quantile(again, q)
        assert abs(b - a) <= 0.05 * a, (q, a, b)


def _branching() -> sim.Scenario:
    """Intake at a desk, two reviews in parallel, an optional site visit, 补正 after intake."""
    d = sim.Duration
    steps = (
        sim.Step(id="intake", duration=d.lognormal(1.0, 2.0), desk="counter"),
        sim.Step(id="fire", duration=d.lognormal(2.0, 4.0, "working_days")),
        sim.Step(id="planning", duration=d.lognormal(3.0, 5.0, "working_days")),
        sim.Step(id="site", duration=d.lognormal(1.5, 3.0, "working_days")),
        sim.Step(id="issue", duration=d.lognormal(2.0, 3.0), desk="counter"),
    )
    flow = sim.Serial(
        (
            "intake",
            sim.Parallel(("fire", "planning")),
            sim.Choice(((0.3, "site"), (0.7, sim.Serial(()))), key="site"),
            "issue",
        )
    )
    return sim.Scenario(
        name="branching",
        start=dt.date(2024, 3, 1),
        horizon_working_days=200,
        arrivals=sim.Arrivals(kind="poisson", per_working_day=5.0),
        desks=(sim.Desk(id="counter", staff=3),),
        steps=steps,
        flow=flow,
        rework=(
            ("intake", sim.Rework(p_incomplete=0.2, makeup=d.lognormal(2.0, 5.0, "working_days"))),
        ),
    )


def test_parallel_optional_and_completion_only_logs() -> None:
    scenario = _branching()
    log = sim.run(scenario, replications=1, seed=5).event_log()
    c = sim.calibrate(log)
    text = flow_text(c.scenario.flow)
    assert text.startswith("intake → (fire ∥ planning) → (")
    fits = c.fits.set_index("what")
    site = fits.loc["share site"]
    assert site["low"] <= 0.3 <= site["high"]
    rework = fits.loc["rework intake"]
    assert rework["low"] <= 0.2 <= rework["high"]

    # the same log with completion times only: every step becomes a delay, and says so
    only_end = log.drop(columns=["start"])
    c2 = sim.calibrate(only_end)
    assert not c2.scenario.desks
    assert all(s.desk is None for s in c2.scenario.steps)
    assert any("completion times only" in note for note in c2.notes)
    original = sim.run(scenario, replications=2, seed=8).cases["elapsed_working_days"]
    again = sim.run(c2.scenario, replications=2, seed=9).cases["elapsed_working_days"]
    # queueing at the counter is small at this load: the delay model keeps the median
    assert abs(np.median(again) - np.median(original)) <= 0.1 * np.median(original)
