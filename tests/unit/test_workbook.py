"""The results workbook: formatted summaries, targets, desks and steps; rows only on request."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import simulate as sim
from simulate.results.overview import desk_table, step_table, target_table
from simulate.results.rows import write_rows
from simulate.results.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example_gas.yaml"


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    """These tests read the Chinese workbook (the default language)."""
    sim.set_language("zh")
    yield
    sim.set_language(None)


@pytest.fixture(scope="module")
def results() -> sim.Results:
    scenario = sim.load_scenario(EXAMPLE).with_changes(horizon_working_days=40)
    return sim.run(scenario, replications=3, seed=5, progress=False)


def test_workbook_sheets_headers_formats_and_charts(results: sim.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_workbook(results, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["summary", "targets", "desks", "steps", "manifest"]
    summary = book["summary"]
    assert [c.value for c in summary[1]] == [
        "指标代码",
        "指标",
        "数值",
        "95%区间下限",
        "95%区间上限",
        "单位",
    ]
    assert summary.freeze_panes == "C2"
    rows = {r[0].value: r for r in summary.iter_rows(min_row=2)}
    expected = results.summary()
    on_time = rows["on_time_rate"]
    assert on_time[1].value == "按时办结率"
    assert on_time[2].value == pytest.approx(expected.loc["on_time_rate", "value"])
    assert on_time[2].number_format == "0.0%"
    assert rows["mean_elapsed_working_days"][2].number_format == "0.00"
    assert rows["mean_elapsed_working_days"][5].value == "工作日"
    # the limit's verdict: judged by the on-time rate against 90%
    targets = book["targets"]
    verdict = next(targets.iter_rows(min_row=2, values_only=True))
    rate = expected.loc["on_time_rate", "value"]
    assert verdict[1] == "on_time_rate"
    assert verdict[-1].startswith("达到" if rate >= 0.9 else "未达到")
    desks = book["desks"]
    assert desks.freeze_panes == "B2"
    assert desks.column_dimensions["A"].width >= 20
    with zipfile.ZipFile(path) as archive:  # native charts on the desks and steps sheets
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_desk_and_step_tables_agree_with_the_rows(results: sim.Results) -> None:
    desks = desk_table(results).set_index("desk")
    for desk, util in results.desks.groupby("desk", observed=True)["utilisation"].mean().items():
        assert desks.loc[str(desk), "utilisation"] == pytest.approx(util)
    steps = step_table(results).set_index("step")
    work = results.steps[results.steps["phase"] == "work"]
    for step, group in work.groupby("step", observed=True):
        assert steps.loc[str(step), "passes_per_replication"] == pytest.approx(len(group) / 3)
        assert steps.loc[str(step), "mean_wait_working_days"] == pytest.approx(
            group["wait_working_days"].mean()
        )
    # the per-step elapsed time per case adds up to the mean elapsed time per case when the
    # steps run one after another (the example is a chain)
    assert steps["mean_elapsed_working_days"].sum() == pytest.approx(
        results.cases["elapsed_working_days"].mean(), rel=1e-6
    )


def test_targets_name_the_metric_they_are_judged_by(results: sim.Results) -> None:
    table = target_table(results)
    assert list(table["metric"]) == ["on_time_rate"]
    row = table.iloc[0]
    assert row["goal"] == pytest.approx(0.9)
    assert row["met"] == (row["value"] >= 0.9)


def test_rows_go_into_the_workbook_only_on_request(results: sim.Results, tmp_path: Path) -> None:
    plain, full = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(results, plain)
    write_workbook(results, full, rows=True, max_rows=100)
    assert "cases" not in openpyxl.load_workbook(plain, read_only=True).sheetnames
    cases = pd.read_excel(full, sheet_name="cases")
    assert len(cases) == 100  # cut at the limit, with a note in the manifest sheet
    assert list(cases.columns) == list(results.cases.columns)
    head = results.cases.iloc[:100]
    assert (cases["case"].to_numpy() == head["case"].to_numpy()).all()
    # streamed cells keep every digit, booleans and text
    assert cases["elapsed_working_days"].tolist() == head["elapsed_working_days"].tolist()
    assert cases["in_warmup"].tolist() == head["in_warmup"].tolist()
    assert cases["scenario"].tolist() == head["scenario"].astype(str).tolist()
    assert cases["arrival"].tolist() == head["arrival"].dt.strftime("%Y-%m-%d %H:%M:%S").tolist()
    loaded = openpyxl.load_workbook(full)  # a full load checks the sheet's XML
    assert loaded["cases"].max_row == 101
    assert loaded["cases"].freeze_panes == "A2"
    notes = pd.read_excel(full, sheet_name="manifest")
    assert notes.iloc[:, 1].astype(str).str.contains(f"{len(results.cases):,}").any()


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_rows_files_hold_every_row(
    results: sim.Results, tmp_path: Path, file_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("simulate.results.rows.CHUNK_ROWS", 1000)  # several slices
    assert len(results.steps) > 3000
    path = write_rows(results.steps, tmp_path / "steps", file_format)  # type: ignore[arg-type]
    back = pd.read_csv(path) if file_format == "csv" else pd.read_parquet(path)
    assert len(back) == len(results.steps)
    assert back["elapsed_working_days"].to_numpy() == pytest.approx(
        results.steps["elapsed_working_days"].to_numpy()
    )


def test_streamed_rows_escape_text_and_leave_gaps_empty(tmp_path: Path) -> None:
    from simulate.results.sheet_rows import fill_sheet

    frame = pd.DataFrame(
        {
            "text": ["a<b & c", "办结", None],
            "number": [1.5, float("nan"), 3.0],
            "flag": pd.array([True, None, False], dtype="boolean"),
        }
    )
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("rows")
    sheet.append(list(frame.columns))
    book.save(path)
    fill_sheet(path, 1, frame)
    back = openpyxl.load_workbook(path)["rows"]
    values = [list(r) for r in back.iter_rows(min_row=2, values_only=True)]
    assert values == [["a<b & c", 1.5, True], ["办结", None, None], [None, 3.0, False]]
