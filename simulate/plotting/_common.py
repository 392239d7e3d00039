"""What every chart shares: palette, wording in Chinese or English, axes and fonts.

Charts speak the scenario's language: Chinese when its labels are Chinese, English
otherwise. Colours come from the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness and in greyscale print.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from simulate.errors import SimulateError
from simulate.plotting import fonts
from simulate.results import Results

if TYPE_CHECKING:
    from simulate.scenario.model import Scenario

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#7F7F7F"
INK = "#222222"

#: Colours for scenarios (and desks), in order; the reference comes first.
SERIES = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, YELLOW, INK)

#: Whose time a bar shows.
ACTOR_COLOURS = {"agency": BLUE, "applicant": ORANGE, "third_party": PURPLE}
WAIT_COLOUR = "#A6D4F2"  # a light tint of the agency blue: time in a desk's queue
STOP_COLOUR = "#BDBDBD"  # clock-stop steps: not counted against the limit


class ComparisonLike(Protocol):
    """What the charts need from :class:`simulate.experiments.comparison.Comparison`."""

    @property
    def scenarios(self) -> Sequence[Scenario]: ...

    @property
    def results(self) -> Sequence[Results]: ...

    @property
    def names(self) -> Sequence[str]: ...

    def table(self, level: float = 0.95) -> pd.DataFrame: ...


class AttributionLike(Protocol):
    """What the charts need from :class:`simulate.experiments.attribution.Attribution`."""

    @property
    def metric(self) -> str: ...

    @property
    def unit(self) -> str: ...

    @property
    def base_value(self) -> float: ...

    @property
    def full_value(self) -> float: ...

    @property
    def contributions(self) -> pd.DataFrame: ...


# -- language -----------------------------------------------------------------------------
def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return any(0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF for c in text)


def language(scenario: Scenario) -> str:
    """``"zh"`` when the scenario's labels are Chinese, else ``"en"``."""
    texts = [scenario.label, *(s.label for s in scenario.steps), *(d.label for d in scenario.desks)]
    return "zh" if any(has_cjk(t) for t in texts) else "en"


def pick(lang: str, zh: str, en: str) -> str:
    """The Chinese or the English wording."""
    return zh if lang == "zh" else en


def display_name(scenario: Scenario) -> str:
    """A scenario's label, or its id without one."""
    return scenario.label or scenario.name


