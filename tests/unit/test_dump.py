"""Scenarios written back to YAML load as the same scenario."""

from __future__ import annotations

from pathlib import Path

import simulate as sim
from simulate.io.dump import to_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_of_the_example(tmp_path: Path) -> None:
    s = sim.load_scenario(ROOT / "scenarios" / "example_gas.yaml")
    path = sim.save_scenario(s, tmp_path / "copy.yaml")
    again = sim.load_scenario(path)
    assert again.with_changes(path=s.path) == s
    assert again.digest() == s.digest()


def test_round_trip_of_a_scenario_built_in_python(tmp_path: Path) -> None:
    import datetime as dt

    s = sim.Scenario(
        name="built",
        label="自建流程",
        start=dt.date(2024, 3, 1),
        arrivals=sim.Arrivals(kind="cohort", cohort=5, date=dt.date(2024, 3, 4)),
        desks=(sim.Desk(id="window", label="综合窗口", staff=2),),
        steps=(
            sim.Step(id="apply", label="申请", desk="window", duration=sim.Duration.fixed(1.0)),
            sim.Step(
                id="a", label="审查甲", duration=sim.Duration.lognormal(2, 4, unit="working_days")
            ),
            sim.Step(
                id="b",
                label="审查乙",
                duration=sim.Duration.triangular(1, 2, 3, unit="natural_days"),
            ),
        ),
        flow=sim.Serial(("apply", sim.Parallel(("a", "b")))),
        time_limit_working_days=5,
    )
    text = to_yaml(s)
    assert "审查甲" in text  # Chinese stays readable
    path = tmp_path / "built.yaml"
    path.write_text(text, encoding="utf-8")
    again = sim.load_scenario(path)
    assert again.with_changes(path=None) == s.with_changes(time_limit_working_days=5.0)
