"""Invariants of reforms over random flows (Hypothesis).

Flows are short sequences of fixed-length steps: some pure delays, some served by desks
with far more staff than cases (so nothing queues), one with an in-person visit.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulate as sim
from simulate.reforms.registry import apply_reform
from simulate.scenario.flow import Serial, critical_path

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = dt.date(2024, 3, 4)


def build(hours: list[float], desks: list[int], *, poisson: bool = False) -> sim.Scenario:
    """Steps s0..sn-1 of the given hours; desks[i] = 0 pure delay, 1 or 2 that desk."""
    steps = []
    for i, (h, d) in enumerate(zip(hours, desks, strict=True)):
        steps.append(
            sim.Step(
                id=f"s{i}",
                duration=sim.Duration.fixed(h),
                desk=None if d == 0 else f"d{d}",
                actor="applicant" if d == 0 and i % 2 else "agency",
                visit=i == 0,
                travel=sim.Duration.fixed(0.5, unit="natural_hours") if i == 0 else None,
            )
        )
    if poisson:
        arrivals = sim.Arrivals(kind="poisson", per_working_day=3.0)
        calendar = sim.CalendarSpec()
    else:
        arrivals = sim.Arrivals(kind="cohort", cohort=3, date=START)
        calendar = sim.CalendarSpec(days="every_day", office_hours=sim.OfficeHours.parse("24h"))
    return sim.Scenario(
        name="random_flow",
        start=START,
        horizon_working_days=4,
        calendar=calendar,
        arrivals=arrivals,
        desks=(sim.Desk(id="d1", staff=50), sim.Desk(id="d2", staff=50)),
        steps=tuple(steps),
        flow=Serial(tuple(s.id for s in steps)),
    )


flows = st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(1, 12).map(float), min_size=n, max_size=n),
        st.lists(st.integers(0, 2), min_size=n, max_size=n),
    )
)


def elapsed_hours(s: sim.Scenario) -> np.ndarray:
    cases = sim.run(s, replications=1, seed=3).cases.sort_values("case")
    return (cases["finish_h"] - cases["arrival_h"]).to_numpy()


@st.composite
def a_slice(draw: st.DrawFn, n: int, at_least: int = 2) -> tuple[int, int]:
    i = draw(st.integers(0, n - at_least))
    j = draw(st.integers(i + at_least, n))
    return i, j


@st.composite
def reform_for(draw: st.DrawFn, s: sim.Scenario) -> tuple[str, dict[str, Any]]:
    """A random reform that applies to ``s`` (a sequence of steps s0..sn-1)."""
    ids = [x.id for x in s.steps]
    n = len(ids)
    staffed = [x.id for x in s.steps if x.desk]
    applicant = [x.id for x in s.steps if x.actor == "applicant"]
    options = [
        "parallel_approval",
        "joint_review",
        "remove_steps",
        "pre_approval",
        "online",
        "area_assessment",
        "cap_duration",
        "staffing",
        "single_window",
        "commitment_limit",
    ]
    if staffed:
        options.append("auto_approval")
        options.append("notification_commitment")
    if applicant:
        options.append("assisted_application")
    name = draw(st.sampled_from(options))
    i, j = draw(a_slice(n))
    if name == "parallel_approval":
        return name, {"steps": ids[i:j]}
    if name == "joint_review":
        return name, {"steps": ids[i:j], "into": "joint"}
    if name == "remove_steps":
        return name, {
            "steps": draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n - 1, unique=True))
        }
    if name == "pre_approval":
        return name, {"steps": ids[i + 1 : j], "overlap_with": ids[i]}
    if name == "online":
        return name, {"steps": ["s0"], "any_hour": draw(st.booleans())}
    if name == "area_assessment":
        return name, {"steps": ids[i:j], "share": draw(st.sampled_from([0.25, 0.5, 1.0]))}
    if name == "cap_duration":
        return name, {"step": ids[i], "working_days": draw(st.sampled_from([0.1, 0.25, 1.0]))}
    if name == "staffing":
        return name, {"desk": "d1", "staff": draw(st.integers(1, 5))}
    if name == "single_window":
        return name, {"desks": ["d1", "d2"], "into": "window"}
    if name == "commitment_limit":
        return name, {
            "statutory_working_days": 20,
            "speedup": 0.6,
            "reading": draw(st.sampled_from(["time_cut", "speed_up"])),
        }
    if name == "auto_approval":
        return name, {"step": draw(st.sampled_from(staffed)), "share": 0.5}
    if name == "notification_commitment":
        return name, {
            "step": draw(st.sampled_from(staffed)),
            "check": {"working_hours": 0.5},
            "inspection": {"share": 0.5, "desk": "d2", "duration": {"working_hours": 1}},
            "revoke_share": 0.1,
        }
    return name, {"steps": applicant, "prep_factor": 0.5}


@SETTINGS
@given(flow=flows, data=st.data())
def test_parallelisation_never_lengthens_a_case(
    flow: tuple[list[float], list[int]], data: st.DataObject
) -> None:
    hours, desks = flow
    base = build(hours, desks)
    i, j = data.draw(a_slice(len(hours)))
    ids = [f"s{k}" for k in range(len(hours))]
    length = {f"s{k}": h for k, h in enumerate(hours)}
    length["s0"] += 0.5  # the visit's travel
    before = elapsed_hours(base)
    assert np.allclose(before, critical_path(base.flow, length))
    for name, params in (
        ("parallel_approval", {"steps": ids[i:j]}),
        ("pre_approval", {"steps": ids[i + 1 : j], "overlap_with": ids[i]}),
    ):
        reformed = apply_reform(base, name, **params)
        after = elapsed_hours(reformed)
        assert (after <= before + 1e-9).all()
        assert np.allclose(after, critical_path(reformed.flow, length))
        group = [length[x] for x in ids[i:j]]
        expected = (
            sum(length.values())
            - sum(group)
            + (max(group) if name == "parallel_approval" else max(group[0], sum(group[1:])))
        )
        assert np.allclose(after, expected)


@SETTINGS
@given(flow=flows, data=st.data())
def test_reforms_keep_the_arrivals_and_leave_the_input_alone(
    flow: tuple[list[float], list[int]], data: st.DataObject
) -> None:
    base = build(*flow, poisson=True)
    frozen = copy.deepcopy(base)
    digest = base.digest()
    name, params = data.draw(reform_for(base))
    reformed = apply_reform(base, name, **params)
    assert base == frozen
    assert base.digest() == digest
    assert reformed.with_changes(reforms=()) != base
    assert reformed.digest() != digest
    n_base = len(sim.run(base, replications=1, seed=9).cases)
    n_reformed = len(sim.run(reformed, replications=1, seed=9).cases)
    assert n_base == n_reformed > 0


def as_dict(s: sim.Scenario, reforms: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The scenario's YAML shape with a ``reforms:`` list."""
    data = {
        "name": s.name,
        "start": s.start.isoformat(),
        "horizon_working_days": s.horizon_working_days,
        "calendar": {"days": "every_day", "office_hours": "24h"},
        "arrivals": {"cohort": 3, "date": s.start.isoformat()},
        "desks": {d.id: {"staff": d.staff} for d in s.desks},
        "steps": [
            {
                "id": x.id,
                "duration": {"working_hours": x.duration.params[0]},
                "actor": x.actor,
                "visit": x.visit,
                **({"desk": x.desk} if x.desk else {}),
                **({"travel": {"natural_hours": 0.5}} if x.travel else {}),
            }
            for x in s.steps
        ],
        "flow": [x.id for x in s.steps],
        "reforms": [{n: p} for n, p in reforms],
    }
    return data


