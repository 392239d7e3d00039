"""补正 make-up time that stops the clock: the scenario field, its YAML, errors and dump."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulate as sim
from simulate.errors import ScenarioError
from simulate.io.dump import scenario_to_data

TEXT = """\
name: makeup_clock
start: 2024-03-04
horizon_working_days: 5
arrivals: {cohort: 2, date: 2024-03-04}
desks:
  counter: {staff: 1}
steps:
  - {id: apply, desk: counter, duration: {working_hours: 1}}
flow: [apply]
rework:
  apply:
    p_incomplete: 0.5
    makeup: {working_days: 2}
    clock_stop: CLOCK
"""


def _load(tmp_path: Path, value: str) -> sim.Scenario:
    path = tmp_path / "makeup.yaml"
    path.write_text(TEXT.replace("CLOCK", value), encoding="utf-8")
    return sim.load_scenario(path)


def test_the_field_defaults_to_counting_the_makeup() -> None:
    rw = sim.Rework(p_incomplete=0.5, makeup=sim.Duration.fixed(1.0))
    assert rw.clock_stop is False


def test_yaml_sets_clock_stop_and_dump_writes_it_back(tmp_path: Path) -> None:
    s = _load(tmp_path, "true")
    assert s.rework_map["apply"].clock_stop is True
    assert scenario_to_data(s)["rework"]["apply"]["clock_stop"] is True
    again = tmp_path / "again.yaml"
    sim.save_scenario(s, again)
    assert sim.load_scenario(again).rework_map["apply"].clock_stop is True
    off = _load(tmp_path, "false")
    assert off.rework_map["apply"].clock_stop is False
    assert "clock_stop" not in scenario_to_data(off)["rework"]["apply"]
    assert off.digest() != s.digest()


def test_a_non_boolean_clock_stop_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, "yes please")
    line = TEXT.splitlines().index("    clock_stop: CLOCK") + 1
    assert f"makeup.yaml:{line}: [rework.apply.clock_stop] must be true or false" in str(info.value)


def test_an_unknown_rework_key_suggests_clock_stop(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(TEXT.replace("clock_stop: CLOCK", "clock_stpo: true"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"unknown key 'clock_stpo'.*did you mean 'clock_stop'"):
        sim.load_scenario(path)
