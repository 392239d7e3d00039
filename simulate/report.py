"""Readable text summaries for the terminal and the ``summary.txt`` output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulate.textfmt import align, display_width

if TYPE_CHECKING:
    from simulate.results import Results

NAMES = {
    "cases": "cases measured (after warm-up)",
    "mean_elapsed_working_days": "mean elapsed, working days",
    "median_elapsed_working_days": "median elapsed, working days",
    "p90_elapsed_working_days": "P90 elapsed, working days",
    "p95_elapsed_working_days": "P95 elapsed, working days",
    "mean_elapsed_natural_days": "mean elapsed, natural days",
    "median_elapsed_natural_days": "median elapsed, natural days",
    "p90_elapsed_natural_days": "P90 elapsed, natural days",
    "p95_elapsed_natural_days": "P95 elapsed, natural days",
    "mean_counted_working_days": "mean counted against the limit, working days",
    "p90_counted_working_days": "P90 counted against the limit, working days",
    "on_time_rate": "on time (按时办结率)",
    "throughput_per_working_day": "finished per working day",
    "visits_per_case": "in-person visits per case",
    "rework_rounds_per_case": "补正 rounds per case",
    "busiest_desk_utilisation": "busiest desk utilisation",
}


def metric_name(metric: str, results: Results | None = None) -> str:
    """Readable name of a summary metric."""
    if metric.startswith("utilisation:"):
        return f"utilisation of desk {metric.split(':', 1)[1]}"
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        label = ""
        if results is not None:
            for d, lab, _ in results.meta.thresholds:
                if f"{d:.3g}" == days and lab:
                    label = f" ({lab})"
        return f"done within {days} working days{label}"
    return NAMES.get(metric, metric)


def text_report(results: Results) -> str:
    """The summary as aligned text with intervals, the limit and the bottleneck."""
    from simulate.results import format_summary

    m = results.meta
    title = f"{m.label}  ({m.scenario})" if m.label else m.scenario
    lines = [title, "=" * min(display_width(title), 78)]
    lines.append(
        f"{m.replications} replications, seed {m.seed}, start {m.start}, horizon {m.horizon_working_days:g} working days (warm-up {m.warmup_working_days:g})"
    )
    if m.time_limit_working_days:
        kind = " on average (平均)" if m.time_limit_statistic == "mean" else ""
        lines.append(f"time limit: {m.time_limit_working_days:g} working days{kind}")
    if m.reforms:
        lines.append("reforms: " + ", ".join(m.reforms))
    lines.append("")
    table = format_summary(results.summary())
    names = [metric_name(str(i), results) for i in table.index]
    rows = [
        [name, row["value"], row["95% CI"], row["unit"]]
        for name, (_, row) in zip(names, table.iterrows(), strict=True)
    ]
    lines += ["  " + line.rstrip() for line in align(rows, right=[1])]
    lines.append("")
    neck = results.bottleneck()
    if neck is not None:
        util = results.desks.groupby("desk", observed=True)["utilisation"].mean()[neck]
        lines.append(f"bottleneck: desk {neck} ({100 * util:.0f}% busy)")
    lines += [text for text, _ in results.target_checks()]
    return "\n".join(lines) + "\n"
