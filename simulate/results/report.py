"""Readable text summaries for the terminal and the ``summary.txt`` output."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from simulate.results.meta import RunMeta
from simulate.results.metrics import format_summary, metric_name
from simulate.strings import text
from simulate.textfmt import align, display_width


def text_report(
    meta: RunMeta,
    summary: pd.DataFrame,
    bottleneck: tuple[str, float] | None,
    target_lines: Sequence[str],
    limits: str = "",
) -> str:
    """The summary as aligned text with intervals, the limit and the bottleneck.

    ``bottleneck`` is the busiest desk and its mean utilisation; ``target_lines`` the
    sentences that say whether each target holds; ``limits`` the limits per class in words
    (none: one limit for every case).
    """
    m = meta
    title = f"{m.label}  ({m.scenario})" if m.label else m.scenario
    lines = [title, "=" * min(display_width(title), 78)]
    lines.append(
        text(
            "report.run_line",
            replications=m.replications,
            seed=m.seed,
            start=m.start,
            horizon=m.horizon_working_days,
            warmup=m.warmup_working_days,
        )
    )
    if m.time_limit_working_days:
        kind = text("report.on_average") if m.time_limit_statistic == "mean" else ""
        lines.append(text("report.time_limit", days=m.time_limit_working_days, kind=kind))
    if limits:
        lines.append(text("report.time_limit_classes", limits=limits))
    if m.reforms:
        shown = m.reforms_described or m.reforms
        lines.append(text("report.reforms", names=text("report.list_separator").join(shown)))
    lines.append("")
    table = format_summary(summary)
    names = [metric_name(str(i), m.thresholds) for i in table.index]
    rows = [
        [name, row["value"], row["95% CI"], row["unit"]]
        for name, (_, row) in zip(names, table.iterrows(), strict=True)
    ]
    lines += ["  " + line.rstrip() for line in align(rows, right=[1])]
    lines.append("")
    if bottleneck is not None:
        neck, util = bottleneck
        lines.append(text("report.bottleneck", desk=neck, percent=100 * util))
    lines += list(target_lines)
    return "\n".join(lines) + "\n"
