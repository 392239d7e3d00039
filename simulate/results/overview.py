"""The figures of a run as a planner reads them: summary, targets, desks and steps.

Plain tables with readable names (in the chosen language, Chinese by default) beside the
machine ids, shared by the workbook and the Word/HTML report. Targets are judged by the metric their limit counts: a limit to finish
within (以内) by the on-time rate, an average limit (平均) by the mean counted working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from simulate.results.metrics import threshold_metric
from simulate.results.results import Results
from simulate.scenario.attributes import describe_limits
from simulate.strings import CATALOGUE, text

#: The summary metrics with a name of their own (others keep their machine id).
NAMED_METRICS = (
    "cases",
    "mean_elapsed_working_days",
    "median_elapsed_working_days",
    "p90_elapsed_working_days",
    "p95_elapsed_working_days",
    "mean_elapsed_natural_days",
    "median_elapsed_natural_days",
    "p90_elapsed_natural_days",
    "p95_elapsed_natural_days",
    "mean_counted_working_days",
    "p90_counted_working_days",
    "on_time_rate",
    "throughput_per_working_day",
    "visits_per_case",
    "rework_rounds_per_case",
    "busiest_desk_utilisation",
)

PERCENT = "0.0%"
DECIMAL = "0.00"
INTEGER = "#,##0"


def metric_name(metric: str, thresholds: Iterable[tuple[float, str, float | None]] = ()) -> str:
    """The name of a summary metric in the chosen language (desk utilisation and thresholds
    included); a metric without a name keeps its machine id."""
    if metric.startswith("utilisation:"):
        return text("overview.metric.utilisation", desk=metric.split(":", 1)[1])
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        for d, label, _ in thresholds:
            if f"{d:.3g}" == days and label:
                return text("overview.metric.share_within_label", days=days, label=label)
        return text("overview.metric.share_within", days=days)
    if metric in NAMED_METRICS:
        return text(f"overview.metric.{metric}")
    return metric


def unit_name(unit: str) -> str:
    """The name of a unit (件, 工作日, 比例 ...) in the chosen language; an unknown unit as is."""
    key = f"unit.{unit}"
    return text(key) if key in CATALOGUE else unit


def number_format(unit: str) -> str:
    """Excel number format of a value in ``unit``."""
    if unit == "share":
        return PERCENT
    if unit == "cases":
        return INTEGER
    return DECIMAL


def summary_table(results: Results, summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The summary with readable names: metric, name, value, interval and unit."""
    summary = results.summary() if summary is None else summary
    # a declared target's metric is named by its target (环节数, 跑动次数 ...)
    declared = {t.metric(i): t.name() for i, t in enumerate(results.scenario.targets)}
    rows = []
    for metric, r in summary.iterrows():
        unit = str(r["unit"])
        label = declared.get(str(metric)) or metric_name(str(metric), results.meta.thresholds)
        if str(metric).startswith("utilisation:"):
            desk = str(metric).split(":", 1)[1]
            names = {d.id: d.label for d in results.scenario.desks}
            label = text("overview.metric.utilisation", desk=names.get(desk) or desk)
        rows.append(
            {
                "metric": str(metric),
                "name": label,
                "value": float(r["value"]),
                "ci_low": float(r["ci_low"]),
                "ci_high": float(r["ci_high"]),
                "unit": unit,
            }
        )
    return pd.DataFrame(rows, columns=["metric", "name", "value", "ci_low", "ci_high", "unit"])


