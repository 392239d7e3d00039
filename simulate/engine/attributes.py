"""Drawing each case's attributes and channel, and the case columns they become.

Every draw comes from a named stream of its own (:mod:`simulate.engine.streams`), so a
scenario without attributes or a channel mix draws exactly what it drew before, and a
scenario with them keeps common random numbers for everything else:

* a category attribute: stream ``attribute:<name>``, one uniform per case, cut at the
  cumulative shares (declared order); a number: the distribution sampled on the same stream;
* the channel of Poisson arrivals: the in-person and online submissions are two Poisson
  streams (``arrivals`` at the in-person rate on the arrivals' profile, ``arrivals:online``
  at the online rate on the online profile), merged in time; of a cohort or listed
  submissions: stream ``channel``, one uniform per case, online below the share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from simulate.calendar import WorkCalendar
from simulate.engine.arrivals import arrival_times
from simulate.engine.streams import Streams
from simulate.scenario.attributes import CHANNEL, CHANNELS, class_limits
from simulate.scenario.model import Scenario

#: Prefix of an attribute's raw case column (the table names the column after the attribute).
PREFIX = "attribute:"


def submissions(
    scenario: Scenario, calendar: WorkCalendar, streams: Streams, horizon: float
) -> tuple[np.ndarray, np.ndarray | None]:
    """Submission times (sorted) and, with a channel mix, whether each case is online."""
    mix = scenario.channels
    if mix is None:
        return arrival_times(scenario, calendar, streams, horizon), None
    a = scenario.arrivals
    if a.kind != "poisson":
        times = arrival_times(scenario, calendar, streams, horizon)
        online = streams.head("channel", len(times)) < mix.online_share
        return times, online
    parts, flags = [], []
    for is_online, rate, any_hour, name in (
        (False, a.per_working_day * (1.0 - mix.online_share), a.any_hour, "arrivals"),
        (True, a.per_working_day * mix.online_share, mix.any_hour, "arrivals:online"),
    ):
        if rate <= 0:
            continue
        part = replace(scenario, arrivals=replace(a, per_working_day=rate, any_hour=any_hour))
        times = arrival_times(part, calendar, streams, horizon, stream=name)
        parts.append(times)
        flags.append(np.full(len(times), is_online))
    if not parts:
        return np.empty(0), np.empty(0, dtype=np.bool_)
    times = np.concatenate(parts)
    order = np.argsort(times, kind="stable")
    return times[order], np.concatenate(flags)[order]


def draw_attributes(
    scenario: Scenario, streams: Streams, count: int, online: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Each attribute's column for ``count`` cases: category codes or numbers.

    The attribute a channel mix varies by (``channels.by``) is drawn given each case's
    channel (``online``), from the same uniforms cut at the channel's own shares.
    """
    out: dict[str, np.ndarray] = {}
    mix = scenario.channels
    for attribute in scenario.attributes:
        name = f"{PREFIX}{attribute.name}"
        if attribute.distribution is not None:
            out[attribute.name] = streams.head(name, count, attribute.distribution.sample)
            continue
        u = streams.head(name, count)
        if mix is not None and mix.by == attribute.name and online is not None:
            on, off = mix.given_channel(attribute)
            codes = np.where(online, _cut(np.cumsum(on), u), _cut(np.cumsum(off), u))
        else:
            codes = _cut(np.cumsum([share for _, share in attribute.shares]), u)
        out[attribute.name] = codes.astype(np.int16)
    return out


def _cut(cuts: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The category codes of uniforms ``u`` cut at cumulative shares ``cuts``."""
    return np.minimum(np.searchsorted(cuts, u, side="right"), len(cuts) - 1)


def case_columns(
    scenario: Scenario, streams: Streams, online: np.ndarray | None, count: int
) -> dict[str, np.ndarray]:
    """The columns conditions test: attributes by name, the channel (0/1) as ``channel``."""
    columns = draw_attributes(scenario, streams, count, online)
    if online is not None:
        columns[CHANNEL] = online.astype(np.int8)
    return columns


def raw_columns(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``case_columns`` as raw replication columns (attributes under :data:`PREFIX`)."""
    return {(k if k == CHANNEL else f"{PREFIX}{k}"): v for k, v in columns.items()}


def case_limits(
    scenario: Scenario, parts: Sequence[Mapping[str, np.ndarray]], size: int
) -> np.ndarray | None:
    """Each case's whole-case limit (working days) from its class (``time_limit: {by: ...}``),
    read from each replication's raw case columns (in replication order, not consumed).
    None when the scenario's limit has no classes."""
    default = scenario.time_limit_working_days
    if not scenario.time_limit_by or default is None:
        return None
    columns: dict[str, np.ndarray] = {}
    if parts and scenario.channels is not None:
        columns[CHANNEL] = np.concatenate([p[CHANNEL] for p in parts])
    for attribute in scenario.attributes if parts else ():
        key = f"{PREFIX}{attribute.name}"
        columns[attribute.name] = np.concatenate([p[key] for p in parts])
    known = {a.name: a for a in scenario.attributes}
    return class_limits(default, scenario.time_limit_by, columns, known, size)


def table_columns(
    scenario: Scenario, parts: Sequence[dict[str, np.ndarray]]
) -> dict[str, pd.Categorical | np.ndarray]:
    """The case-table columns of the channel and the attributes, from each replication's
    raw case columns (in replication order); consumes them. Empty without either."""
    out: dict[str, pd.Categorical | np.ndarray] = {}
    if not parts:
        return out
    if scenario.channels is not None:
        codes = np.concatenate([p.pop(CHANNEL) for p in parts]).astype(np.int8)
        out[CHANNEL] = pd.Categorical.from_codes(codes, categories=list(CHANNELS))
    for attribute in scenario.attributes:
        values = np.concatenate([p.pop(f"{PREFIX}{attribute.name}") for p in parts])
        if attribute.categorical:
            out[attribute.name] = pd.Categorical.from_codes(
                values.astype(np.int16), categories=list(attribute.categories)
            )
        else:
            out[attribute.name] = values.astype(np.float64)
    return out


__all__ = [
    "PREFIX",
    "case_columns",
    "case_limits",
    "draw_attributes",
    "raw_columns",
    "submissions",
    "table_columns",
]
