"""What the hardening keeps working: limits can be raised, exact seeds, offsets in arrival
files, `simulate list` past broken files, `validate` as strict as `run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import simulate as sim
from simulate.cli import main
from simulate.limits import ALL, ARRIVALS, raise_hint
from tests.reliability.malformed import BASE, CASES, with_line


def write(folder: Path, text: str, name: str = "s.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_limit_names_its_variable_and_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = with_line("  per_working_day: 3\n", "  cohort: 2000000\n  date: 2024-03-04\n", BASE)
    path = write(tmp_path, text)
    with pytest.raises(sim.ScenarioError, match="SIMULATE_MAX_ARRIVALS") as err:
        sim.load_scenario(path)
    assert f"{path}:8: [arrivals.cohort]" in str(err.value)
    monkeypatch.setenv("SIMULATE_MAX_ARRIVALS", "3000000")
    assert sim.load_scenario(path).arrivals.cohort == 2_000_000
    assert ARRIVALS.value() == 3_000_000
    monkeypatch.setenv("SIMULATE_MAX_ARRIVALS", "not a number")  # ignored: the default holds
    assert ARRIVALS.value() == ARRIVALS.default


def test_every_limit_says_how_to_raise_it() -> None:
    for limit in ALL:
        hint = raise_hint(limit)
        assert limit.variable in hint
        assert f"export {limit.variable}=" in hint


def test_a_limit_holds_for_a_scenario_built_in_python(tmp_path: Path) -> None:
    scenario = sim.load_scenario(write(tmp_path, BASE))
    with pytest.raises(sim.ScenarioError, match=r"\[arrivals.per_working_day\].*too many"):
        sim.run(scenario, horizon_working_days=1_000_000, replications=1)


def test_a_seed_above_2_53_is_kept_exactly(tmp_path: Path) -> None:
    seed = 2**53 + 1
    scenario = sim.load_scenario(write(tmp_path, with_line("seed: 1\n", f"seed: {seed}\n")))
    assert scenario.seed == seed
    assert sim.run(scenario, replications=1).meta.seed == seed


@pytest.mark.parametrize("seed", [-1, 2**63, 1.5, True])
def test_run_refuses_a_bad_seed(tmp_path: Path, seed: object) -> None:
    scenario = sim.load_scenario(write(tmp_path, BASE))
    with pytest.raises(sim.ScenarioError, match=r"\[seed\] must be a whole number from 0"):
        sim.run(scenario, seed=seed, replications=1)  # type: ignore[arg-type]


def test_arrival_times_with_an_offset_are_read_as_beijing_time(tmp_path: Path) -> None:
    (tmp_path / "arrivals.csv").write_text(
        "submitted\n2024-03-04T02:00:00+00:00\n2024-03-04 11:00\n2024-03-04 12:30+08:00\n",
        encoding="utf-8",
    )
    text = with_line("  per_working_day: 3\n", "  csv: arrivals.csv\n")
    scenario = sim.load_scenario(write(tmp_path, text))
    assert scenario.arrivals.times == (
        dt.datetime(2024, 3, 4, 10, 0),
        dt.datetime(2024, 3, 4, 11, 0),
        dt.datetime(2024, 3, 4, 12, 30),
    )
    assert len(sim.run(scenario, replications=1).cases) == 3  # and `run` takes what `validate` did


def test_validate_checks_the_calendar_past_the_horizon(tmp_path: Path) -> None:
    """Cases still open at the end of the horizon need calendar days after it too."""
    start = "2026-12-21"  # the official data ends 2026-12-31: five working days remain
    text = with_line("start: 2024-03-04\n", f"start: {start}\n")
    path = write(tmp_path, text)
    with pytest.raises(sim.ScenarioError, match=r"after the last submission that its case"):
        sim.load_scenario(path)
    shorter = with_line("start: 2024-03-04\n", "start: 2026-11-02\n")
    sim.run(sim.load_scenario(write(tmp_path, shorter, "ok.yaml")), replications=1)


def test_list_goes_past_broken_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    written = 0
    for i, case in enumerate(CASES):
        text = case.files.get("scenario.yaml")
        if text is not None and case.api:
            path = folder / f"case{i:03d}.yaml"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            written += 1
    (folder / "zero.yaml").symlink_to("/dev/zero")
    write(folder, BASE, "good.yaml")
    assert main(["list", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"{written + 2} scenario files" in out
    assert out.count("invalid (") == written + 1
    assert "good.yaml" in out
