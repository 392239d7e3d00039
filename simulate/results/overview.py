"""The figures of a run as a planner reads them: summary, targets, desks and steps.

Plain tables with Chinese names beside the machine ids, shared by the workbook and the
Word/HTML report. Targets are judged by the metric their limit counts: a limit to finish
within (以内) by the on-time rate, an average limit (平均) by the mean counted working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from simulate.results.metrics import threshold_metric
from simulate.results.results import Results

#: Chinese names of the summary metrics (the machine id stays in the first column).
METRIC_NAMES_ZH: dict[str, str] = {
    "cases": "统计办件数（预热期后）",
    "mean_elapsed_working_days": "平均办理时长（工作日）",
    "median_elapsed_working_days": "办理时长中位数（工作日）",
    "p90_elapsed_working_days": "办理时长P90（工作日）",
    "p95_elapsed_working_days": "办理时长P95（工作日）",
    "mean_elapsed_natural_days": "平均办理时长（自然日）",
    "median_elapsed_natural_days": "办理时长中位数（自然日）",
    "p90_elapsed_natural_days": "办理时长P90（自然日）",
    "p95_elapsed_natural_days": "办理时长P95（自然日）",
    "mean_counted_working_days": "计入时限的平均时长（工作日）",
    "p90_counted_working_days": "计入时限的时长P90（工作日）",
    "on_time_rate": "按时办结率",
    "throughput_per_working_day": "每工作日办结件数",
    "visits_per_case": "每件跑动次数",
    "rework_rounds_per_case": "每件补正次数",
    "busiest_desk_utilisation": "最忙窗口利用率",
}

#: Chinese names of units.
UNIT_NAMES_ZH = {
    "cases": "件",
    "working days": "工作日",
    "natural days": "自然日",
    "share": "比例",
    "cases / working day": "件/工作日",
    "visits": "次",
    "rounds": "次",
}

PERCENT = "0.0%"
DECIMAL = "0.00"
INTEGER = "#,##0"


def metric_name_zh(metric: str, thresholds: Iterable[tuple[float, str, float | None]] = ()) -> str:
    """Chinese name of a summary metric (desk utilisation and thresholds included)."""
    if metric.startswith("utilisation:"):
        return f"窗口利用率：{metric.split(':', 1)[1]}"
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        for d, label, _ in thresholds:
            if f"{d:.3g}" == days and label:
                return f"{days}个工作日内办结率（{label}）"
        return f"{days}个工作日内办结率"
    return METRIC_NAMES_ZH.get(metric, metric)


def number_format(unit: str) -> str:
    """Excel number format of a value in ``unit``."""
    if unit == "share":
        return PERCENT
    if unit == "cases":
        return INTEGER
    return DECIMAL


def summary_table(results: Results, summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The summary with Chinese names: metric, name, value, interval and unit."""
    summary = results.summary() if summary is None else summary
    rows = []
    for metric, r in summary.iterrows():
        unit = str(r["unit"])
        label = metric_name_zh(str(metric), results.meta.thresholds)
        if str(metric).startswith("utilisation:"):
            desk = str(metric).split(":", 1)[1]
            names = {d.id: d.label for d in results.scenario.desks}
            label = f"窗口利用率：{names.get(desk) or desk}"
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
        {"limit": f"{limit:g} 个工作日内办结", "average limit": f"平均时限 {limit:g} 个工作日"}
        if limit
        else {}
    )
    measured = {
        "on_time_rate": "按时办结率",
        "mean_counted_working_days": "计入时限的平均工作日",
        **{
            threshold_metric(t.working_days): f"{t.working_days:g} 个工作日内办结率"
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
                "judged_by": measured.get(v.metric, "")
                + (f"不低于 {100 * v.goal:.0f}%" if unit == "share" else f"不超过 {v.goal:g}"),
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
                "target": t.label or f"{t.working_days:g} 个工作日内办结",
                "metric": key,
                "judged_by": f"{t.working_days:g} 个工作日内办结率（无目标比例，仅报告）",
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


def verdict_zh(met: bool | None, firm: bool) -> str:
    """达到 / 未达到, with 区间跨越目标 when the interval straddles the mark."""
    if met is None:
        return "仅报告"
    word = "达到" if met else "未达到"
    return word if firm else f"{word}（区间跨越目标，结论不稳）"


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
