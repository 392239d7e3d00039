"""Targets of every kind measured case by case, and their metric per replication.

:func:`case_measures` gives, for each measured case, the quantity each target of the
scenario judges (counted working days, a stage's working days, steps, visits, documents,
fees, the channel) and whether the case is judged at all (its attributes meet the target's
``when``). :func:`target_metrics` turns them into one value per replication (a share of
cases within the mark, a mean, or the online share), so :func:`simulate.results.targets.summarise`
gives each an interval and :func:`simulate.results.verdicts.verdicts` judges it.

Counting rules:

* **stage**: from entering the first of the stage's steps to the end of the last (every
  pass, 补正 rounds included), counted as the law counts a step's own limit
  (:func:`simulate.engine.counting.step_counts`: from the close of the day the case
  reached the stage for a limit in days, office time for one in hours); a case that passes
  none of the stage's steps is not judged;
* **steps** (环节数): distinct staffed steps marked as procedures that the case passed
  (worked or approved automatically), detached work left out;
* **documents** (材料数) and **fees**: the sum of the ``documents`` and ``fee`` of those
  distinct steps (every step the case passed, staffed or not; a step without the field
  counts 0);
* **visits** (跑动次数): the case's in-person visits as the engine counts them;
* **online**: the case was submitted online (a channel mix; in person without one).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from simulate.calendar import timeline_of
from simulate.calendar.deadlines import LIMIT_TOLERANCE
from simulate.engine.counting import step_counts
from simulate.engine.replication import build_calendar
from simulate.scenario.attributes import CHANNEL, holds
from simulate.scenario.model import Scenario
from simulate.scenario.targets import Target

#: Case key: replication * KEY + case.
KEY = 1 << 40

Within = Callable[[float], pd.Series]


def _keys(frame: pd.DataFrame) -> np.ndarray:
    keys: np.ndarray = frame["replication"].to_numpy(np.int64) * KEY + frame["case"].to_numpy(
        np.int64
    )
    return keys


def _passed(steps: pd.DataFrame) -> pd.DataFrame:
    """Rows of steps a case passed on its path: work or 秒批, detached work left out."""
    rows = steps[~steps["detached"].to_numpy(bool) & steps["phase"].isin(["work", "auto"])]
    out = pd.DataFrame({"key": _keys(rows), "step": rows["step"].astype(str).to_numpy()})
    return out.drop_duplicates()


def _per_case(keys: np.ndarray, rows: pd.DataFrame, weight: dict[str, float]) -> np.ndarray:
    """Sum over the distinct steps each case passed of ``weight[step]`` (0 for a case with none)."""
    w = rows["step"].map(weight).fillna(0.0).to_numpy(float)
    sums = pd.Series(w).groupby(rows["key"].to_numpy()).sum()
    out: np.ndarray = sums.reindex(keys, fill_value=0.0).to_numpy(float)
    return out


def _stage(scenario: Scenario, steps: pd.DataFrame, keys: np.ndarray, target: Target) -> np.ndarray:
    """Counted working days of a stage per case (NaN for a case that never entered it)."""
    rows = steps[
        ~steps["detached"].to_numpy(bool) & steps["step"].astype(str).isin(list(target.steps))
    ]
    if rows.empty:
        return np.full(len(keys), np.nan)
    grouped = pd.DataFrame(
        {"key": _keys(rows), "enter": rows["enter_h"].to_numpy(), "end": rows["end_h"].to_numpy()}
    ).groupby("key")
    enter = grouped["enter"].min().reindex(keys).to_numpy(float)
    end = grouped["end"].max().reindex(keys).to_numpy(float)
    out = np.full(len(keys), np.nan)
    seen = ~np.isnan(enter)
    if not seen.any():
        return out
    timeline = timeline_of(build_calendar(scenario))
    a, b = enter[seen], end[seen]
    elapsed = (timeline.work_at_array(b) - timeline.work_at_array(a)) / timeline.hours_per_day
    out[seen] = step_counts(timeline, a, b, elapsed, np.full(len(a), target.value))
    return out


def case_measures(
    scenario: Scenario, measured: pd.DataFrame, steps: pd.DataFrame
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per target (by position): each measured case's quantity and whether it is judged."""
    keys = _keys(measured)
    n = len(measured)
    passed = _passed(steps) if scenario.targets else pd.DataFrame()
    columns: dict[str, np.ndarray] = {}
    for a in scenario.attributes:
        column = measured[a.name]
        columns[a.name] = column.cat.codes.to_numpy() if a.categorical else column.to_numpy(float)
    if CHANNEL in measured:
        columns[CHANNEL] = measured[CHANNEL].cat.codes.to_numpy()
    attrs = {a.name: a for a in scenario.attributes}
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i, t in enumerate(scenario.targets):
        judged = holds(t.when, columns, attrs, n)
        if t.kind == "time":
            value = measured["counted_working_days"].to_numpy(float)
        elif t.kind == "stage":
            value = _stage(scenario, steps, keys, t)
            judged &= ~np.isnan(value)
        elif t.kind == "steps":
            weight = {s.id: 1.0 for s in scenario.steps if s.staffed and s.procedure}
            value = _per_case(keys, passed, weight)
        elif t.kind == "documents":
            weight = {s.id: float(s.documents or 0) for s in scenario.steps}
            value = _per_case(keys, passed, weight)
        elif t.kind == "fees":
            weight = {s.id: float(s.fee or 0.0) for s in scenario.steps}
            value = _per_case(keys, passed, weight)
        elif t.kind == "visits":
            value = measured["visits"].to_numpy(float)
        else:
            value = columns.get(CHANNEL, np.zeros(n)).astype(float)
        out[i] = (value, judged)
    return out


def target_metrics(
    scenario: Scenario, measured: pd.DataFrame, steps: pd.DataFrame, within: Within
) -> pd.DataFrame:
    """Each target's metric per replication, over the measured cases it judges.

    ``within(days)`` says, for each measured case, whether it finished within a whole-case
    limit of ``days`` counted as the law counts it (:meth:`simulate.Results.within`).
    Returns a frame indexed by replication with one column per target (:meth:`Target.metric`).
    """
    measures = case_measures(scenario, measured, steps)
    reps = measured["replication"].to_numpy()
    data: dict[str, np.ndarray] = {}
    for i, t in enumerate(scenario.targets):
        value, judged = measures[i]
        if t.kind == "online" or t.statistic == "mean":
            score = value
        elif t.kind == "time":
            score = within(t.value).to_numpy(float)
        else:
            score = (value <= t.value + (LIMIT_TOLERANCE if t.kind == "stage" else 1e-9)).astype(
                float
            )
        data[t.metric(i)] = np.where(judged, score, np.nan)
    frame = pd.DataFrame(data, index=reps)
    return frame.groupby(level=0).mean()


__all__ = ["case_measures", "target_metrics"]
