"""Cross-field checks of a built scenario: references, the flow graph, consistency.

These run on every scenario: after loading a file (problems then get file and line), after
each reform, and before a run of a scenario built in Python.
"""

from __future__ import annotations

from collections import Counter

from simulate.errors import Problem, ScenarioError, did_you_mean
from simulate.limits import ARRIVALS, REWORK_ROUNDS, raise_hint
from simulate.scenario.flow import Flow, Serial, flow_steps, node_at, step_path
from simulate.scenario.model import Scenario
from simulate.scenario.target_checks import target_problems
from simulate.strings import text


def follows_on_every_path(flow: Flow, first: str, then: str) -> bool:
    """Whether step ``then`` comes after step ``first`` on every path through ``flow``.

    It does when the two steps lie in one sequence (:class:`Serial`), ``then`` in a later
    item than ``first``: every case that reaches ``then`` has done ``first``. It does not
    when they are branches of one parallel or options of one choice, when ``then`` comes
    first, or when either is not in the flow.
    """
    first_path, then_path = step_path(flow, first), step_path(flow, then)
    if first_path is None or then_path is None or first == then:
        return False
    depth = 0
    while first_path[depth] == then_path[depth]:
        depth += 1
    return (
        isinstance(node_at(flow, first_path[:depth]), Serial)
        and first_path[depth] < then_path[depth]
    )


def makeups_due_too_early(scenario: Scenario) -> list[tuple[str, str]]:
    """The make-ups (容缺) due before a step that does not follow their own step on every path.

    A make-up of step ``x``'s missing documents due before step ``y`` (``rework: {x: {before:
    y}}``) is in order when ``y`` comes after ``x`` on every path through the flow
    (:func:`follows_on_every_path`). This is the one rule for it: the scenario checks and the
    reforms both ask it. Make-ups whose steps are not both in the flow, or due before their own
    step, are left to the other checks.

    Returns
    -------
    list of (str, str)
        ``(step id, before)`` of each make-up out of order, in the order of ``rework``.
    """
    in_flow = set(flow_steps(scenario.flow))
    return [
        (step_id, rework.before)
        for step_id, rework in scenario.rework
        if rework.before is not None
        and rework.before != step_id
        and {step_id, rework.before} <= in_flow
        and not follows_on_every_path(scenario.flow, step_id, rework.before)
    ]


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference and graph problem in ``scenario`` (empty list when it is sound)."""
    problems: list[Problem] = []
    desk_ids = [d.id for d in scenario.desks]
    step_ids = [st.id for st in scenario.steps]
    for name, count in Counter(step_ids).items():
        if count > 1:
            i = step_ids.index(name)
            problems.append(
                Problem(
                    text("problem.check.step_twice", name=name, count=count),
                    f"steps[{i}].id",
                    fix=text("problem.check.own_step_id"),
                )
            )
    for name, count in Counter(desk_ids).items():
        if count > 1:
            problems.append(
                Problem(
                    text("problem.check.desk_twice", name=name, count=count),
                    "desks",
                    fix=text("problem.check.own_desk_id"),
                )
            )
    for i, st in enumerate(scenario.steps):
        if st.desk is not None and st.desk not in desk_ids:
            problems.append(
                Problem(
                    text("problem.unknown_desk", name=st.desk),
                    f"steps[{i}].desk",
                    fix=did_you_mean(st.desk, desk_ids),
                )
            )
        if st.default_approval and st.limit_working_days is None:
            problems.append(
                Problem(
                    text("problem.check.default_approval"),
                    f"steps[{i}].default_approval",
                    fix=text("problem.check.add_limit", example="limit: {working_days: N}"),
                )
            )
    in_flow = list(flow_steps(scenario.flow))
    for name, count in Counter(in_flow).items():
        if count > 1:
            problems.append(
                Problem(
                    text("problem.check.flow_times", name=name, count=count),
                    "flow",
                    fix=text("problem.flow.once"),
                )
            )
        if name not in step_ids:
            problems.append(
                Problem(
                    text("problem.unknown_step", name=name),
                    "flow",
                    fix=did_you_mean(name, step_ids),
                )
            )
    for i, st in enumerate(scenario.steps):
        if st.id not in in_flow:
            problems.append(
                Problem(
                    text("problem.check.not_in_flow", name=st.id),
                    f"steps[{i}].id",
                    fix=text("problem.check.add_to_flow"),
                )
            )
    too_early = makeups_due_too_early(scenario)
    for step_id, rw in scenario.rework:
        if step_id not in step_ids:
            problems.append(
                Problem(
                    text("problem.check.rework_step", name=step_id),
                    f"rework.{step_id}",
                    fix=did_you_mean(step_id, step_ids),
                )
            )
        if rw.before is not None:
            if rw.before not in step_ids:
                problems.append(
                    Problem(
                        text("problem.unknown_step", name=rw.before),
                        f"rework.{step_id}.before",
                        fix=did_you_mean(rw.before, step_ids),
                    )
                )
            elif rw.before == step_id:
                problems.append(
                    Problem(
                        text("problem.check.before_itself"),
                        f"rework.{step_id}.before",
                        fix=text("problem.check.later_step"),
                    )
                )
            elif (step_id, rw.before) in too_early:
                problems.append(
                    Problem(
                        text("problem.check.not_after", before=rw.before, step=step_id),
                        f"rework.{step_id}.before",
                        fix=text("problem.check.not_after_fix"),
                    )
                )
        if (rw.before is not None or rw.p_fail > 0) and not rw.alongside:
            problems.append(
                Problem(
                    text("problem.check.alongside"),
                    f"rework.{step_id}",
                    fix=text("problem.check.alongside_fix"),
                )
            )
    if (
        scenario.arrivals.kind == "cohort"
        and scenario.arrivals.date is not None
        and scenario.arrivals.date < scenario.start
    ):
        problems.append(
            Problem(
                text(
                    "problem.check.cohort_date", date=scenario.arrivals.date, start=scenario.start
                ),
                "arrivals.date",
                fix=text("problem.check.cohort_fix"),
            )
        )
    first = min(scenario.arrivals.times, default=None)  # listed times need not be in order
    if scenario.arrivals.kind == "listed" and first is not None and first.date() < scenario.start:
        problems.append(
            Problem(
                text(
                    "problem.check.first_submission",
                    first=first,
                    start=scenario.start,
                ),
                "arrivals.csv",
                fix=text("problem.check.first_fix"),
            )
        )
    problems += limit_problems(scenario)
    problems += target_problems(scenario)
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
                text("problem.check.volume", count=count),
                field,
                fix=text("problem.check.volume_fix", hint=raise_hint(ARRIVALS)),
            )
        )
    rounds = REWORK_ROUNDS.value()
    for step_id, rw in scenario.rework:
        if rw.max_rounds > rounds:
            problems.append(
                Problem(
                    text("problem.check.rounds", rounds=rw.max_rounds, rework="补正"),
                    f"rework.{step_id}.max_rounds",
                    fix=raise_hint(REWORK_ROUNDS),
                )
            )
    return problems


def validate(scenario: Scenario) -> Scenario:
    """Return ``scenario`` if it is sound; raise :class:`ScenarioError` listing every problem otherwise."""
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError(
            [Problem(p.message, p.field, scenario.path, None, p.fix) for p in problems],
            file=scenario.path,
        )
    return scenario
