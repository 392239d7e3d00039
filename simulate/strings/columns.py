"""Labels of the result tables' columns (the data dictionary), Chinese and English.

Keys are ``column.<identifier>``; the identifiers are the CSV headers and never change.
"""

from __future__ import annotations

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # cases
    "column.scenario": ("情景", "scenario"),
    "column.replication": ("重复序号", "replication"),
    "column.case": ("办件序号", "case"),
    "column.arrival": ("提交时间", "submitted"),
    "column.finish": ("办结时间", "finished"),
    "column.arrival_h": ("提交时刻（小时）", "submitted (hours)"),
    "column.finish_h": ("办结时刻（小时）", "finished (hours)"),
    "column.elapsed_working_days": ("用时（工作日）", "elapsed (working days)"),
    "column.elapsed_natural_days": ("用时（自然日）", "elapsed (natural days)"),
    "column.clock_stop_working_days": ("停表（工作日）", "clock stopped (working days)"),
    "column.counted_working_days": (
        "计入时限（工作日）",
        "counted against the limit (working days)",
    ),
    "column.on_time": ("按时办结", "on time"),
    "column.time_limit_working_days": ("本件时限（工作日）", "the case's limit (working days)"),
    "column.visits": ("跑动次数", "in-person visits"),
    "column.rework_rounds": ("补正次数", "rework rounds"),
    "column.in_warmup": ("预热期内", "in warm-up"),
    # steps
    "column.step": ("环节", "step"),
    "column.label": ("名称", "label"),
    "column.desk": ("窗口", "desk"),
    "column.actor": ("用时方", "whose time"),
    "column.phase": ("阶段", "phase"),
    "column.round": ("轮次", "round"),
    "column.detached": ("不在主路径", "off the path"),
    "column.enter_h": ("进入时刻（小时）", "entered (hours)"),
    "column.start_h": ("开始办理（小时）", "started (hours)"),
    "column.end_h": ("完成时刻（小时）", "ended (hours)"),
    "column.wait_working_days": ("排队（工作日）", "queueing (working days)"),
    "column.work_working_days": ("办理（工作日）", "work (working days)"),
    "column.clock_stop": ("停表", "clock stopped"),
    "column.visit": ("需到现场", "in-person visit"),
    "column.over_limit": ("超环节时限", "over the step's limit"),
    # desks
    "column.staff": ("人员数", "staff"),
    "column.office_hours": ("办公时间", "office hours"),
    "column.served": ("办理件次", "passes served"),
    "column.utilisation": ("忙碌率", "utilisation"),
    "column.mean_queue_length": ("平均排队件数", "mean queue length"),
    "column.max_queue_length": ("最多排队件数", "longest queue"),
    "column.mean_wait_working_days": ("平均排队（工作日）", "mean wait (working days)"),
    # summary and comparison tables
    "column.metric": ("指标", "metric"),
    "column.meaning": ("含义", "meaning"),
    "column.value": ("数值", "value"),
    "column.ci_low": ("95%置信区间下限", "95% CI low"),
    "column.ci_high": ("95%置信区间上限", "95% CI high"),
    "column.unit": ("单位", "unit"),
    "column.diff": ("与基准之差", "difference to the reference"),
    "column.diff_ci_low": ("差值区间下限", "difference CI low"),
    "column.diff_ci_high": ("差值区间上限", "difference CI high"),
}
