"""Results split by a case attribute: one row per class of cases (:meth:`Results.by`).

Every figure is worked out per replication on the measured cases (after the warm-up) of the
class, then averaged over replications with a 95% Student-t interval, as the summary is, so
a class's on-time share carries the same kind of interval as the whole run's.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from simulate.errors import SimulateError, did_you_mean
from simulate.results.targets import summarise
from simulate.results.verdicts import judged_column
from simulate.scenario.attributes import CHANNEL
from simulate.scenario.model import Scenario
from simulate.strings import text

#: The columns of a split table, in order (``*_ci_low`` / ``*_ci_high`` follow the shares).
SPLIT_COLUMNS = (
    "cases",
    "share_of_cases",
    "mean_elapsed_working_days",
    "p90_elapsed_working_days",
    "mean_counted_working_days",
    "p90_counted_working_days",
    "on_time_rate",
    "on_time_rate_ci_low",
    "on_time_rate_ci_high",
)


def split_by(
    scenario: Scenario,
    cases: pd.DataFrame,
    attribute: str,
    edges: Sequence[float] | None = None,
) -> pd.DataFrame:
    """One row per class of ``attribute`` (a category, the channel, or a number cut at
    ``edges``): measured cases per replication, their share, mean and P90 elapsed and
    counted working days, and the on-time share with its 95% interval.

    A number is cut into intervals ``(a, b]`` (the lowest closed: ``[a, b]``), so
    ``edges=[0, 160, 10_000]`` splits ``capacity_kva <= 160`` (as ``when: {capacity_kva:
    {max: 160}}``) from the rest; a case outside every interval is in no row. The on-time share is NaN without a limit to finish within.
    """
    known = [a.name for a in scenario.attributes] + ([CHANNEL] if CHANNEL in cases.columns else [])
    if attribute not in known:
        raise SimulateError(
            text("split.unknown", attribute=attribute, known=", ".join(known) or "—")
            + "; "
            + did_you_mean(attribute, known, otherwise=text("split.declare"))
        )
    column = cases[attribute]
    if isinstance(column.dtype, pd.CategoricalDtype):
        if edges is not None:
            raise SimulateError(text("split.edges_category", attribute=attribute))
        classes = column
    else:
        if edges is None or len(edges) < 2 or any(b <= a for a, b in pairwise(edges)):
            raise SimulateError(text("split.edges", attribute=attribute))
        cuts = [float(x) for x in edges]
        labels = [f"[{cuts[0]:g}, {cuts[1]:g}]"]
        labels += [f"({a:g}, {b:g}]" for a, b in pairwise(cuts[1:])]
        classes = pd.cut(column, bins=cuts, right=True, include_lowest=True, labels=labels)
    measured = ~cases["in_warmup"].to_numpy(dtype=bool)
    frame = pd.DataFrame(
        {
            "replication": cases["replication"].to_numpy()[measured],
            "class": classes.to_numpy()[measured] if len(cases) else [],
            "elapsed": cases["elapsed_working_days"].to_numpy(dtype=float)[measured],
            "counted": cases["counted_working_days"].to_numpy(dtype=float)[measured],
            "on_time": cases["on_time"].to_numpy(dtype=float, na_value=np.nan)[measured],
        }
    )
    judged = scenario.time_limit_working_days and scenario.time_limit_statistic == "max"
    replications = sorted(set(cases["replication"].tolist()))
    names = list(classes.cat.categories)
    rows = []
    for name in names:
        per = []
        for rep in replications:
            all_rep = frame[frame["replication"] == rep]
            g = all_rep[all_rep["class"] == name]
            has = len(g) > 0
            per.append(
                {
                    "cases": float(len(g)),
                    "share_of_cases": len(g) / len(all_rep) if len(all_rep) else np.nan,
                    "mean_elapsed_working_days": g["elapsed"].mean() if has else np.nan,
                    "p90_elapsed_working_days": (
                        float(np.quantile(g["elapsed"], 0.9)) if has else np.nan
                    ),
                    "mean_counted_working_days": g["counted"].mean() if has else np.nan,
                    "p90_counted_working_days": (
                        float(np.quantile(g["counted"], 0.9)) if has else np.nan
                    ),
                    "on_time_rate": g["on_time"].mean() if has and judged else np.nan,
                }
            )
        summary = summarise(pd.DataFrame(per))
        row = {k: float(summary.loc[k, "value"]) for k in summary.index}
        row["on_time_rate_ci_low"] = float(summary.loc["on_time_rate", "ci_low"])
        row["on_time_rate_ci_high"] = float(summary.loc["on_time_rate", "ci_high"])
        rows.append(row)
    out = pd.DataFrame(rows, index=pd.Index([str(n) for n in names], name=attribute))
    out = out.reindex(columns=list(SPLIT_COLUMNS))
    if judged_column(scenario) == "elapsed_working_days":  # nothing counted differently
        out = out.drop(columns=["mean_counted_working_days", "p90_counted_working_days"])
    return out


__all__ = ["SPLIT_COLUMNS", "split_by"]
