"""Results split by a case attribute (``Results.by``), checked against the case table by hand.

A calendar open every hour of every day and staff enough that nobody queues: simple projects
take apply (1 day) and review (3 days), counted 3 after the acceptance day, within the limit
of 4; general ones also extra (2 days), counted 5, past it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.errors import SimulateError

BODY = """\
name: split
start: 2024-03-04
horizon_working_days: 100
calendar: {days: every_day, office_hours: "24h"}
arrivals: {cohort: 400, date: 2024-03-04}
time_limit: {working_days: 4, assumption: "made up"}
desks:
  office: {staff: 10000}
attributes:
  project: {shares: {simple: 0.3, general: 0.7}, assumption: "made up"}
  capacity_kva: {distribution: {values: [100, 200]}, assumption: "made up"}
channels: {online_share: 0.5, assumption: "made up"}
steps:
  - {id: apply, desk: office, duration: {working_days: 1}}
  - {id: review, desk: office, duration: {working_days: 3}}
  - {id: extra, desk: office, duration: {working_days: 2}, when: {project: general}}
flow: [apply, review, extra]
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> sim.Results:
    path = tmp_path_factory.mktemp("split") / "s.yaml"
    path.write_text(BODY, "utf-8")
    return sim.run(sim.load_scenario(path), replications=3, seed=8, progress=False)


def test_split_by_a_category(results: sim.Results) -> None:
    table = results.by("project")
    assert list(table.index) == ["simple", "general"]
    simple, general = table.loc["simple"], table.loc["general"]
    # by hand: every simple case 4 days (counted 3, on time), every general one 6 (5, late)
    assert simple["mean_elapsed_working_days"] == pytest.approx(4)
    assert simple["p90_counted_working_days"] == pytest.approx(3)
    assert general["mean_counted_working_days"] == pytest.approx(5)
    assert simple["on_time_rate"] == 1.0
    assert general["on_time_rate"] == 0.0
    # the cases per replication and their share, against the case table
    cases = results.cases
    per_rep = cases.groupby(["replication", "project"], observed=True).size().unstack()
    assert simple["cases"] == pytest.approx(per_rep["simple"].mean())
    assert table["cases"].sum() == pytest.approx(400)
    assert simple["share_of_cases"] == pytest.approx((per_rep["simple"] / 400).mean())


def test_the_interval_of_a_class_share(results: sim.Results) -> None:
    # on time when simple and online: the share per replication, then a Student-t interval
    cases = results.cases
    split = results.by("channel")
    assert list(split.index) == ["in_person", "online"]
    online = cases[cases["channel"] == "online"]
    shares = online.groupby("replication")["on_time"].mean().to_numpy(dtype=float)
    mean = shares.mean()
    half = 4.302652729911275 * shares.std(ddof=1) / np.sqrt(3)  # t(0.975, 2 df)
    row = split.loc["online"]
    assert row["on_time_rate"] == pytest.approx(mean)
    assert row["on_time_rate_ci_low"] == pytest.approx(max(mean - half, 0.0))
    assert row["on_time_rate_ci_high"] == pytest.approx(min(mean + half, 1.0))
    assert 0.15 < mean < 0.45


def test_split_by_a_number_cut_at_edges(results: sim.Results) -> None:
    table = results.by("capacity_kva", edges=[0, 160, 1000])
    assert list(table.index) == ["[0, 160]", "(160, 1000]"]
    cases = results.cases
    small = cases[cases["capacity_kva"] <= 160]
    per_rep = small.groupby("replication")["elapsed_working_days"].mean().mean()
    assert table.loc["[0, 160]", "mean_elapsed_working_days"] == pytest.approx(per_rep)


@pytest.mark.parametrize(
    ("attribute", "edges", "message"),
    [
        ("colour", None, "no case attribute 'colour'"),
        ("capacity_kva", None, "is a number: give increasing edges"),
        ("capacity_kva", [200, 100], "is a number: give increasing edges"),
        ("project", [0, 1], "is a category"),
    ],
)
def test_bad_splits_say_what_to_do(
    results: sim.Results, attribute: str, edges: list[float] | None, message: str
) -> None:
    with pytest.raises(SimulateError, match=message):
        results.by(attribute, edges=edges)


def test_the_workbook_has_a_sheet_per_category(results: sim.Results, tmp_path: Path) -> None:
    from simulate.results.workbook import write_workbook

    path = tmp_path / "results.xlsx"
    write_workbook(results, path)
    sheets = pd.read_excel(path, sheet_name=None)
    assert {"by_project", "by_channel"} <= set(sheets)
    assert "by_capacity_kva" not in sheets
    assert len(sheets["by_project"]) == 2
