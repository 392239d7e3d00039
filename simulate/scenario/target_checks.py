"""Cross-checks of targets, case attributes, conditions and the channel mix of a scenario.

Part of :func:`simulate.scenario.validate.check_scenario`: a stage target names steps of
the scenario, a condition names a declared attribute (or ``channel``) and tests it the way
its type allows, the channel mix names steps of the scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulate.errors import Problem, did_you_mean
from simulate.scenario.attributes import CHANNEL, CHANNELS, Condition
from simulate.scenario.flow import conditional_choices
from simulate.scenario.model import Scenario
from simulate.strings import text


def condition_problems(
    scenario: Scenario, conditions: Sequence[Condition], field: str
) -> list[Problem]:
    """Conditions that name no attribute, or test one the wrong way."""
    problems: list[Problem] = []
    known = {a.name: a for a in scenario.attributes}
    names = [*known, CHANNEL]
    for c in conditions:
        where = f"{field}.{c.attribute}"
        if c.attribute == CHANNEL:
            categories: tuple[str, ...] | None = CHANNELS
        elif c.attribute in known:
            attribute = known[c.attribute]
            categories = attribute.categories if attribute.categorical else None
        else:
            problems.append(
                Problem(
                    text("problem.condition.unknown", name=c.attribute),
                    where,
                    fix=did_you_mean(c.attribute, names, otherwise=text("split.declare")),
                )
            )
            continue
        if categories is None and c.values:
            problems.append(
                Problem(
                    text("problem.condition.number", name=c.attribute),
                    where,
                    fix=text("problem.write", example=f"{c.attribute}: {{max: 160}}"),
                )
            )
        elif categories is not None and not c.values:
            problems.append(
                Problem(
                    text("problem.condition.category", name=c.attribute),
                    where,
                    fix=text("problem.condition.one_of", names=", ".join(categories)),
                )
            )
        else:
            for v in c.values:
                if categories is not None and v not in categories:
                    problems.append(
                        Problem(
                            text("problem.condition.no_value", name=c.attribute, value=v),
                            where,
                            fix=did_you_mean(v, categories),
                        )
                    )
    return problems


def target_problems(scenario: Scenario) -> list[Problem]:
    """Every problem of the targets, attributes, conditions and channel mix of ``scenario``."""
    problems: list[Problem] = []
    step_ids = [st.id for st in scenario.steps]
    for i, st in enumerate(scenario.steps):
        problems += condition_problems(scenario, st.when, f"steps[{i}].when")
    for i, c in enumerate(scenario.time_limit_by):
        problems += condition_problems(scenario, c.when, f"time_limit.by[{i}].when")
    for field, choice in conditional_choices(scenario.flow):
        for k, rule in enumerate(choice.when):
            problems += condition_problems(scenario, rule, f"{field}[{k}].when")
    for d in scenario.desks:
        problems += condition_problems(scenario, d.priority, f"desks.{d.id}.priority")
    for i, t in enumerate(scenario.targets):
        for sid in t.steps:
            if sid not in step_ids:
                problems.append(
                    Problem(
                        text("problem.unknown_step", name=sid),
                        f"targets[{i}].steps",
                        fix=did_you_mean(sid, step_ids),
                    )
                )
        problems += condition_problems(scenario, t.when, f"targets[{i}].when")
    names = [a.name for a in scenario.attributes]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(
            Problem(
                text("problem.attribute.twice", name=name),
                "attributes",
                fix=text("problem.attribute.keep_one"),
            )
        )
    if scenario.channels is not None:
        problems += _by_problems(scenario)
        for sid in scenario.channels.steps:
            if sid not in step_ids:
                problems.append(
                    Problem(
                        text("problem.unknown_step", name=sid),
                        "channels.steps",
                        fix=did_you_mean(sid, step_ids),
                    )
                )
    return problems


def _by_problems(scenario: Scenario) -> list[Problem]:
    """A channel mix by attribute names a category attribute and gives each category a share."""
    mix = scenario.channels
    if mix is None or mix.by is None:
        return []
    found = [a for a in scenario.attributes if a.name == mix.by and a.categorical]
    if not found:
        return [Problem(text("problem.channels.not_category", name=mix.by), "channels.by")]
    if {name for name, _ in mix.by_shares} != set(found[0].categories):
        return [
            Problem(text("problem.channels.every_category", name=mix.by), "channels.online_share")
        ]
    return []


__all__ = ["condition_problems", "target_problems"]
