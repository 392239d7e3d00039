"""Texts of the results workbook and the tables it shares with the report: headers, metric
and unit names, target names and verdict words (simulate/results/overview.py, workbook.py).

Keys are ``workbook.*`` (the workbook's own words) and ``overview.*`` (the shared tables).
"""

from __future__ import annotations

WORKBOOK_MESSAGES: dict[str, tuple[str, str]] = {
    # headers of the sheets' machine columns (the column ids never change)
    "workbook.header.metric": ("指标代码", "metric id"),
    "workbook.header.name": ("指标", "metric"),
    "workbook.header.value": ("数值", "value"),
    "workbook.header.ci_low": ("95%区间下限", "95% CI low"),
    "workbook.header.ci_high": ("95%区间上限", "95% CI high"),
    "workbook.header.unit": ("单位", "unit"),
    "workbook.header.target": ("目标", "target"),
    "workbook.header.judged_by": ("判定依据", "judged by"),
    "workbook.header.goal": ("目标值", "goal"),
    "workbook.header.verdict": ("结论", "verdict"),
    "workbook.header.desk": ("窗口代码", "desk id"),
    "workbook.header.label": ("名称", "name"),
    "workbook.header.staff": ("人员", "staff"),
    "workbook.header.utilisation": ("平均利用率", "mean utilisation"),
    "workbook.header.mean_queue_length": ("平均排队件数", "mean queue length"),
    "workbook.header.max_queue_length": ("最长排队件数", "longest queue"),
    "workbook.header.mean_wait_working_days": ("平均等候（工作日）", "mean wait (working days)"),
    "workbook.header.served_per_replication": ("每次重复办理件数", "served per replication"),
    "workbook.header.step": ("环节代码", "step id"),
    "workbook.header.passes_per_replication": ("每次重复办理次数", "passes per replication"),
    "workbook.header.mean_work_working_days": ("平均办理（工作日）", "mean work (working days)"),
    "workbook.header.mean_elapsed_working_days": (
        "每件平均耗时（工作日，含往返与补正）",
        "mean elapsed per case (working days, with travel and rework)",
    ),
    "workbook.header.share_over_limit": ("超环节时限比例", "share over the step's limit"),
    "workbook.header.key": ("项目", "item"),
    "workbook.header.content": ("内容", "content"),
    # charts and notes
    "workbook.chart.desks": ("各窗口平均利用率", "Mean utilisation by desk"),
    "workbook.chart.desks_axis": ("利用率", "utilisation"),
    "workbook.chart.steps": (
        "各环节平均等候与办理时间（工作日）",
        "Mean wait and work by step (working days)",
    ),
    "workbook.rows_cut": (
        "{title}：仅写入前 {max_rows:,} 行（共 {total:,} 行），完整数据见 CSV",
        "{title}: only the first {max_rows:,} rows written (of {total:,}); the CSV holds them all",
    ),
    # the shared tables (simulate/results/overview.py)
    "overview.no_targets": ("本情景未设定时限或目标", "no time limit or target in this scenario"),
    "overview.metric.cases": ("统计办件数（预热期后）", "cases measured (after warm-up)"),
    "overview.metric.mean_elapsed_working_days": (
        "平均办理时长（工作日）",
        "mean elapsed (working days)",
    ),
    "overview.metric.median_elapsed_working_days": (
        "办理时长中位数（工作日）",
        "median elapsed (working days)",
    ),
    "overview.metric.p90_elapsed_working_days": (
        "办理时长P90（工作日）",
        "P90 elapsed (working days)",
    ),
    "overview.metric.p95_elapsed_working_days": (
        "办理时长P95（工作日）",
        "P95 elapsed (working days)",
    ),
    "overview.metric.mean_elapsed_natural_days": (
        "平均办理时长（自然日）",
        "mean elapsed (natural days)",
    ),
    "overview.metric.median_elapsed_natural_days": (
        "办理时长中位数（自然日）",
        "median elapsed (natural days)",
    ),
    "overview.metric.p90_elapsed_natural_days": (
        "办理时长P90（自然日）",
        "P90 elapsed (natural days)",
    ),
    "overview.metric.p95_elapsed_natural_days": (
        "办理时长P95（自然日）",
        "P95 elapsed (natural days)",
    ),
    "overview.metric.mean_counted_working_days": (
        "计入时限的平均时长（工作日）",
        "mean counted against the limit (working days)",
    ),
    "overview.metric.p90_counted_working_days": (
        "计入时限的时长P90（工作日）",
        "P90 counted against the limit (working days)",
    ),
    "overview.metric.on_time_rate": ("按时办结率", "on-time rate"),
    "overview.metric.throughput_per_working_day": ("每工作日办结件数", "finished per working day"),
    "overview.metric.visits_per_case": ("每件跑动次数", "in-person visits per case"),
    "overview.metric.rework_rounds_per_case": ("每件补正次数", "rework rounds per case"),
    "overview.metric.busiest_desk_utilisation": ("最忙窗口利用率", "busiest desk utilisation"),
    "overview.metric.utilisation": ("窗口利用率：{desk}", "utilisation: {desk}"),
    "overview.metric.share_within": (
        "{days}个工作日内办结率",
        "finished within {days} working days",
    ),
    "overview.metric.share_within_label": (
        "{days}个工作日内办结率（{label}）",
        "finished within {days} working days ({label})",
    ),
    "overview.target.within": ("{days:g} 个工作日内办结", "finished within {days:g} working days"),
    "overview.target.average": (
        "平均时限 {days:g} 个工作日",
        "average limit of {days:g} working days",
    ),
    "overview.measured.on_time_rate": ("按时办结率", "on-time rate"),
    "overview.measured.mean_counted": (
        "计入时限的平均工作日",
        "mean working days counted against the limit",
    ),
    "overview.measured.share_within": (
        "{days:g} 个工作日内办结率",
        "share finished within {days:g} working days",
    ),
    "overview.measured.at_least": ("不低于 {percent:.0f}%", " at least {percent:.0f}%"),
    "overview.measured.at_most": ("不超过 {goal:g}", " at most {goal:g}"),
    "overview.measured.reported": (
        "{days:g} 个工作日内办结率（无目标比例，仅报告）",
        "share finished within {days:g} working days (no target share; reported only)",
    ),
    "overview.verdict.reported": ("仅报告", "reported only"),
    "overview.verdict.met": ("达到", "met"),
    "overview.verdict.missed": ("未达到", "not met"),
    "overview.verdict.not_firm": (
        "{word}（区间跨越目标，结论不稳）",
        "{word} (the interval straddles the goal: not firm)",
    ),
}