def wrap_label(text: str, width: int = 14) -> str:
    """Break a long axis label in two: before a Chinese bracket, else at a space."""
    if len(text) <= width:
        return text
    for mark in ("（", " ("):
        i = text.find(mark)
        if 0 < i < len(text) - 2:
            return text[:i] + "\n" + text[i:].lstrip()
    if " " in text:
        i = text.rfind(" ", 0, max(len(text) // 2 + 4, 1))
        if i > 0:
            return text[:i] + "\n" + text[i + 1 :]
    return text


def step_label(scenario: Scenario, step_id: str) -> str:
    """A step's label, or its id without one."""
    try:
        return scenario.step(step_id).label or step_id
    except KeyError:
        return step_id


def desk_label(scenario: Scenario, desk_id: str) -> str:
    """A desk's label, or its id without one."""
    try:
        return scenario.desk(desk_id).label or desk_id
    except KeyError:
        return desk_id


def days_unit(lang: str, unit: str) -> str:
    """``工作日`` / ``working days`` for a unit name."""
    if unit == "natural":
        return pick(lang, "自然日", "natural days")
    return pick(lang, "工作日", "working days")


MINUS = "-"  # the CJK font's U+2212 is full-width; the ticks use "-" too


def fmt_num(x: float, digits: int = 1) -> str:
    """A number for a label, without ``-0.0``."""
    if not math.isfinite(x):
        return "n/a"
    text = f"{x:.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return text


def digits_for(values: Iterable[float], unit: str) -> int:
    """Decimals that keep small numbers apart: 1 from 5 up, 2 from 0.5, else 3.

    For shares (shown as percentages) the count is one more than the percentage's
    decimals, as :func:`fmt_value` reads it.
    """
    finite = [abs(float(v)) for v in values if math.isfinite(float(v)) and v != 0]
    if not finite:
        return 1
    m = max(finite)
    if unit == "share":
        return 1 if m >= 0.05 else 2
    return 1 if m >= 5 else 2 if m >= 0.5 else 3


def fmt_value(x: float, unit: str, digits: int = 1) -> str:
    """A metric value in its unit: shares as percentages."""
    if unit == "share":
        return fmt_num(100 * x, 0 if digits <= 1 else digits - 1) + "%"
    return fmt_num(x, digits)


def fmt_signed(x: float, unit: str, digits: int = 1) -> str:
    """A difference with its sign (``+1.2``, ``-3.4``)."""
    text = fmt_value(x, unit, digits)
    return text if text.startswith(MINUS) or text == "n/a" else "+" + text


# -- inputs -------------------------------------------------------------------------------
def runs_of(obj: Results | ComparisonLike) -> list[tuple[str, Results]]:
    """``(display name, results)`` per scenario of a Results or a Comparison."""
    if isinstance(obj, Results):
        return [(display_name(obj.scenario), obj)]
    results = list(obj.results)
    names = list(obj.names)
    if not results:
        raise SimulateError("the comparison holds no scenarios; nothing to plot")
    labels = [display_name(r.scenario) for r in results]
    if len(set(labels)) < len(labels):  # two variants with one label: their ids tell them apart
        labels = [f"{lab} ({n})" if lab != n else n for lab, n in zip(labels, names, strict=True)]
    return list(zip(labels, results, strict=True))


def measured_cases(results: Results) -> pd.DataFrame:
    """Cases submitted after the warm-up (what every summary counts)."""
    cases = results.cases[~results.cases["in_warmup"].astype(bool)]
    if cases.empty:
        raise SimulateError(
            f"scenario {results.meta.scenario!r}: no case was submitted after the warm-up; "
            "lengthen horizon_working_days or shorten warmup_working_days"
        )
    return cases


# -- axes and fonts -----------------------------------------------------------------------
def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """The given axes, or the axes of a new stand-alone figure (no pyplot, no GUI)."""
    if ax is not None:
        return ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig.subplots()


def font_families() -> list[str]:
    """The bundled CJK font, then matplotlib's own as a per-glyph fallback."""
    return [fonts.ensure_font(), fonts.FALLBACK]


def pin_fonts(axes: Iterable[Axes]) -> None:
    """Give every text of the axes the CJK font for good.

    Tick labels are made lazily, often at display time (a notebook shows the figure after
    the ``style()`` block has ended), and new ticks copy the first tick's font: fixing the
    font on the texts that exist now keeps Chinese labels readable wherever the figure is
    drawn later, without touching global settings.
    """
    families = font_families()
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks()  # make sure the first tick exists, so later ones copy it
        for text in ax.findobj(Text):
            text.set_fontfamily(families)


def text_width_pt(text: str, size: float) -> float:
    """Width of one line of text in points, in the chart font (no renderer needed)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=font_families(), size=size)
    width, _height, _descent = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def joined_title(ax: Axes, head: str, rest: str, lang: str, size: float = 11) -> str:
    """``head：rest`` on one line, or on two when one line would overrun the figure."""
    one = pick(lang, f"{head}：{rest}", f"{head}: {rest}")
    width_pt = root_figure(ax).get_figwidth() * 72
    if text_width_pt(one, size) <= 0.72 * width_pt:
        return one
    return f"{head}\n{rest}"


def inside_legend(
    ax: Axes, *, handles: Sequence[Artist] | None = None, ncols: int | None = None
) -> None:
    """A legend inside the data area, where it covers least (framed, slightly see-through).

    Inside the axes it stays with them when several charts share one figure: a legend
    hanging under the axes runs into the next chart or off the figure.
    """
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        labels = [str(h.get_label()) for h in handles]
    if not handles:
        return
    ax.legend(
        handles,
        labels,
        loc="best",
        ncols=ncols or 1,
        fontsize=8,
        framealpha=0.92,
        handlelength=1.6,
        columnspacing=1.2,
    )


def runs_of_bools(flags: Sequence[bool] | np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` index of every run of consecutive True values."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i - 1))
            start = None
    if start is not None:
        out.append((start, len(flags) - 1))
    return out


#: The share of cases a limit to finish within (以内) needs on time (as Results.verdicts).
ON_TIME_MARK = 0.9


# -- metric names -------------------------------------------------------------------------
_METRICS: dict[str, tuple[str, str]] = {
    "cases": ("办件数", "cases measured"),
    "mean_elapsed_working_days": ("平均办结时间", "mean elapsed time"),
    "median_elapsed_working_days": ("办结时间中位数", "median elapsed time"),
    "p90_elapsed_working_days": ("90% 办件的办结时间", "elapsed time of 90% of cases"),
    "p95_elapsed_working_days": ("95% 办件的办结时间", "elapsed time of 95% of cases"),
    "mean_elapsed_natural_days": ("平均办结时间", "mean elapsed time"),
    "median_elapsed_natural_days": ("办结时间中位数", "median elapsed time"),
    "p90_elapsed_natural_days": ("90% 办件的办结时间", "elapsed time of 90% of cases"),
    "p95_elapsed_natural_days": ("95% 办件的办结时间", "elapsed time of 95% of cases"),
    "mean_counted_working_days": ("平均计时办结时间", "mean counted time"),
    "p90_counted_working_days": ("90% 办件的计时办结时间", "counted time of 90% of cases"),
    "on_time_rate": ("按时办结率", "share finished on time"),
    "throughput_per_working_day": ("日均办结量", "cases finished per working day"),
    "visits_per_case": ("平均跑动次数", "in-person visits per case"),
    "rework_rounds_per_case": ("平均补正次数", "rounds of document make-up per case"),
    "busiest_desk_utilisation": ("最忙窗口的利用率", "utilisation of the busiest desk"),
}

_UNITS: dict[str, tuple[str, str]] = {
    "working days": ("工作日", "working days"),
    "working hours": ("工作小时", "working hours"),
    "natural days": ("自然日", "natural days"),
    "cases": ("件", "cases"),
    "cases / working day": ("件/工作日", "cases / working day"),
    "visits": ("次/件", "visits per case"),
    "rounds": ("次/件", "rounds per case"),
}


def metric_title(metric: str, lang: str, scenario: Scenario | None = None) -> str:
    """A metric's name for a chart (without its unit)."""
    if metric in _METRICS:
        zh, en = _METRICS[metric]
        return pick(lang, zh, en)
    if metric.startswith("utilisation:"):
        desk = metric.split(":", 1)[1]
        name = desk_label(scenario, desk) if scenario is not None else desk
        return pick(lang, f"{name}的利用率", f"utilisation of {name}")
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        if scenario is not None:
            for t in scenario.thresholds:
                if f"{t.working_days:g}" == days and t.label:
                    return t.label
        return pick(lang, f"{days} 个工作日内办结的比例", f"share done within {days} working days")
    return metric


def unit_title(unit: str, lang: str) -> str:
    """A unit for an axis title; empty for shares (the ticks show %)."""
    if unit == "share" or not unit:
        return ""
    zh, en = _UNITS.get(unit, (unit, unit))
    return pick(lang, zh, en)


def with_unit(title: str, unit: str, lang: str) -> str:
    """``名称（单位）`` or ``name (unit)``."""
    u = unit_title(unit, lang)
    if not u:
        return title
    return pick(lang, f"{title}（{u}）", f"{title} ({u})")


def default_target(metric: str, scenario: Scenario) -> float | None:
    """The target drawn on a metric: the time limit, the 90% mark, or a threshold's share.

    The limit is drawn on working-day metrics (counted or elapsed); an average limit (平均)
    only on mean metrics, since it says nothing about a percentile; with limits per class
    none on working-day metrics (no one line stands for them all); the on-time share gets
    the 90% mark of a limit to finish within, and no mark for an average limit.
    """
    limit = scenario.time_limit_working_days
    mean_limit = scenario.time_limit_statistic == "mean"
    working = metric.endswith(("_elapsed_working_days", "_counted_working_days"))
    if working and scenario.time_limit_by:
        return None  # limits per class: no one line stands for them all
    if working and limit:
        return limit if (not mean_limit or metric.startswith("mean_")) else None
    if metric == "on_time_rate":
        return ON_TIME_MARK if limit and not mean_limit else None
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        for t in scenario.thresholds:
            if f"{t.working_days:g}" == days:
                return t.target_share
    return None


def subtitle(ax: Axes, text: str) -> None:
    """A small grey line (two when long) between the title and the axes.

    The title is moved up for it; a long note breaks at a ``；`` / ``;`` near its middle so
    it stays within the axes' width.
    """
    fig = root_figure(ax)
    width_pt = fig.get_figwidth() * ax.get_position().width * 72
    lines = 1
    if text_width_pt(text, 8.5) > width_pt:
        marks = [i for i, c in enumerate(text) if c in "；;"]
        if marks:
            cut = min(marks, key=lambda i: abs(i - len(text) / 2))
            text = text[: cut + 1] + "\n" + text[cut + 1 :].lstrip()
            lines = 2
    ax.annotate(
        text,
        xy=(0.0, 1.0),
        xycoords="axes fraction",
        xytext=(0, 6),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8.5,
        color="0.35",
    )
    ax.set_title(ax.get_title(loc="left"), loc="left", pad=10 + 12 * lines)


def root_figure(ax: Axes) -> Figure:
    """The figure that holds ``ax`` (not a subfigure), the one to save."""
    try:
        fig = ax.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10: a subfigure's .figure is its root figure
        parent = ax.figure
        fig = parent if isinstance(parent, Figure) else getattr(parent, "figure", None)
    if not isinstance(fig, Figure):
        raise SimulateError("the axes belong to no figure; nothing to save")
    return fig


# -- dates --------------------------------------------------------------------------------
def date_axis(ax: Axes, lo: float, hi: float, lang: str) -> None:
    """Real dates on the x axis from day number ``lo`` to ``hi``: ticks, format and title.

    Spans up to four months are labelled month/day (and hour:minute between midnights)
    with the year in the axis title; longer spans year-month.
    """

    ax.set_xlim(lo, hi)
    locator = AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    years = sorted({date_of_number(lo).year, date_of_number(max(hi - 1, lo)).year})
    span = "–".join(str(y) for y in years)
    if hi - lo <= 124:

        def day(value: float, _pos: int | None = None) -> str:
            d = date_of_number(value)
            if d.hour or d.minute:  # ticks within a day, on short ranges
                return f"{d.hour:02d}:{d.minute:02d}"
            return f"{d.month}/{d.day}"

        ax.xaxis.set_major_formatter(FuncFormatter(day))
        ax.set_xlabel(pick(lang, f"日期（{span} 年，月/日）", f"date ({span}, month/day)"))
    else:

        def month(value: float, _pos: int | None = None) -> str:
            d = date_of_number(value)
            return f"{d.year}-{d.month:02d}"

        ax.xaxis.set_major_formatter(FuncFormatter(month))
        ax.set_xlabel(pick(lang, "日期（年-月）", "date (year-month)"))


def day_number(d: dt.date) -> float:
    """matplotlib's date number of 00:00 on ``d``."""
    return float(mdates.date2num(dt.datetime.combine(d, dt.time())))  # type: ignore[no-untyped-call]


def date_of_number(x: float) -> dt.datetime:
    """The date and time of a matplotlib date number."""
    value: dt.datetime = mdates.num2date(x)  # type: ignore[no-untyped-call]
    return value
