"""The layout of a scenario workbook: its sheets, their columns, and the Chinese headers.

A scenario workbook holds the same scenario a YAML file does, one sheet per section, so
planners can keep a process in Excel or WPS. Row 1 holds the Chinese header, row 2 the
field id (what the YAML file calls it), data starts on row 3. Two sheets (``scenario``,
``arrivals``) are key/value lists; the others are tables, one row per item. A cell whose
value has structure (a travel time, a step limit, a reform's parameters, a part of the
flow) holds it in YAML's one-line form, e.g. ``{natural_hours: {median: 0.5, p90: 1}}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its field id, Chinese header and meaning."""

    id: str
    zh: str
    meaning: str = ""
    inline: bool = False  # the cell holds one-line YAML
    flag: bool = False  # true/false (是/否 accepted)


#: Key/value sheets: (field id, Chinese name, inline YAML?).
KEY_VALUE: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "scenario": (
        ("name", "情景代码（小写字母、数字、下划线）", False),
        ("label", "情景名称", False),
        ("process", "事项类别", False),
        ("description", "说明", False),
        ("documents", "依据文件（逗号分隔）", False),
        ("start", "开始日期（YYYY-MM-DD）", False),
        ("horizon_working_days", "模拟时长（工作日）", False),
        ("warmup_working_days", "预热期（工作日）", False),
        ("replications", "重复次数", False),
        ("seed", "随机种子", False),
        ("calendar", "日历（YAML单行，可空）", True),
        ("attributes", "办件属性（YAML单行，可空）", True),
        ("channels", "办理渠道：网办比例（YAML单行，可空）", True),
        ("source", "出处", False),
        ("assumption", "假设说明", False),
    ),
    "arrivals": (
        ("per_working_day", "每工作日申请件数", False),
        ("any_hour", "全天候提交（网办）", False),
        ("cohort", "同批提交件数", False),
        ("date", "同批提交日期", False),
        ("csv", "申请时间CSV文件", False),
        ("source", "出处", False),
        ("assumption", "假设说明", False),
    ),
}

#: Table sheets, in workbook order after the key/value sheets.
TABLES: dict[str, tuple[Column, ...]] = {
    "desks": (
        Column("id", "窗口代码", "unique id, used by steps"),
        Column("label", "窗口名称"),
        Column("staff", "人员数", "staff serving in parallel"),
        Column("hours", "办公时间", 'e.g. ["09:00-12:00", "13:00-17:00"] or 24h', inline=True),
        Column("every_day", "节假日也办公", "true for an online system", flag=True),
        Column("priority", "优先办理（绿色通道）", "{exporter_class: class1}", inline=True),
        Column("source", "出处"),
        Column("assumption", "假设说明"),
    ),
    "steps": (
        Column("id", "环节代码", "unique id, used by flow"),
        Column("label", "环节名称"),
        Column("desk", "办理窗口", "desk id; empty for a pure delay"),
        Column("actor", "办理方", "agency | applicant | third_party"),
        Column(
            "duration_unit",
            "时长单位",
            "working_hours | working_days | natural_hours | natural_days",
        ),
        Column("fixed", "固定时长"),
        Column("median", "时长中位数", "lognormal, with P90"),
        Column("p90", "时长P90"),
        Column("min", "最短", "triangular, with mode and max"),
        Column("mode", "最可能"),
        Column("max", "最长"),
        Column("mean", "平均（指数分布）"),
        Column("values", "实测时长（逗号分隔）", "empirical"),
        Column("duration_source", "时长出处"),
        Column("duration_assumption", "时长假设说明"),
        Column("limit", "环节时限", "{working_days: N}", inline=True),
        Column("visit", "需到现场", flag=True),
        Column("travel", "往返时间", "{natural_hours: {median: 0.5, p90: 1}}", inline=True),
        Column("documents", "材料件数"),
        Column("fee", "收费（元）"),
        Column("when", "适用条件", "{matter: new}", inline=True),
        Column("procedure", "计为环节", flag=True),
        Column("clock_stop", "不计入时限", flag=True),
        Column("default_approval", "超时默认", flag=True),
        Column("auto_share", "秒批比例"),
        Column("stage", "所属阶段", "e.g. 工程建设许可; the process map frames a stage's steps"),
        Column("batch", "集中办理", "{every_working_days: 5}", inline=True),
        Column("source", "出处"),
        Column("assumption", "假设说明"),
    ),
    "flow": (
        Column(
            "item",
            "流程（按顺序，每行一个环节代码或一个YAML单行节点）",
            "step id, or e.g. {parallel: [a, b]}",
            inline=True,
        ),
    ),
    "rework": (
        Column("step", "补正环节", "step id"),
        Column("p_incomplete", "材料不全概率"),
        Column("makeup", "补正时间", "{natural_hours: {median: 4, p90: 24}}", inline=True),
        Column("max_rounds", "最多补正次数"),
        Column("alongside", "容缺受理（边办边补）", flag=True),
        Column("before", "补齐前不得开始的环节"),
        Column("p_fail", "补正失败概率"),
        Column("clock_stop", "补正不计入时限", flag=True),
        Column("source", "出处"),
        Column("assumption", "假设说明"),
    ),
    "targets": (
        Column("kind", "类型", "time_limit（办结时限）| threshold（统计口径）| target（其他目标）"),
        Column("working_days", "工作日"),
        Column("working_hours", "工作小时"),
        Column("statistic", "时限口径", "max（以内，默认）| mean（平均）"),
        Column(
            "by",
            "分类时限（一行 YAML）",
            "[{when: {project: simple}, working_days: 5, source: ...}]",
            inline=True,
        ),
        Column("label", "名称"),
        Column("target_share", "目标比例（0-1）"),
        Column("source", "出处"),
        Column("assumption", "假设说明"),
        Column(
            "definition",
            "其他目标（一行 YAML）",
            "{kind: steps, max: 3, label: 报装环节3个, source: ...}",
            inline=True,
        ),
    ),
    "reforms": (
        Column("reform", "改革措施", "registered reform name (simulate reforms)"),
        Column("parameters", "参数", "{steps: [a, b]}", inline=True),
    ),
}

#: Duration value columns of the steps sheet, by the YAML key they fill.
DURATION_SHAPES = ("fixed", "median", "p90", "min", "mode", "max", "mean", "values")

#: First data row (row 1: Chinese header, row 2: field ids).
FIRST_ROW = 3

#: Sheet names in workbook order.
SHEETS = (*KEY_VALUE, *TABLES)

#: Chinese title of each sheet (shown in the readme sheet).
SHEET_TITLES = {
    "scenario": "情景基本信息",
    "arrivals": "申请到达",
    "desks": "窗口与人员",
    "steps": "办理环节",
    "flow": "流程顺序",
    "rework": "补正",
    "targets": "时限与目标",
    "reforms": "改革措施",
}
