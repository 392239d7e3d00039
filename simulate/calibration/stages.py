"""Grouping raw activities into stages: a regex mapping or a table of names.

Real 办件 logs often have hundreds of activity names (one per form, per office, per
version). A mapping puts them into the stages a planner reasons about; consecutive events
of one stage in a case become one event (the first start, the last end).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from simulate.errors import Problem, ScenarioError


def stage_table(stages: Mapping[str, str] | str | Path) -> Mapping[str, str] | pd.DataFrame:
    """The mapping as given, a YAML file of ``stage: regex``, or a CSV table (activity, stage)."""
    if isinstance(stages, Mapping):
        return stages
    path = Path(stages)
    if not path.is_file():
        raise ScenarioError([Problem(f"no such stage mapping file: {path}", file=str(path))])
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ScenarioError(
                [
                    Problem(
                        "a YAML stage mapping is `stage: regular expression` lines",
                        file=path.name,
                        fix='write e.g. 审查: "^审查"',
                    )
                ]
            )
        return {str(k): v for k, v in data.items()}
    table = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    need = {"activity", "stage"}
    if not need <= set(table.columns):
        raise ScenarioError(
            [
                Problem(
                    "a stage table needs the columns activity and stage, got "
                    + ", ".join(table.columns),
                    file=path.name,
                    line=1,
                    fix="write a header line activity,stage",
                )
            ]
        )
    return table


def stage_of(activities: pd.Index, stages: Mapping[str, str] | pd.DataFrame) -> dict[str, str]:
    """Stage name of each activity (an activity no rule matches keeps its own name)."""
    if isinstance(stages, pd.DataFrame):
        table = dict(zip(stages["activity"], stages["stage"], strict=True))
        return {a: table.get(a, a) for a in activities}
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for stage, pattern in stages.items():
        try:
            compiled.append((stage, re.compile(pattern)))
        except re.error as err:
            raise ScenarioError(
                [
                    Problem(
                        f"bad regular expression {pattern!r}: {err}",
                        field=f"stages.{stage}",
                        fix="escape special characters such as ( ) [ ] with a backslash",
                    )
                ]
            ) from None
    out: dict[str, str] = {}
    for activity in activities:
        out[activity] = next((s for s, rx in compiled if rx.search(activity)), activity)
    return out


def apply_stages(
    frame: pd.DataFrame, stages: Mapping[str, str] | str | Path, *, has_start: bool
) -> tuple[pd.DataFrame, int]:
    """The frame with activities replaced by stages, runs of one stage merged.

    Returns
    -------
    (frame, merged)
        The new frame and the number of events merged into a previous event.
    """
    mapping = stage_of(pd.Index(frame["activity"].unique()), stage_table(stages))
    frame = frame.assign(activity=frame["activity"].map(mapping))
    frame = frame.sort_values(["case", "start" if has_start else "end", "end"], kind="stable")
    case = frame["case"].to_numpy()
    activity = frame["activity"].to_numpy()
    same = np.zeros(len(frame), dtype=bool)
    same[1:] = (case[1:] == case[:-1]) & (activity[1:] == activity[:-1])
    run = np.cumsum(~same)
    merged = int(same.sum())
    if not merged:
        return frame.reset_index(drop=True), 0
    grouped = frame.groupby(run, sort=False)
    out = grouped.first()
    out["end"] = grouped["end"].max()
    if has_start:
        out["start"] = grouped["start"].min()
    return out.reset_index(drop=True), merged


__all__ = ["apply_stages", "stage_of", "stage_table"]
