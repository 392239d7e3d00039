"""The result tables built from raw columns: several replications at once give each one's
own rows, desks count only their own work, categories list only what happened."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate.engine.replication import run_replication
from simulate.engine.tables import build_tables

HORIZON_DAYS = 4


def _scenario(**extra: Any) -> sim.Scenario:
    open_24h = {"hours": "24h", "every_day": True}
    data: dict[str, Any] = {
        "name": "tables",
        "start": "2024-09-02",
        "horizon_working_days": HORIZON_DAYS,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"per_working_day": 10, "any_hour": True},
        "time_limit": {"working_days": 2},
        "desks": {"front": {"staff": 1, **open_24h}, "back": {"staff": 1, **open_24h}},
        "steps": [
            {"id": "apply", "desk": "front", "duration": {"natural_hours": {"mean": 1}}},
            {
                "id": "hearing",
                "duration": {"natural_hours": {"median": 5, "p90": 20}},
                "clock_stop": True,
            },
            {"id": "wait", "duration": {"natural_hours": {"mean": 30}}},
            {"id": "review", "desk": "back", "duration": {"natural_hours": {"mean": 2}}},
        ],
        "rework": {"apply": {"p_incomplete": 0.5, "makeup": {"natural_hours": {"mean": 8}}}},
        "flow": ["apply", "hearing", "wait", "review"],
        **extra,
    }
    return sim.scenario_from_dict(data)


def _tables(scenario: sim.Scenario, replications: list[int]) -> tuple[pd.DataFrame, ...]:
    return build_tables(scenario, [run_replication(scenario, r, 5) for r in replications])


def test_each_replication_gets_its_own_rows_when_built_together() -> None:
    scenario = _scenario()
    together = _tables(scenario, [0, 1, 2])
    assert (together[0]["clock_stop_working_days"] > 0).all()
    for r in (0, 1, 2):
        alone = _tables(scenario, [r])
        for both, one in zip(together, alone, strict=True):
            mine = both[both["replication"] == r].reset_index(drop=True)
            assert len(mine) == len(one) > 0
            pd.testing.assert_frame_equal(mine, one, check_categorical=False)
    # the replications differ, so a row taken from another one would show
    cases = together[0]
    counted = [cases.loc[cases["replication"] == r, "counted_working_days"] for r in (0, 1, 2)]
    assert len({tuple(np.round(c, 9)) for c in counted}) == 3


def test_a_desk_counts_only_the_work_rows_of_its_own_steps() -> None:
    scenario = _scenario()
    _, steps, desks = _tables(scenario, [0])
    horizon = HORIZON_DAYS * 24.0
    assert (steps["phase"] == "makeup").any()
    for desk in ("front", "back"):
        rows = steps[(steps["desk"] == desk) & (steps["phase"] == "work")]
        busy = (rows["end_h"].clip(0, horizon) - rows["start_h"].clip(0, horizon)).sum()
        queued = (rows["start_h"].clip(0, horizon) - rows["enter_h"].clip(0, horizon)).sum()
        row = desks[desks["desk"] == desk].iloc[0]
        assert float(row["utilisation"]) == pytest.approx(busy / horizon)
        assert float(row["mean_queue_length"]) == pytest.approx(queued / horizon)


def test_categories_list_only_what_happened() -> None:
    scenario = _scenario(rework={})
    _, steps, _ = _tables(scenario, [0])
    assert list(steps["phase"].cat.categories) == ["work"]
    assert set(steps["desk"].cat.categories) <= {"front", "back", ""}
    assert set(steps["step"].cat.categories) == {"apply", "hearing", "wait", "review"}


def test_the_desks_table_names_each_desks_own_office_hours_or_the_calendars() -> None:
    from dataclasses import replace
    from pathlib import Path

    path = Path(__file__).parents[2] / "scenarios" / "example_gas.yaml"
    scenario = sim.load_scenario(path)
    own = sim.OfficeHours.parse("08:30-12:00, 14:00-17:30")
    counter = scenario.desk("gas_counter")
    desks = tuple(d if d is not counter else replace(d, hours=own) for d in scenario.desks)
    r = sim.run(scenario.with_changes(desks=desks), replications=1, seed=1, progress=False)
    shown = dict(zip(r.desks["desk"], r.desks["office_hours"], strict=True))
    assert shown["gas_counter"] == str(own)
    assert shown["field_team"] == str(scenario.calendar.office_hours)  # none of its own
