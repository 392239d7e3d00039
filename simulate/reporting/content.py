"""What a proposal appendix says, as plain blocks both writers (Word and HTML) render.

The appendix, in the chosen language (Chinese by default): the process of each scenario (steps with their sources), every
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
    metric_name,
    step_table,
    summary_table,
    target_table,
    unit_name,
    verdict_word,
)
from simulate.results.results import Results
from simulate.scenario.attributes import describe_conditions
from simulate.scenario.durations import Duration
from simulate.scenario.model import Scenario
from simulate.strings import CATALOGUE, get_language, text


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


def _named(prefix: str, key: str) -> str:
    """The catalogue's word for ``key`` under ``prefix`` (a unit, an actor), else ``key``."""
    return text(f"{prefix}.{key}") if f"{prefix}.{key}" in CATALOGUE else key


def _header(keys: str) -> tuple[str, ...]:
    """A table's header: its catalogue keys (under ``appendix.``), separated by spaces."""
    return tuple(text(f"appendix.{key}") for key in keys.split())


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


def duration_text(duration: Duration) -> str:
    """A duration in the chosen language: 中位数 2、P90 4 工作日 (median 2, P90 4 working days)."""
    unit = _named("appendix.unit", duration.unit)
    p = duration.params
    if duration.kind == "fixed":
        shown = f"{p[0]:g}"
    elif duration.kind == "lognormal":
        shown = text("appendix.duration.lognormal", median=p[0], p90=p[1])
    elif duration.kind == "triangular":
        shown = text("appendix.duration.triangular", low=p[0], mode=p[1], high=p[2])
    elif duration.kind == "exponential":
        shown = text("appendix.duration.exponential", mean=p[0])
    else:
        return duration.describe()
    cap = text("appendix.duration.cap", cap=duration.cap) if duration.cap is not None else ""
    return f"{shown}{cap} {unit}"


def provenance(source: str | None, assumption: str | None) -> str:
    """``出处：…`` or ``假设：…`` (both when both are given)."""
    parts = []
    if source:
        parts.append(text("appendix.source", source=source))
    if assumption:
        parts.append(text("appendix.assumption", assumption=assumption))
    return text("appendix.provenance_separator").join(parts) or text("appendix.not_given")


def process_table(scenario: Scenario) -> Table:
    """The steps of a scenario with desk, actor, duration and source."""
    desks = {d.id: d.label or d.id for d in scenario.desks}
    rows = []
    for i, step in enumerate(scenario.steps, start=1):
        extras = []
        if step.visit:
            extras.append(text("appendix.step.visit"))
        if step.clock_stop:
            extras.append(text("appendix.step.clock_stop"))
        if step.auto_share:
            extras.append(text("appendix.step.auto", percent=100 * step.auto_share))
        if step.limit_working_days is not None:
            extras.append(text("appendix.step.limit", days=step.limit_working_days))
        rows.append(
            (
                str(i),
                step.label or step.id,
                desks.get(step.desk or "", "—") if step.desk else text("appendix.step.waiting"),
                _named("appendix.actor", step.actor),
                duration_text(step.duration),
                text("report.list_separator").join(extras) or "—",
                step.source or text("appendix.step.assumed"),
            )
        )
    return Table(
        text("appendix.process.caption", name=scenario.label or scenario.name),
        _header(
            "process.number process.step process.desk process.actor"
            " process.duration process.notes process.basis"
        ),
        tuple(rows),
        (0.5, 1.6, 1.6, 1.0, 1.8, 1.4, 2.4),
    )


