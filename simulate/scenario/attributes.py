"""Case attributes, the conditions that test them, and the channel mix (online or in person).

A case carries typed attributes drawn when it arrives: a category from declared shares
(``project_type: {shares: {simple: 0.3, general: 0.7}}``) or a number from a distribution
(``capacity_kva: {distribution: {min: 50, mode: 100, max: 630}}``). Steps and targets can
depend on them with ``when:`` (every condition must hold). The channel, ``online`` or
``in_person``, is a category of its own, drawn from :class:`Channels`, and conditions can
test it under the name ``channel``.

Conditions are evaluated on columns of codes: a category attribute as the index of its
value in the declared order (the channel: 0 in person, 1 online), a number as itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulate.scenario.durations import Duration
from simulate.strings import text

#: The channel pseudo-attribute's name and its categories, in code order.
CHANNEL = "channel"
CHANNELS: tuple[str, str] = ("in_person", "online")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribute:
    """A typed attribute of every case: a category from shares, or a number from a distribution.

    ``shares`` (category name, share) sum to 1; ``distribution`` is a duration shape whose
    unit is ignored (fixed, ``{median, p90}``, ``{min, mode, max}``, ``{mean}``, ``{values}``).
    """

    name: str
    label: str = ""
    shares: tuple[tuple[str, float], ...] = ()
    distribution: Duration | None = None
    source: str | None = None
    assumption: str | None = None

    @property
    def categorical(self) -> bool:
        """True for a category attribute (drawn from shares)."""
        return self.distribution is None

    @property
    def categories(self) -> tuple[str, ...]:
        """The category names in declared order (empty for a number)."""
        return tuple(name for name, _ in self.shares)


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """One test of an attribute: a number within ``[minimum, maximum]`` or a category in ``values``."""

    attribute: str
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] = ()

    def describe(self, language: str | None = None) -> str:
        """The test in words, e.g. ``capacity_kva <= 160`` or ``channel in online``
        (``language``: the catalogue's, default the chosen one)."""
        if self.values:
            return text(
                "condition.in",
                language=language,
                attribute=self.attribute,
                values=", ".join(self.values),
            )
        parts = []
        if self.minimum is not None:
            parts.append(f"{self.minimum:g} <=")
        parts.append(self.attribute)
        if self.maximum is not None:
            parts.append(f"<= {self.maximum:g}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class Channels:
    """The channel mix: a share of cases submits online, the rest in person.

    Online cases follow their own submission profile: office hours on working days (the
    default) or any hour of any day (``any_hour``). They make no in-person visit (跑动) and
    no trip at the steps in ``steps`` (empty: at every step, 全程网办).

    With ``by`` (a category attribute) each category has an online share of its own,
    ``by_shares`` (category, share); ``online_share`` is then their mean weighted by the
    attribute's shares, and a case's category is drawn given its channel.
    """

    online_share: float
    any_hour: bool = False
    steps: tuple[str, ...] = ()
    by: str | None = None
    by_shares: tuple[tuple[str, float], ...] = ()
    source: str | None = None
    assumption: str | None = None

    def online_at(self, step_id: str) -> bool:
        """Whether an online case does step ``step_id`` without a visit."""
        return not self.steps or step_id in self.steps

    def given_channel(self, attribute: Attribute) -> tuple[np.ndarray, np.ndarray]:
        """The shares of ``attribute``'s categories among online and among in-person cases.

        Bayes' rule on the attribute's shares and each category's online share; a channel no
        case takes (overall share 0 or 1) keeps the attribute's own shares.
        """
        base = np.array([share for _, share in attribute.shares], dtype=np.float64)
        by = dict(self.by_shares)
        online = np.array([by.get(name, 0.0) for name in attribute.categories])
        parts = []
        for weight in (base * online, base * (1.0 - online)):
            total = weight.sum()
            parts.append(weight / total if total > 0 else base)
        return parts[0], parts[1]


def mixed_share(attribute: Attribute, by_shares: Sequence[tuple[str, float]]) -> float:
    """The overall online share: each category's online share weighted by its share."""
    by = dict(by_shares)
    return float(sum(share * by.get(name, 0.0) for name, share in attribute.shares))


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitClass:
    """The whole-case time limit of a class of cases: those meeting ``when`` (every condition).

    A scenario's ``time_limit: {working_days: 20, by: [{when: ..., working_days: 5}]}``: each
    case is judged against the limit of the first class whose conditions it meets, and
    against the scenario's own limit when it meets none.
    """

    when: tuple[Condition, ...]
    working_days: float
    source: str | None = None
    assumption: str | None = None


def class_limits(
    default: float,
    classes: Sequence[LimitClass],
    columns: Mapping[str, np.ndarray],
    attributes: Mapping[str, Attribute],
    size: int,
) -> np.ndarray:
    """Each case's time limit in working days: its first class's, else ``default``."""
    out = np.full(size, float(default))
    left = np.ones(size, dtype=np.bool_)
    for c in classes:
        taken = left & holds(c.when, columns, attributes, size)
        out[taken] = c.working_days
        left &= ~taken
    return out


def describe_limits(default: float, classes: Sequence[LimitClass]) -> str:
    """The limits per class in words: ``5 (project in simple); 20 otherwise``."""
    parts = [
        text("limit.class", days=c.working_days, where=describe_conditions(c.when)) for c in classes
    ]
    return text("limit.separator").join([*parts, text("limit.otherwise", days=default)])


def describe_conditions(conditions: Sequence[Condition], language: str | None = None) -> str:
    """Every condition in words, joined by "and" ("" for none)."""
    return text("condition.and", language=language).join(c.describe(language) for c in conditions)


def condition_codes(
    condition: Condition, attributes: Mapping[str, Attribute]
) -> tuple[int, ...] | None:
    """The codes of a category condition's values (None for a numeric test)."""
    if not condition.values:
        return None
    if condition.attribute == CHANNEL:
        order: tuple[str, ...] = CHANNELS
    else:
        order = attributes[condition.attribute].categories
    return tuple(order.index(v) for v in condition.values if v in order)


def holds(
    conditions: Sequence[Condition],
    columns: Mapping[str, np.ndarray],
    attributes: Mapping[str, Attribute],
    size: int,
) -> np.ndarray:
    """Whether every condition holds, case by case (all True without conditions).

    ``columns`` hold each attribute's codes (categories) or values (numbers), and the
    channel's codes under ``channel`` (a case without a channel column is in person).
    """
    out = np.ones(size, dtype=np.bool_)
    for c in conditions:
        if c.attribute in columns:
            column = np.asarray(columns[c.attribute])
        elif c.attribute == CHANNEL:
            column = np.zeros(size, dtype=np.int8)
        else:
            raise KeyError(c.attribute)
        codes = condition_codes(c, attributes)
        if codes is not None:
            out &= np.isin(column, codes)
            continue
        if c.minimum is not None:
            out &= column >= c.minimum
        if c.maximum is not None:
            out &= column <= c.maximum
    return out


def conditions_to_data(conditions: Sequence[Condition]) -> dict[str, Any]:
    """``when:`` as YAML data (the inverse of the parser's reading)."""
    out: dict[str, Any] = {}
    for c in conditions:
        if c.values:
            out[c.attribute] = c.values[0] if len(c.values) == 1 else list(c.values)
            continue
        test: dict[str, Any] = {}
        if c.minimum is not None:
            test["min"] = _number(c.minimum)
        if c.maximum is not None:
            test["max"] = _number(c.maximum)
        out[c.attribute] = test
    return out


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


#: Cases drawn to estimate the share meeting conditions on a number (fixed seed).
ESTIMATE_CASES = 50_000


def first_match_shares(
    rules: Sequence[Sequence[Condition]],
    attributes: Sequence[Attribute],
    channels: Channels | None,
) -> tuple[float, ...]:
    """The expected share of cases whose first rule to hold is each of ``rules``.

    Attributes are drawn independently: every combination of the categories tested is
    enumerated with its exact weight, and a number tested is estimated from
    :data:`ESTIMATE_CASES` draws of its distribution (a fixed seed), so shares that depend
    on categories only are exact.
    """
    known = {a.name: a for a in attributes}
    names = sorted({c.attribute for rule in rules for c in rule})
    online = channels.online_share if channels is not None else 0.0
    axes: list[tuple[tuple[int, float], ...]] = []
    categories = [n for n in names if n == CHANNEL or (n in known and known[n].categorical)]
    for n in categories:
        if n == CHANNEL:
            axes.append(((0, 1.0 - online), (1, online)))
        else:
            axes.append(tuple(enumerate(s for _, s in known[n].shares)))
    combos = list(itertools.product(*axes))
    weights = np.array([float(np.prod([code[1] for code in c])) for c in combos])
    columns = {n: np.array([c[i][0] for c in combos]) for i, n in enumerate(categories)}
    numbers = [known[n] for n in names if n not in categories and n in known]
    if numbers:
        # every combination of categories with the same draws of the numbers
        rng = np.random.default_rng(0)
        draws = ESTIMATE_CASES
        columns = {n: np.repeat(v, draws) for n, v in columns.items()}
        for a in numbers:
            assert a.distribution is not None
            columns[a.name] = np.tile(a.distribution.sample(rng, draws), len(combos))
        weights = np.repeat(weights / draws, draws)
    size = len(weights)
    left = np.ones(size, dtype=np.bool_)
    out = []
    for rule in rules:
        taken = left & holds(rule, columns, known, size)
        out.append(float(weights[taken].sum()))
        left &= ~taken
    return tuple(out)


__all__ = [
    "CHANNEL",
    "CHANNELS",
    "ESTIMATE_CASES",
    "Attribute",
    "Channels",
    "Condition",
    "LimitClass",
    "class_limits",
    "condition_codes",
    "conditions_to_data",
    "describe_conditions",
    "describe_limits",
    "first_match_shares",
    "holds",
    "mixed_share",
]
