"""Scenarios kept in a workbook: template, read with cell locations, convert both ways."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

import simulate as sim
from simulate.cli import main
from simulate.errors import ScenarioError
from simulate.io.dump import data_to_yaml
from simulate.io.workbook import read_workbook
from simulate.io.workbook_layout import SHEETS
from simulate.io.workbook_write import write_template
from simulate.library import library_names, scenario_data


def same(a: Any, b: Any) -> bool:
    """Equal mappings, numbers to Excel's 15 significant digits."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-14, abs_tol=0)
    return bool(a == b)


def plain(data: Any) -> Any:
    return yaml.safe_load(data_to_yaml(data))


@pytest.mark.parametrize("name", library_names())
def test_every_shipped_scenario_survives_the_workbook(name: str, tmp_path: Path) -> None:
    data = scenario_data(name)
    write_template(tmp_path / "s.xlsx", data)
    back, _, problems = read_workbook(tmp_path / "s.xlsx")
    assert problems == []
    assert same(plain(back), plain(data))


def test_a_step_fee_and_condition_survive_the_workbook(tmp_path: Path) -> None:
    data = scenario_data("company_registration/achieved_three_hours_003")
    steps = [dict(step) for step in data["steps"]]  # type: ignore[union-attr]
    steps[0]["fee"] = 50
    data = {**data, "steps": steps}
    write_template(tmp_path / "s.xlsx", data)
    back, _, problems = read_workbook(tmp_path / "s.xlsx")
    assert problems == []
    assert back["steps"][0]["fee"] == 50
    assert back["steps"][0]["when"] == {"matter": "new"}
    assert back["channels"]["by"] == "matter"
    assert same(plain(back), plain(data))


def test_template_yaml_template_round_trip(tmp_path: Path) -> None:
    """template -> YAML -> template: the same workbook cells, and the same scenario."""
    first, text, second = tmp_path / "a.xlsx", tmp_path / "a.yaml", tmp_path / "b.xlsx"
    source = "company_registration/half_day_parallel"  # extends, reforms, thresholds
    assert main(["template", str(first), "--from", source]) == 0
    assert main(["convert", str(first), str(text)]) == 0
    assert main(["convert", str(text), str(second)]) == 0
    a, b = openpyxl.load_workbook(first), openpyxl.load_workbook(second)
    assert a.sheetnames == b.sheetnames == ["说明", *SHEETS]
    for sheet in SHEETS:
        assert [list(r) for r in a[sheet].values] == [list(r) for r in b[sheet].values], sheet
    shipped = sim.load_scenario(source)
    for path in (first, text, second):
        loaded = sim.load_scenario(path)
        assert loaded.digest() == shipped.digest(), path
        assert [r.name for r in loaded.reforms] == [r.name for r in shipped.reforms]


def test_the_template_is_bilingual_with_sources_and_assumptions(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert main(["template", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    steps = book["steps"]
    header = [c.value for c in steps[1]]
    ids = [c.value for c in steps[2]]
    assert header[:3] == ["环节代码", "环节名称", "办理窗口"]
    assert {"source", "assumption", "duration_source", "duration_assumption"} <= set(ids)
    for sheet in ("desks", "rework", "targets"):
        assert {"source", "assumption"} <= {c.value for c in book[sheet][2]}


def test_a_workbook_runs_like_its_yaml(tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    write_template(path, scenario_data("example_gas"))
    a = sim.run(
        sim.load_scenario(path).with_changes(horizon_working_days=30), replications=2, seed=3
    )
    b = sim.run(
        sim.load_scenario("example_gas").with_changes(horizon_working_days=30),
        replications=2,
        seed=3,
    )
    assert a.cases["elapsed_working_days"].tolist() == b.cases["elapsed_working_days"].tolist()


def test_workbook_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path, scenario_data("example_gas"))
    book = openpyxl.load_workbook(path)
    book["steps"]["C4"] = "gas_countr"  # second step's desk
    book["steps"]["G5"] = "abc"  # third step's median
    book["steps"]["R3"] = "{natural_hours: {median: 0.5"  # broken one-line YAML
    book["desks"]["C3"] = 0
    book["reforms"]["A3"] = "paralel_approval"
    book["scenario"]["B8"] = "2023-02-30"
    book.save(path)
    with pytest.raises(ScenarioError) as caught:
        sim.load_scenario(path)
    lines = str(caught.value).splitlines()
    expected = [
        f"{path}:steps!C4: [steps[1].desk] unknown desk 'gas_countr'; did you mean 'gas_counter'?",
        f"{path}:steps!G5: [steps[2].duration.working_hours.median] must be a finite number, got 'abc'",
        f"{path}:steps!R3: [steps[0].travel] not one-line YAML",
        f"{path}:desks!C3: [desks.gas_counter.staff] must be >= 1, got 0",
        f"{path}:reforms!A3: [reforms[0].paralel_approval] unknown reform 'paralel_approval'",
        f"{path}:scenario!B8: [start] must be a date YYYY-MM-DD, got '2023-02-30'",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert len(lines) == len(expected) + 1  # one line each, then the count


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path, scenario_data("example_gas"))
    book = openpyxl.load_workbook(path)
    del book["flow"]
    book.save(path)
    with pytest.raises(
        ScenarioError, match="sheet 'flow' is missing; start from `simulate template"
    ):
        sim.load_scenario(path)


def test_convert_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("mine\n", encoding="utf-8")
    workbook = tmp_path / "x.xlsx"
    write_template(workbook, scenario_data("example_gas"))
    assert main(["convert", str(workbook), str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert "--force" in capsys.readouterr().err