def assumption_table(scenario: Scenario) -> Table:
    """Every number the model rests on, with its source or the reason it is assumed."""
    rows: list[tuple[str, str, str]] = []
    a = scenario.arrivals
    arrivals = text("appendix.param.arrivals")
    if a.kind == "poisson":
        volume = text("appendix.param.per_day", rate=a.per_working_day)
    elif a.kind == "cohort":
        volume = text("appendix.param.cohort", date=a.date, count=a.cohort)
    else:
        volume = text("appendix.param.times", count=len(a.times))
    rows.append((arrivals, volume, provenance(a.source, a.assumption)))
    if scenario.time_limit_working_days is not None:
        how = "mean" if scenario.time_limit_statistic == "mean" else "within"
        rows.append(
            (
                text("appendix.param.time_limit"),
                text(f"appendix.param.limit_{how}", days=scenario.time_limit_working_days),
                provenance(scenario.time_limit_source, None),
            )
        )
        rows += [
            (
                text("appendix.param.time_limit"),
                text("limit.class", days=c.working_days, where=describe_conditions(c.when)),
                provenance(c.source, c.assumption),
            )
            for c in scenario.time_limit_by
        ]
    for t in scenario.thresholds:
        goal = (
            text("appendix.param.goal", percent=100 * t.target_share)
            if t.target_share is not None
            else ""
        )
        rows.append(
            (
                t.label or text("appendix.param.threshold"),
                text("appendix.param.within", days=t.working_days, goal=goal),
                provenance(t.source, t.assumption),
            )
        )
    for d in scenario.desks:
        rows.append(
            (
                text("appendix.param.staff", desk=d.label or d.id),
                text("appendix.param.people", staff=d.staff),
                provenance(d.source, d.assumption),
            )
        )
    for step in scenario.steps:
        rows.append(
            (
                text("appendix.param.duration", step=step.label or step.id),
                duration_text(step.duration),
                provenance(step.duration.source, step.duration.assumption or step.assumption),
            )
        )
        if step.travel is not None:
            rows.append(
                (
                    text("appendix.param.travel", step=step.label or step.id),
                    duration_text(step.travel),
                    provenance(step.travel.source, step.travel.assumption),
                )
            )
    labels = {s.id: s.label or s.id for s in scenario.steps}
    for step_id, rework in scenario.rework:
        kind = text("appendix.param.alongside" if rework.alongside else "appendix.param.returned")
        rows.append(
            (
                text("appendix.param.rework", step=labels.get(step_id, step_id)),
                text(
                    "appendix.param.rework_value",
                    percent=100 * rework.p_incomplete,
                    kind=kind,
                    makeup=duration_text(rework.makeup),
                ),
                provenance(rework.source, rework.assumption),
            )
        )
    for reform in scenario.reforms:
        rows.append(
            (text("appendix.param.reform"), reform.name, text("appendix.param.see_reforms"))
        )
    return Table(
        text("appendix.param.caption", name=scenario.label or scenario.name),
        _header("param.name param.value param.basis"),
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
                    "" if unit == "share" else unit_name(unit),
                )
            )
    name = results.scenario.label or results.scenario.name
    return Table(
        text("appendix.results.caption", name=name),
        _header("metric mean ci unit"),
        tuple(rows),
    )


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
                verdict_word(None if r.met is None else bool(r.met), bool(r.firm)),
            )
        )
    if not rows:
        rows.append((text("overview.no_targets"), "—", "—", "—", "—", "—"))
    name = results.scenario.label or results.scenario.name
    return Table(
        text("appendix.targets.caption", name=name),
        _header("targets.target targets.judged_by targets.goal targets.value ci targets.verdict"),
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
        text("appendix.steps.caption", name=name),
        _header("steps.step steps.wait steps.work steps.elapsed"),
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
            diff, diff_ci = text("appendix.compare.reference"), "—"
        elif unit == "share":
            diff = text("appendix.compare.points", diff=100 * float(r.diff))
            diff_ci = f"[{100 * float(r.diff_ci_low):+.1f}, {100 * float(r.diff_ci_high):+.1f}]"
        else:
            diff = f"{float(r.diff):+.2f}"
            diff_ci = f"[{float(r.diff_ci_low):+.2f}, {float(r.diff_ci_high):+.2f}]"
        rows.append(
            (
                metric_name(str(r.metric), thresholds),
                labels.get(str(r.scenario), str(r.scenario)),
                number(float(r.value), unit),
                interval(float(r.ci_low), float(r.ci_high), unit),
                diff,
                diff_ci,
            )
        )
    return Table(
        text("appendix.compare.caption"),
        _header("metric compare.scenario mean ci compare.diff compare.diff_ci"),
        tuple(rows),
        (1.5, 2.6, 0.9, 1.4, 1.2, 1.4),
    )


def attribution_table(attribution: Attribution, label: str) -> Table:
    """Each reform's share of the change (Shapley value) with its interval."""
    c = attribution.contributions
    unit = attribution.unit
    chinese = get_language() == "zh"
    rows = [
        (
            # the registry's labels are Chinese: English names the reform by its key
            str(r.label or r.reform) if chinese else str(r.reform),
            f"{float(r.value):+.2f}",
            f"[{float(r.ci_low):+.2f}, {float(r.ci_high):+.2f}]",
            f"{float(r.alone):+.2f}",
            f"{float(r.added_last):+.2f}",
        )
        for r in c.itertuples(index=False)
    ]
    rows.append(
        (
            text("appendix.attribution.total"),
            f"{attribution.full_value - attribution.base_value:+.2f}",
            text(
                "appendix.attribution.base",
                base=attribution.base_value,
                full=attribution.full_value,
            ),
            "",
            "",
        )
    )
    return Table(
        text(
            "appendix.attribution.caption",
            label=label,
            metric=metric_name(attribution.metric),
            unit=unit_name(unit),
        ),
        _header("attribution.reform attribution.value ci attribution.alone attribution.last"),
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
    first = scenarios[0].label or scenarios[0].name
    title = (
        text("appendix.title.several", name=first, count=len(scenarios))
        if several
        else text("appendix.title.one", name=first)
    )
    meta = runs[0].meta
    blocks: list[Block] = [
        Paragraph(
            text(
                "appendix.intro",
                today=today or dt.date.today(),
                version=meta.version,
                replications=meta.replications,
                seed=meta.seed,
                start=meta.start,
            )
            + (text("appendix.intro_paired") if several else "")
        ),
        Heading(text("appendix.section.process")),
    ]
    for scenario in scenarios:
        blocks.append(Heading(scenario.label or scenario.name, 2))
        if scenario.description:
            blocks.append(Paragraph(scenario.description))
        blocks.append(process_table(scenario))
    blocks.append(Heading(text("appendix.section.parameters")))
    blocks.append(Paragraph(text("appendix.parameters_note")))
    for scenario in scenarios:
        blocks.append(assumption_table(scenario))
    blocks.append(Heading(text("appendix.section.results")))
    for results in runs:
        blocks.append(results_table(results))
        blocks.append(step_time_table(results))
    blocks += list(charts)
    blocks.append(Heading(text("appendix.section.targets")))
    blocks.append(Paragraph(text("appendix.targets_note")))
    for results in runs:
        blocks.append(targets_table(results))
    if several:
        blocks.append(Heading(text("appendix.section.comparison")))
        blocks.append(comparison_table(comparison))
        if attributions:
            blocks.append(Heading(text("appendix.section.attribution")))
            blocks.append(Paragraph(text("appendix.attribution_note")))
            for label, attribution in attributions:
                blocks.append(attribution_table(attribution, label))
    return Report(title, tuple(blocks))