def target_table(
    results: Results, summary: pd.DataFrame | None = None, reached: float = 0.9
) -> pd.DataFrame:
    """Every target of the scenario with the figure it is judged by and its verdict.

    The verdicts are :meth:`Results.verdicts` (one rule for every output); this adds each
    figure's interval and whether the interval clears the mark (``firm``). A threshold
    without a target share is reported with ``met`` None.
    """
    summary = results.summary() if summary is None else summary
    rows: list[dict[str, Any]] = []
    judged = set()
    limit = results.scenario.time_limit_working_days
    names = (
        {
            "limit": text("overview.target.within", days=limit)
            if not results.scenario.time_limit_by
            else describe_limits(limit, results.scenario.time_limit_by),
            "average limit": text("overview.target.average", days=limit),
        }
        if limit
        else {}
    )
    measured = {
        "on_time_rate": text("overview.measured.on_time_rate"),
        "mean_counted_working_days": text("overview.measured.mean_counted"),
        **{
            threshold_metric(t.working_days): text(
                "overview.measured.share_within", days=t.working_days
            )
            for t in results.scenario.thresholds
        },
    }
    for v in results.verdicts(reached):
        r = summary.loc[v.metric]
        lo, hi = float(r["ci_low"]), float(r["ci_high"])
        unit = str(r["unit"])
        judged.add(v.metric)
        rows.append(
            {
                "target": names.get(v.target, v.target),
                "metric": v.metric,
                "judged_by": (
                    measured.get(v.metric, "")
                    + (
                        text("overview.measured.at_least", percent=100 * v.goal)
                        if unit == "share"
                        else text("overview.measured.at_most", goal=v.goal)
                    )
                ).strip(),
                "goal": v.goal,
                "value": v.value,
                "ci_low": lo,
                "ci_high": hi,
                "unit": unit,
                "met": v.met,
                "firm": bool(pd.isna(lo)) or not (lo <= v.goal <= hi),
            }
        )
    for t in results.scenario.thresholds:
        key = threshold_metric(t.working_days)
        if t.target_share is not None or key in judged or key not in summary.index:
            continue
        r = summary.loc[key]
        rows.append(
            {
                "target": t.label or text("overview.target.within", days=t.working_days),
                "metric": key,
                "judged_by": text("overview.measured.reported", days=t.working_days),
                "goal": None,
                "value": float(r["value"]),
                "ci_low": float(r["ci_low"]),
                "ci_high": float(r["ci_high"]),
                "unit": "share",
                "met": None,
                "firm": True,
            }
        )
    columns = ["target", "metric", "judged_by", "goal", "value", "ci_low", "ci_high", "unit"]
    return pd.DataFrame(rows, columns=[*columns, "met", "firm"])


def verdict_word(met: bool | None, firm: bool) -> str:
    """达到 / 未达到 (met / not met), with 区间跨越目标 when the interval straddles the mark."""
    if met is None:
        return text("overview.verdict.reported")
    word = text("overview.verdict.met" if met else "overview.verdict.missed")
    return word if firm else text("overview.verdict.not_firm", word=word)


def desk_table(results: Results) -> pd.DataFrame:
    """One row per desk: staff, mean utilisation, queue and wait over replications."""
    d = results.desks
    if d.empty:
        return pd.DataFrame(
            columns=[
                "desk",
                "label",
                "staff",
                "utilisation",
                "mean_queue_length",
                "max_queue_length",
                "mean_wait_working_days",
                "served_per_replication",
            ]
        )
    grouped = d.groupby("desk", observed=True, sort=False)
    out = grouped.agg(
        label=("label", "first"),
        staff=("staff", "first"),
        utilisation=("utilisation", "mean"),
        mean_queue_length=("mean_queue_length", "mean"),
        max_queue_length=("max_queue_length", "max"),
        mean_wait_working_days=("mean_wait_working_days", "mean"),
        served_per_replication=("served", "mean"),
    ).reset_index()
    out["desk"] = out["desk"].astype(str)
    out["label"] = out["label"].astype(str)
    return out


def step_table(results: Results) -> pd.DataFrame:
    """One row per step: its desk, mean wait, work and elapsed working days per pass."""
    s = results.steps
    columns = [
        "step",
        "label",
        "desk",
        "passes_per_replication",
        "mean_wait_working_days",
        "mean_work_working_days",
        "mean_elapsed_working_days",
        "share_over_limit",
    ]
    if s.empty:
        return pd.DataFrame(columns=columns)
    reps = max(int(results.meta.replications), 1)
    work = s.loc[
        s["phase"] == "work", ["step", "wait_working_days", "work_working_days", "over_limit"]
    ]
    work_ids = work["step"]
    by_work = work.groupby(work_ids, observed=True, sort=False)
    passes = by_work.size()
    wait = by_work["wait_working_days"].mean()
    busy = by_work["work_working_days"].mean()
    flags = pd.Series(
        work["over_limit"].to_numpy(dtype=float, na_value=float("nan")), index=work.index
    )
    over = flags.groupby(work_ids, observed=True, sort=False).mean()
    # elapsed per case: every phase (travel, work, make-up) summed over the case's passes
    cases = max(int(results.cases.shape[0]), 1)
    elapsed = s["elapsed_working_days"].groupby(s["step"], observed=True, sort=False).sum() / cases
    rows = []
    for step in results.scenario.steps:
        if step.id not in elapsed.index:
            continue
        has_work = step.id in passes.index
        rows.append(
            {
                "step": step.id,
                "label": step.label or step.id,
                "desk": step.desk or "",
                "passes_per_replication": float(passes[step.id]) / reps if has_work else 0.0,
                "mean_wait_working_days": float(wait[step.id]) if has_work else float("nan"),
                "mean_work_working_days": float(busy[step.id]) if has_work else float("nan"),
                "mean_elapsed_working_days": float(elapsed[step.id]),
                "share_over_limit": float(over[step.id]) if has_work else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=columns)
