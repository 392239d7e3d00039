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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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

    def describe(self) -> str:
        """The test in words, e.g. ``capacity_kva <= 160`` or ``channel in online``."""
        if self.values:
            return text("condition.in", attribute=self.attribute, values=", ".join(self.values))
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


def describe_conditions(conditions: Sequence[Condition]) -> str:
    """Every condition in words, joined by "and" ("" for none)."""
    return text("condition.and").join(c.describe() for c in conditions)


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


__all__ = [
    "CHANNEL",
    "CHANNELS",
    "Attribute",
    "Channels",
    "Condition",
    "condition_codes",
    "describe_conditions",
    "holds",
    "mixed_share",
]