@SETTINGS
@given(flow=flows, data=st.data())
def test_reforms_apply_in_the_listed_order(
    flow: tuple[list[float], list[int]], data: st.DataObject
) -> None:
    base = build(*flow)
    assert sim.scenario_from_dict(as_dict(base, [])) == base
    a = data.draw(reform_for(base))
    after_a = apply_reform(base, a[0], **a[1])
    b = data.draw(reform_for(base))
    try:
        ab = apply_reform(after_a, b[0], **b[1])
    except sim.ScenarioError:
        return  # b no longer applies once a is done (e.g. its steps were removed)
    assert sim.scenario_from_dict(as_dict(base, [a, b])) == ab
    try:
        ba = apply_reform(apply_reform(base, b[0], **b[1]), a[0], **a[1])
    except sim.ScenarioError:
        return
    assert sim.scenario_from_dict(as_dict(base, [b, a])) == ba


def test_order_matters_where_reforms_do_not_commute() -> None:
    base = build([4.0, 6.0, 2.0], [1, 0, 2])
    cap = ("cap_duration", {"step": "s1", "working_days": 0.125})  # 3 h of a 24 h day
    helped = ("assisted_application", {"steps": ["s1"], "prep_factor": 0.5})
    first = sim.scenario_from_dict(as_dict(base, [cap, helped]))
    second = sim.scenario_from_dict(as_dict(base, [helped, cap]))
    assert first.step("s1").duration.mean == 1.5  # capped at 3, then halved
    assert second.step("s1").duration.mean == 3.0  # halved to 3, then capped at 3
    assert first.step("s1").duration.cap == 1.5
    assert second.step("s1").duration.cap == 3.0
    staffed = [("staffing", {"desk": "d1", "staff": 2}), ("staffing", {"desk": "d1", "staff": 7})]
    assert sim.scenario_from_dict(as_dict(base, staffed)).desk("d1").staff == 7
    assert sim.scenario_from_dict(as_dict(base, staffed[::-1])).desk("d1").staff == 2
