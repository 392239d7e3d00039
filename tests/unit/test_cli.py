"""The command line: outputs, exit codes, and nothing written on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from simulate.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example_gas.yaml"


def test_run_writes_every_table_and_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(["run", str(EXAMPLE), "-n", "2", "--seed", "7", "--out", str(out), "--quiet"])
    assert status == 0
    names = {p.name for p in out.iterdir()}
    assert {
        "summary.txt",
        "summary.csv",
        "cases.csv",
        "steps.csv",
        "desks.csv",
        "manifest.json",
        "results.xlsx",
    } <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 7
    assert manifest["replications"] == 2
    cases = pd.read_csv(out / "cases.csv")
    assert set(cases["replication"]) == {0, 1}
    assert cases["elapsed_working_days"].notna().all()
    with pd.ExcelFile(out / "results.xlsx") as book:
        assert book.sheet_names[:4] == ["summary", "targets", "desks", "steps"]
    assert capsys.readouterr().out == ""  # --quiet


def test_run_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "run",
                str(EXAMPLE),
                "-n",
                "2",
                "--seed",
                "1",
                "--out",
                str(tmp_path / "o"),
                "--no-excel",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "P90 elapsed, working days" in text
    assert "bottleneck: desk" in text
    assert not (tmp_path / "o" / "results.xlsx").exists()


def test_same_seed_same_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            main(
                [
                    "run",
                    str(EXAMPLE),
                    "-n",
                    "2",
                    "--seed",
                    "3",
                    "--out",
                    str(tmp_path / name),
                    "-q",
                    "--no-excel",
                ]
            )
            == 0
        )
    for table in ("cases.csv", "steps.csv", "summary.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()


def test_bad_file_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("time_limit:", "time_limt:"), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "[time_limt] unknown key 'time_limt'; did you mean 'time_limit'?" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_validate_reports_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n  steps: [a\n", encoding="utf-8")
    assert main(["validate", str(EXAMPLE), str(bad)]) == 2
    captured = capsys.readouterr()
    assert "example_gas.yaml: ok" in captured.out
    assert f"{bad}:2: broken YAML" in captured.err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--replications", "0"]) == 2
    assert "--replications: must be a whole number from 1 to" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_list_shows_shipped_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(ROOT / "scenarios")]) == 0
    text = capsys.readouterr().out
    assert "example_gas" in text
    assert "water_gas" in text


def test_reform_option_applies_a_reform_with_parameters(tmp_path: Path) -> None:
    base = ROOT / "scenarios" / "water_gas" / "gas_baseline.yaml"
    args = ["run", str(base), "-n", "1", "--seed", "2", "-q", "--no-excel"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b"), "--reform", "online: {steps: [apply]}"]) == 0
    before = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "b" / "manifest.json").read_text(encoding="utf-8"))
    assert after["reforms"] == [*before["reforms"], "online"]
    visits = [pd.read_csv(tmp_path / d / "cases.csv")["visits"].sum() for d in ("a", "b")]
    assert visits[0] > 0
    assert visits[1] == 0


def test_bad_reform_option_names_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ROOT / "scenarios" / "water_gas" / "gas_baseline.yaml"
    out = tmp_path / "o"
    assert main(["run", str(base), "--out", str(out), "--reform", "online: {stepz: [apply]}"]) == 2
    err = capsys.readouterr().err
    assert "--reform 'online: {stepz: [apply]}': [online.stepz] unknown parameter 'stepz'" in err
    assert not out.exists()


def test_sensitivity_and_staff_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sens"
    status = main(
        ["sensitivity", str(EXAMPLE), "-n", "1", "--seed", "2", "--levels", "2", "--out", str(out)]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert ("robust" in printed) or ("hinges on" in printed)
    assert {"tornado.csv", "curves.csv", "sensitivity.xlsx", "tornado.png"} <= {
        p.name for p in out.iterdir()
    }
    staff_out = tmp_path / "staff"
    status = main(
        [
            "staff",
            str(EXAMPLE),
            "-n",
            "1",
            "--seed",
            "2",
            "--max-staff",
            "6",
            "--out",
            str(staff_out),
            "-q",
        ]
    )
    # the gas example's days are in fixed waits: no staffing reaches its limit (status 1)
    assert status in (0, 1)
    assert (staff_out / "frontier.csv").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--range", "desks.nope.staff=1:3"], "no number at 'desks.nope.staff'"),
        (["--range", "desks.gas_counter.staff=3"], "LO:HI"),
        (["--range", "desks.gas_counter.staff=0:3"], "whole number of at least 1"),
    ],
)
def test_sensitivity_bad_input_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status = main(["sensitivity", str(EXAMPLE), "-n", "1", "--out", str(tmp_path / "x"), *argv])
    assert status == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_sweep_command_writes_the_grid(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    argv = ["sweep", str(EXAMPLE), "--set", "desks.gas_counter.staff=1,2", "-n", "1"]
    assert main([*argv, "--seed", "3", "--out", str(out), "-q"]) == 0
    table = pd.read_csv(out / "replications.csv")
    assert sorted(set(table["point"])) == [0, 1]
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["desks.gas_counter.staff"]) == {1.0, 2.0}
