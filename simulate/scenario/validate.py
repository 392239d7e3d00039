"""Cross-field checks of a built scenario: references, the flow graph, consistency.

These run on every scenario: after loading a file (problems then get file and line), after
each reform, and before a run of a scenario built in Python.
"""

from __future__ import annotations

from collections import Counter

from simulate.errors import Problem, ScenarioError, did_you_mean
from simulate.limits import ARRIVALS, REWORK_ROUNDS, raise_hint
from simulate.scenario.flow import flow_steps
from simulate.scenario.model import Scenario


def check_scenario(s: Scenario) -> list[Problem]:
    """Every cross-reference and graph problem in ``s`` (empty list when it is sound)."""
    problems: list[Problem] = []
    desk_ids = [d.id for d in s.desks]
    step_ids = [st.id for st in s.steps]
    for name, count in Counter(step_ids).items():
        if count > 1:
            i = step_ids.index(name)
            problems.append(
                Problem(
                    f"step id '{name}' is used {count} times",
                    f"steps[{i}].id",
                    fix="give every step its own id",
                )
            )
    for name, count in Counter(desk_ids).items():
        if count > 1:
            problems.append(
                Problem(
                    f"desk id '{name}' is used {count} times",
                    "desks",
                    fix="give every desk its own id",
                )
            )
    for i, st in enumerate(s.steps):
        if st.desk is not None and st.desk not in desk_ids:
            problems.append(
                Problem(
                    f"unknown desk '{st.desk}'",
                    f"steps[{i}].desk",
                    fix=did_you_mean(st.desk, desk_ids),
                )
            )
        if st.default_approval and st.limit_working_days is None:
            problems.append(
                Problem(
                    "default_approval needs the step's own limit",
                    f"steps[{i}].default_approval",
                    fix="add limit: {working_days: N} to the step",
                )
            )
    in_flow = list(flow_steps(s.flow))
    for name, count in Counter(in_flow).items():
        if count > 1:
            problems.append(
                Problem(
                    f"step '{name}' appears {count} times in the flow",
                    "flow",
                    fix="reference every step exactly once (use rework for repeats)",
                )
            )
        if name not in step_ids:
            problems.append(
                Problem(f"unknown step '{name}'", "flow", fix=did_you_mean(name, step_ids))
            )
    for i, st in enumerate(s.steps):
        if st.id not in in_flow:
            problems.append(
                Problem(
                    f"step '{st.id}' is not in the flow",
                    f"steps[{i}].id",
                    fix="add it to flow or remove the step",
                )
            )
    for step_id, rw in s.rework:
        if step_id not in step_ids:
            problems.append(
                Problem(
                    f"rework for unknown step '{step_id}'",
                    f"rework.{step_id}",
                    fix=did_you_mean(step_id, step_ids),
                )
            )
        if rw.before is not None:
            if rw.before not in step_ids:
                problems.append(
                    Problem(
                        f"unknown step '{rw.before}'",
                        f"rework.{step_id}.before",
                        fix=did_you_mean(rw.before, step_ids),
                    )
                )
            elif rw.before == step_id:
                problems.append(
                    Problem(
                        "a make-up cannot be due before its own step",
                        f"rework.{step_id}.before",
                        fix="name a later step",
                    )
                )
            elif step_id in in_flow and in_flow.index(rw.before) < in_flow.index(step_id):
                problems.append(
                    Problem(
                        f"'{rw.before}' comes before '{step_id}' in the flow",
                        f"rework.{step_id}.before",
                        fix="name a step that comes later",
                    )
                )
        if (rw.before is not None or rw.p_fail > 0) and not rw.alongside:
            problems.append(
                Problem(
                    "before and p_fail only apply to make-ups that run alongside",
                    f"rework.{step_id}",
                    fix="add alongside: true or drop before/p_fail",
                )
            )
    if s.arrivals.kind == "cohort" and s.arrivals.date is not None and s.arrivals.date < s.start:
        problems.append(
            Problem(
                f"cohort date {s.arrivals.date} is before start {s.start}",
                "arrivals.date",
                fix="move the date on or after start",
            )
        )
    if s.arrivals.kind == "listed" and s.arrivals.times and s.arrivals.times[0].date() < s.start:
        problems.append(
            Problem(
                f"first submission {s.arrivals.times[0]} is before start {s.start}",
                "arrivals.csv",
                fix="move start to the first submission date",
            )
        )
    problems += limit_problems(s)
    return problems


def limit_problems(scenario: Scenario) -> list[Problem]:
    """Submissions per replication and rework rounds past their limits (:mod:`simulate.limits`)."""
    problems: list[Problem] = []
    a = scenario.arrivals
    cap = ARRIVALS.value()
    count, field = {
        "poisson": (a.per_working_day * scenario.horizon_working_days, "arrivals.per_working_day"),
        "cohort": (float(a.cohort), "arrivals.cohort"),
        "listed": (float(len(a.times)), "arrivals.csv"),
    }[a.kind]
    if not count <= cap:
        problems.append(
            Problem(
                f"about {count:,.0f} submissions in one replication, too many to simulate",
                field,
                fix="lower the volume or shorten horizon_working_days; " + raise_hint(ARRIVALS),
            )
        )
    rounds = REWORK_ROUNDS.value()
    for step_id, rw in scenario.rework:
        if rw.max_rounds > rounds:
            problems.append(
                Problem(
                    f"{rw.max_rounds:,} rounds of 补正 is more than a case can go through",
                    f"rework.{step_id}.max_rounds",
                    fix=raise_hint(REWORK_ROUNDS),
                )
            )
    return problems


def validate(s: Scenario) -> Scenario:
    """Return ``s`` if it is sound; raise :class:`ScenarioError` listing every problem otherwise."""
    problems = check_scenario(s)
    if problems:
        raise ScenarioError(
            [Problem(p.message, p.field, s.path, None, p.fix) for p in problems], file=s.path
        )
    return s
