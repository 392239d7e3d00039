"""What a proposal appendix says, as plain blocks both writers (Word and HTML) render.

The appendix, in Chinese: the process of each scenario (steps with their sources), every
assumed or cited number with its provenance, the results with 95% intervals, every target
with its verdict and the figure it is judged by, and, for several scenarios, the paired
comparison with the reference and the attribution of a bundle of reforms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from simulate.experiments.attribution import Attribution
from simulate.experiments.comparison import Comparison
from simulate.results.overview import (
    UNIT_NAMES_ZH,
    metric_name_zh,
    step_table,
    summary_table,
    target_table,
    verdict_zh,
)
from simulate.results.results import Results
from simulate.scenario.durations import Duration
from simulate.scenario.model import Scenario


@dataclass(frozen=True)
class Heading:
    """A section title (level 1 or 2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table of text cells, with a caption above it."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths (empty: equal)


@dataclass(frozen=True)
class Figure:
    """A chart image (PNG) with its caption."""

    path: Path
    caption: str


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class Report:
    """The appendix: a title and its blocks in order."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


UNIT_ZH = {
    "working_hours": "工作小时",
    "working_days": "工作日",
    "natural_hours": "自然小时",
    "natural_days": "自然日",
}
ACTOR_ZH = {"agency": "政府部门", "applicant": "申请人", "third_party": "第三方"}

#: Metrics shown in the results and comparison tables, in order.
HEADLINE = (
    "mean_elapsed_working_days",
    "median_elapsed_working_days",
    "p90_elapsed_working_days",
    "mean_elapsed_natural_days",
    "p90_elapsed_natural_days",
    "mean_counted_working_days",
    "on_time_rate",
    "visits_per_case",
    "rework_rounds_per_case",
    "throughput_per_working_day",
    "busiest_desk_utilisation",
)


def number(value: float, unit: str) -> str:
    """A figure as the tables show it (shares in percent)."""
    if pd.isna(value):
        return "—"
    if unit == "share":
        return f"{100 * value:.1f}%"
    if unit == "cases":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def interval(low: float, high: float, unit: str) -> str:
    """``[low, high]`` or a dash."""
    if pd.isna(low) or pd.isna(high):
        return "—"
    return f"[{number(low, unit)}, {number(high, unit)}]"


def duration_zh(duration: Duration) -> str:
    """A duration in Chinese: 中位数 2、P90 4 工作日."""
    unit = UNIT_ZH.get(duration.unit, duration.unit)
    p = duration.params
    if duration.kind == "fixed":
        text = f"{p[0]:g}"
    elif duration.kind == "lognormal":
        text = f"中位数 {p[0]:g}、P90 {p[1]:g}"
    elif duration.kind == "triangular":
        text = f"最短 {p[0]:g}、最可能 {p[1]:g}、最长 {p[2]:g}"
    elif duration.kind == "exponential":
        text = f"平均 {p[0]:g}（指数分布）"
    else:
        return duration.describe()
    cap = f"，最多 {duration.cap:g}" if duration.cap is not None else ""
    return f"{text}{cap} {unit}"


def provenance(source: str | None, assumption: str | None) -> str:
    """``出处：…`` or ``假设：…`` (both when both are given)."""
    parts = []
    if source:
        parts.append(f"出处：{source}")
    if assumption:
        parts.append(f"假设：{assumption}")
    return "；".join(parts) or "未注明"


def process_table(scenario: Scenario) -> Table:
    """The steps of a scenario with desk, actor, duration and source."""
    desks = {d.id: d.label or d.id for d in scenario.desks}
    rows = []
    for i, step in enumerate(scenario.steps, start=1):
        extras = []
        if step.visit:
            extras.append("需到现场")
        if step.clock_stop:
            extras.append("不计入时限")
        if step.auto_share:
            extras.append(f"秒批 {100 * step.auto_share:.0f}%")
        if step.limit_working_days is not None:
            extras.append(f"环节时限 {step.limit_working_days:g} 个工作日")
        rows.append(
            (
                str(i),
                step.label or step.id,
                desks.get(step.desk or "", "—") if step.desk else "—（等待）",
                ACTOR_ZH.get(step.actor, step.actor),
                duration_zh(step.duration),
                "、".join(extras) or "—",
                step.source or "假设（见参数表）",
            )
        )
    return Table(
        f"表：{scenario.label or scenario.name} 的办理环节",
        ("序号", "环节", "办理窗口", "办理方", "办理时长", "说明", "依据"),
        tuple(rows),
        (0.5, 1.6, 1.6, 1.0, 1.8, 1.4, 2.4),
    )


def assumption_table(scenario: Scenario) -> Table:
    """Every number the model rests on, with its source or the reason it is assumed."""
    rows: list[tuple[str, str, str]] = []
    a = scenario.arrivals
    if a.kind == "poisson":
        rows.append(
            ("申请量", f"每工作日 {a.per_working_day:g} 件", provenance(a.source, a.assumption))
        )
    elif a.kind == "cohort":
        rows.append(("申请量", f"{a.date} 同批 {a.cohort} 件", provenance(a.source, a.assumption)))
    else:
        rows.append(
            ("申请量", f"{len(a.times)} 个实际提交时间", provenance(a.source, a.assumption))
        )
    if scenario.time_limit_working_days is not None:
        word = "平均" if scenario.time_limit_statistic == "mean" else "以内"
        rows.append(
            (
                "办结时限",
                f"{scenario.time_limit_working_days:g} 个工作日{word}",
                provenance(scenario.time_limit_source, None),
            )
        )
    for t in scenario.thresholds:
        goal = f"，目标 {100 * t.target_share:.0f}%" if t.target_share is not None else ""
        rows.append(
            (
                t.label or "统计口径",
                f"{t.working_days:g} 个工作日内{goal}",
                provenance(t.source, t.assumption),
            )
        )
    for d in scenario.desks:
        rows.append(
            (f"人员：{d.label or d.id}", f"{d.staff} 人", provenance(d.source, d.assumption))
        )
    for step in scenario.steps:
        rows.append(
            (
                f"时长：{step.label or step.id}",
                duration_zh(step.duration),
                provenance(step.duration.source, step.duration.assumption or step.assumption),
            )
        )
        if step.travel is not None:
            rows.append(
                (
                    f"往返：{step.label or step.id}",
                    duration_zh(step.travel),
                    provenance(step.travel.source, step.travel.assumption),
                )
            )
    labels = {s.id: s.label or s.id for s in scenario.steps}
    for step_id, rework in scenario.rework:
        kind = "容缺受理（边办边补）" if rework.alongside else "退回补正"
        rows.append(
            (
                f"补正：{labels.get(step_id, step_id)}",
                f"{100 * rework.p_incomplete:.0f}% 材料不全，{kind}，补正时间 {duration_zh(rework.makeup)}",
                provenance(rework.source, rework.assumption),
            )
        )
    for reform in scenario.reforms:
        rows.append(("改革措施", reform.name, "见改革措施说明（simulate reforms）"))
    return Table(
        f"表：{scenario.label or scenario.name} 的参数及其依据",
        ("参数", "取值", "出处或假设"),
        tuple(rows),
        (1.6, 1.8, 4.0),
    )


def results_table(results: Results) -> Table:
    """The headline figures of a run with their 95% intervals."""
    table = summary_table(results).set_index("metric")
    rows = []
    for metric in HEADLINE:
        if metric in table.index:
            r = table.loc[metric]
            unit = str(r["unit"])
            rows.append(
                (
                    str(r["name"]),
                    number(float(r["value"]), unit),
                    interval(float(r["ci_low"]), float(r["ci_high"]), unit),
                    "" if unit == "share" else UNIT_NAMES_ZH.get(unit, unit),
                )
            )
    name = results.scenario.label or results.scenario.name
    return Table(f"表：{name} 的模拟结果", ("指标", "均值", "95%置信区间", "单位"), tuple(rows))


def targets_table(results: Results) -> Table:
    """Every target with the figure it is judged by, the interval and the verdict."""
    table = target_table(results)
    rows = []
    for r in table.itertuples(index=False):
        unit = str(r.unit)
        goal = "—" if r.goal is None or pd.isna(r.goal) else number(float(r.goal), unit)
        rows.append(
            (
                str(r.target),
                str(r.judged_by),
                goal,
                number(float(r.value), unit),
                interval(float(r.ci_low), float(r.ci_high), unit),
                verdict_zh(None if r.met is None else bool(r.met), bool(r.firm)),
            )
        )
    if not rows:
        rows.append(("本情景未设定时限或目标", "—", "—", "—", "—", "—"))
    name = results.scenario.label or results.scenario.name
    return Table(
        f"表：{name} 的目标判定",
        ("目标", "判定依据", "目标值", "模拟值", "95%置信区间", "结论"),
        tuple(rows),
    )


def step_time_table(results: Results) -> Table:
    """Where the time goes: wait and work per step."""
    table = step_table(results)
    rows = tuple(
        (
            str(r.label),
            number(float(r.mean_wait_working_days), "working days"),
            number(float(r.mean_work_working_days), "working days"),
            number(float(r.mean_elapsed_working_days), "working days"),
        )
        for r in table.itertuples(index=False)
    )
    name = results.scenario.label or results.scenario.name
    return Table(
        f"表：{name} 各环节耗时（工作日）",
        ("环节", "平均等候", "平均办理", "每件平均耗时（含往返与补正）"),
        rows,
    )


def comparison_table(comparison: Comparison) -> Table:
    """Each scenario against the reference: value, paired difference and its interval."""
    table = comparison.table()
    labels = dict(
        zip(comparison.names, (s.label or s.name for s in comparison.scenarios), strict=True)
    )
    thresholds = comparison.results[0].meta.thresholds
    rows = []
    for r in table.itertuples(index=False):
        if r.metric not in HEADLINE:
            continue
        unit = str(r.unit)
        if pd.isna(r.diff):
            diff, diff_ci = "参照", "—"
        elif unit == "share":
            diff = f"{100 * float(r.diff):+.1f} 个百分点"
            diff_ci = f"[{100 * float(r.diff_ci_low):+.1f}, {100 * float(r.diff_ci_high):+.1f}]"
        else:
            diff = f"{float(r.diff):+.2f}"
            diff_ci = f"[{float(r.diff_ci_low):+.2f}, {float(r.diff_ci_high):+.2f}]"
        rows.append(
            (
                metric_name_zh(str(r.metric), thresholds),
                labels.get(str(r.scenario), str(r.scenario)),
                number(float(r.value), unit),
                interval(float(r.ci_low), float(r.ci_high), unit),
                diff,
                diff_ci,
            )
        )
    return Table(
        "表：各情景与参照情景的对比（共同随机数，配对差值）",
        ("指标", "情景", "均值", "95%置信区间", "与参照之差", "差值95%置信区间"),
        tuple(rows),
        (1.5, 2.6, 0.9, 1.4, 1.2, 1.4),
    )


def attribution_table(attribution: Attribution, label: str) -> Table:
    """Each reform's share of the change (Shapley value) with its interval."""
    c = attribution.contributions
    unit = attribution.unit
    rows = [
        (
            str(r.label or r.reform),
            f"{float(r.value):+.2f}",
            f"[{float(r.ci_low):+.2f}, {float(r.ci_high):+.2f}]",
            f"{float(r.alone):+.2f}",
            f"{float(r.added_last):+.2f}",
        )
        for r in c.itertuples(index=False)
    ]
    rows.append(
        (
            "合计（全部改革 − 基线）",
            f"{attribution.full_value - attribution.base_value:+.2f}",
            f"基线 {attribution.base_value:.2f} → {attribution.full_value:.2f}",
            "",
            "",
        )
    )
    unit_zh = UNIT_NAMES_ZH.get(unit, unit)
    return Table(
        f"表：{label} 各项改革的贡献（{metric_name_zh(attribution.metric)}，{unit_zh}，Shapley 分解）",
        ("改革措施", "贡献", "95%置信区间", "单独实施", "最后加入"),
        tuple(rows),
    )


def build_report(
    comparison: Comparison,
    charts: Sequence[Figure] = (),
    attributions: Sequence[tuple[str, Attribution]] = (),
    *,
    today: dt.date | None = None,
) -> Report:
    """The appendix of one or more scenarios run on common random numbers.

    Parameters
    ----------
    comparison
        The scenarios and their results (one scenario: a comparison of one).
    charts
        Chart images to place in the results section, in order.
    attributions
        ``(scenario label, attribution)`` of reform bundles, for the attribution section.
    today
        Date printed under the title (default today).
    """
    scenarios, runs = comparison.scenarios, comparison.results
    several = len(scenarios) > 1
    title = (
        f"{scenarios[0].label or scenarios[0].name} 等 {len(scenarios)} 个情景的模拟分析"
        if several
        else f"{scenarios[0].label or scenarios[0].name} 模拟分析"
    )
    meta = runs[0].meta
    blocks: list[Block] = [
        Paragraph(
            f"编制日期：{today or dt.date.today()}。本附件由 simulate {meta.version} 生成："
            f"离散事件仿真，{meta.replications} 次独立重复，随机种子 {meta.seed}，"
            f"自 {meta.start} 起按国务院办公厅公布的节假日与调休安排计算工作日；"
            "各数值为各次重复的均值，方括号内为 95% 置信区间。"
            + ("各情景使用共同随机数，差值为配对差值。" if several else "")
        ),
        Heading("一、办理流程"),
    ]
    for scenario in scenarios:
        blocks.append(Heading(scenario.label or scenario.name, 2))
        if scenario.description:
            blocks.append(Paragraph(scenario.description))
        blocks.append(process_table(scenario))
    blocks.append(Heading("二、参数与依据"))
    blocks.append(
        Paragraph(
            "每个参数注明出处（政策文件及行号）或标为假设并说明理由。"
            "结论依赖标为假设的参数，宜在提交前核实。"
        )
    )
    for scenario in scenarios:
        blocks.append(assumption_table(scenario))
    blocks.append(Heading("三、模拟结果"))
    for results in runs:
        blocks.append(results_table(results))
        blocks.append(step_time_table(results))
    blocks += list(charts)
    blocks.append(Heading("四、目标判定"))
    blocks.append(
        Paragraph(
            "“以内”时限按按时办结率是否达到 90% 判定；“平均”时限按计入时限的平均工作日判定"
            "（补正等停表时间不计入）；统计口径按其目标比例判定。"
            "区间跨越目标时，结论取决于抽样误差，宜增加重复次数或核实假设。"
        )
    )
    for results in runs:
        blocks.append(targets_table(results))
    if several:
        blocks.append(Heading("五、情景对比"))
        blocks.append(comparison_table(comparison))
        if attributions:
            blocks.append(Heading("六、改革措施贡献分解"))
            blocks.append(
                Paragraph(
                    "各项改革对均值变化的贡献按 Shapley 值分解：对所有加入顺序取平均，"
                    "各项贡献之和等于全部改革与基线之差。"
                )
            )
            for label, attribution in attributions:
                blocks.append(attribution_table(attribution, label))
    return Report(title, tuple(blocks))
