"""Offered load before a run, the steady-state check after it, and verdict words.

Hand-worked: one desk, office hours 09:00-12:00 and 13:00-17:00 (7 h a working day), 4 cases
a working day, each bringing 2 h of staffed work: 8 h of work a day.

* 1 staff: 8 / 7 = 114% -> overloaded; ceil(8 / (0.85 x 7)) = ceil(1.345) = 2 staff needed.
* 2 staff: 8 / 14 = 57% -> stable.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import simulate as sim
from simulate.cli.main import main
from simulate.offered_load import offered_load, visits_per_case


def _data(staff: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"desk_{staff}",
        "start": "2024-03-04",
        "horizon_working_days": 60,
        "replications": 3,
        "arrivals": {"per_working_day": 4},
        "time_limit": {"working_days": 3},
        "desks": {"counter": {"staff": staff, "label": "窗口"}},
        "steps": [
            {
                "id": "serve",
                "desk": "counter",
                "duration": {"working_hours": 2},
                "assumption": "two hours a case",
            }
        ],
        "flow": ["serve"],
        **extra,
    }


def test_offered_load_by_hand() -> None:
    one, two = (offered_load(sim.scenario_from_dict(_data(n)))[0] for n in (1, 2))
    assert one.work_hours_per_day == pytest.approx(8.0)
    assert one.open_hours_per_day == pytest.approx(7.0)
    assert one.utilisation == pytest.approx(8 / 7)
    assert one.overloaded
    assert one.staff_needed == 2
    assert two.utilisation == pytest.approx(8 / 14)
    assert not two.overloaded
    assert "2 staff bring it to <= 85%" in one.warning()


def test_visits_count_rework_choices_detached_and_auto_approval() -> None:
    data = _data(3)
    data["steps"] = [
        {"id": "a", "desk": "counter", "duration": {"working_hours": 1}},
        {"id": "b", "desk": "counter", "duration": {"working_hours": 1}, "auto_share": 0.4},
        {"id": "c", "desk": "counter", "duration": {"working_hours": 1}},
        {"id": "d", "desk": "counter", "duration": {"working_hours": 1}},
    ]
    data["flow"] = [
        "a",
        {"choice": [{"p": 0.3, "do": "b"}, {"p": 0.7, "do": "c"}]},
        {"detached": "d", "share": 0.5},
    ]
    data["rework"] = {"a": {"p_incomplete": 0.2, "max_rounds": 3, "makeup": {"working_days": 1}}}
    s = sim.scenario_from_dict(data)
    visits = visits_per_case(s)
    assert visits["a"] == pytest.approx(1 + 0.2 + 0.04 + 0.008)
    assert visits["b"] == pytest.approx(0.3 * 0.6)
    assert visits["c"] == pytest.approx(0.7)
    assert visits["d"] == pytest.approx(0.5)
    load = offered_load(s)[0]
    assert load.work_hours_per_day == pytest.approx(4 * (1.248 + 0.18 + 0.7 + 0.5))


def test_offered_load_matches_the_simulated_utilisation() -> None:
    res = sim.run(sim.scenario_from_dict(_data(2)), seed=3, progress=False)
    simulated = float(res.desks["utilisation"].mean())
    assert simulated == pytest.approx(8 / 14, rel=0.05)
    assert res.steady.steady is True
    assert not res.overloaded
    assert res.summary().attrs["steady"] is True
    assert not any("warning" in line for line in res.report().splitlines())


def test_an_overloaded_desk_is_warned_about_and_not_steady() -> None:
    res = sim.run(sim.scenario_from_dict(_data(1)), seed=3, progress=False)
    assert [d.desk for d in res.overloaded] == ["counter"]
    steady = res.steady
    assert steady.steady is False
    assert steady.rise > 0.5
    assert res.summary().attrs["note"].startswith("not steady: figures depend on the horizon")
    report = res.report()
    assert "warning: desk counter" in report
    assert "not steady: figures depend on the horizon" in report
    assert all("not steady" in v.statement for v in res.verdicts())
    assert "⚠" in res._repr_html_()


def test_the_command_line_warns_before_the_run(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "over.yaml"
    path.write_text(sim.to_yaml(sim.scenario_from_dict(_data(1))), encoding="utf-8")
    code = main(
        ["run", str(path), "-n", "1", "--seed", "1", "--quiet", "--out", str(tmp_path / "o")]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: desk counter" in err
    assert "114%" in err


def test_verdicts_say_under_these_assumptions_and_name_what_they_rest_on() -> None:
    res = sim.run(sim.scenario_from_dict(_data(2)), seed=3, progress=False)
    (verdict,) = res.verdicts()
    assert verdict.target == "limit"
    assert verdict.metric == "on_time_rate"
    assert "under these assumptions" in verdict.statement
    assert verdict.assumptions == ("serve (serve): 0.286 working days (assumed)",)
    assert "rests most on serve" in verdict.statement
    assert math.isclose(verdict.value, float(res.summary().loc["on_time_rate", "value"]))


def test_an_average_limit_is_judged_on_the_mean() -> None:
    data = _data(2)
    data["time_limit"] = {"working_days": 1, "statistic": "mean"}
    res = sim.run(sim.scenario_from_dict(data), seed=3, progress=False)
    (verdict,) = res.verdicts()
    assert verdict.metric == "mean_counted_working_days"
    assert verdict.value == pytest.approx(
        float(res.cases.query("~in_warmup")["counted_working_days"].mean()), rel=0.02
    )
    assert "average limit" in verdict.statement


def test_the_manifest_records_overload_and_steady_state() -> None:
    from simulate.results.write import manifest

    over = sim.run(sim.scenario_from_dict(_data(1)), seed=3, progress=False)
    data = manifest(over)
    assert data["overloaded_desks"] == "counter (114%, 2 staff for <= 85%)"
    assert data["steady"] is False
    stable = manifest(sim.run(sim.scenario_from_dict(_data(2)), seed=3, progress=False))
    assert stable["overloaded_desks"] == ""
    assert stable["steady"] is True


def test_compare_warns_about_an_overloaded_scenario(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    over, fine = tmp_path / "over.yaml", tmp_path / "fine.yaml"
    over.write_text(sim.to_yaml(sim.scenario_from_dict(_data(1))), encoding="utf-8")
    fine.write_text(sim.to_yaml(sim.scenario_from_dict(_data(2))), encoding="utf-8")
    assert main(["compare", str(fine), str(over), "-n", "1", "--seed", "1", "-q"]) == 0
    err = capsys.readouterr().err
    assert "warning: desk_1: desk counter" in err
    assert "desk_2" not in err
