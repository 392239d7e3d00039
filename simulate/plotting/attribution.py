"""Reform attribution as a waterfall: from the baseline, each reform's share, to the bundle."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from simulate.plotting._common import (
    GREEN,
    GREY,
    INK,
    VERMILLION,
    AttributionLike,
    digits_for,
    fmt_signed,
    fmt_value,
    has_cjk,
    inside_legend,
    metric_title,
    new_axes,
    pick,
    pin_fonts,
    subtitle,
    unit_title,
    with_unit,
    wrap_label,
)
from simulate.plotting.fonts import style

__all__ = ["plot_attribution"]

BASE_COLOUR = GREY
FULL_COLOUR = "#0072B2"


def plot_attribution(attribution: AttributionLike, *, ax: Axes | None = None) -> Axes:
    """Waterfall from the baseline, through each reform's contribution, to the whole bundle.

    Parameters
    ----------
    attribution : Attribution
        ``base_value`` and ``full_value`` of the metric, and ``contributions`` (one row
        per reform: ``label``, ``value``, ``ci_low``, ``ci_high``).
    ax : Axes, optional
        Axes to draw on; default a new figure.

    Returns
    -------
    Axes
        The axes drawn on: horizontal bars top to bottom, the baseline, one floating bar
        per reform (a decrease in green, an increase in vermillion) with its 95% interval
        as a whisker at the bar's end, and the reformed bundle; each labelled with its
        value.
    """
    contrib = attribution.contributions.reset_index(drop=True)
    labels = [_short(str(x)) for x in contrib["label"]]
    if "reform" in contrib.columns:
        labels = [lab or str(r) for lab, r in zip(labels, contrib["reform"], strict=True)]
    lang = "zh" if any(has_cjk(t) for t in labels) else "en"
    unit = attribution.unit
    base = float(attribution.base_value)
    full = float(attribution.full_value)
    values = contrib["value"].to_numpy(dtype=float)
    lo = (
        contrib["ci_low"].to_numpy(dtype=float)
        if "ci_low" in contrib
        else np.full(len(values), np.nan)
    )
    hi = (
        contrib["ci_high"].to_numpy(dtype=float)
        if "ci_high" in contrib
        else np.full(len(values), np.nan)
    )
    k = len(values)
    d = digits_for([base, full, *values], unit)
    n = k + 2
    with style():
        ax = new_axes(ax, (8.0, 1.9 + 0.5 * n))
        y = np.arange(n)[::-1].astype(float)
        ends = base + np.cumsum(values)
        starts = np.concatenate([[base], ends[:-1]]) if k else np.array([])
        ax.barh(y[0], base, height=0.6, color=BASE_COLOUR)
        ax.barh(y[-1], full, height=0.6, color=FULL_COLOUR)
        if k:
            colours = [GREEN if v <= 0 else VERMILLION for v in values]
            ax.barh(y[1:-1], values, left=starts, height=0.6, color=colours)
            ok = np.isfinite(lo) & np.isfinite(hi)
            if ok.any():
                err = np.vstack([np.clip(values - lo, 0, None), np.clip(hi - values, 0, None)])
                ax.errorbar(
                    ends[ok],
                    y[1:-1][ok],
                    xerr=err[:, ok],
                    fmt="none",
                    ecolor=INK,
                    elinewidth=1.1,
                    capsize=3,
                    zorder=3,
                )
        # connectors: where each bar ends, the next begins
        edges = np.concatenate([[base], ends]) if k else np.array([base])
        for i, xv in enumerate(edges):
            ax.plot(
                [xv, xv], [y[i] - 0.3, y[i + 1] + 0.3], color="0.45", linewidth=0.8, linestyle=":"
            )
        texts = [fmt_value(base, unit, d)]
        for i in range(k):
            t = fmt_signed(values[i], unit, d)
            if np.isfinite(lo[i]) and np.isfinite(hi[i]):
                t += f" [{fmt_signed(lo[i], unit, d)}, {fmt_signed(hi[i], unit, d)}]"
            texts.append(t)
        texts.append(fmt_value(full, unit, d))
        rights = np.concatenate([[base], np.maximum(starts, ends) if k else [], [full]])
        if k:  # past the whisker's end, if it reaches further right than the bar
            whisker = np.where(np.isfinite(hi), ends + (hi - values), -np.inf)
            rights[1:-1] = np.maximum(rights[1:-1], whisker)
        for yi, xv, t in zip(y, rights, texts, strict=True):
            ax.annotate(
                t, xy=(xv, yi), xytext=(5, 0), textcoords="offset points", va="center", fontsize=9
            )
        names = [pick(lang, "基准（不改革）", "baseline (no reform)"), *labels]
        names.append(pick(lang, "全部举措实施后", "all reforms together"))
        ax.set_yticks(y, labels=names)
        ax.set_ylim(-0.6, n - 0.4)
        top = float(np.nanmax(np.concatenate([rights, [base, full]])))
        lefts = np.concatenate([[base, full], ends, lo + starts if k else []])
        low = float(np.nanmin(lefts[np.isfinite(lefts)])) if np.isfinite(lefts).any() else 0.0
        # the axis starts near the smallest value, not at zero, so a 1.6-day change is seen;
        # the baseline and bundle bars are cut there (marked by a zigzag-free note below)
        start = max(low - 0.35 * (top - low), 0.0) if top > low else 0.0
        ax.set_xlim(start, top + 0.35 * (top - start) if top > start else 1)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        title = metric_title(attribution.metric, lang)
        if title == attribution.metric:  # a metric without a name of its own
            title = pick(lang, "所选指标", "the metric")
        ax.set_xlabel(with_unit(title, unit, lang))
        verb = pick(lang, "降至" if full < base else "升至", "down to" if full < base else "up to")
        shown = unit_title(unit, lang) or ("%" if unit == "share" else "-")
        ax.set_title(
            pick(
                lang,
                f"各项改革的贡献：{title}从 {fmt_value(base, unit, d)} {verb} {fmt_value(full, unit, d)}",
                f"What each reform buys: {title} from {fmt_value(base, unit, d)} {verb} {fmt_value(full, unit, d)}",
            ),
            loc="left",
        )
        subtitle(
            ax,
            pick(
                lang,
                f"单位：{shown}；横轴不从 0 开始；Shapley 分解（与举措顺序无关）；误差线为 95% 区间",
                f"unit: {shown}; axis does not start at 0; Shapley split (order-free); whiskers: 95% interval",
            ),
        )
        handles = [Patch(color=GREEN, label=pick(lang, "减少", "decrease"))]
        if (values > 0).any():
            handles.append(Patch(color=VERMILLION, label=pick(lang, "增加", "increase")))
        inside_legend(ax, handles=handles, ncols=len(handles))
        pin_fonts([ax])
    return ax


def _short(label: str, limit: int = 24) -> str:
    """A readable y-axis label: wrapped once, and cut with "…" when still too long."""
    wrapped = wrap_label(label, width=limit // 2)
    lines = wrapped.split("\n")
    if len(lines) > 2 or any(len(line) > limit for line in lines):
        flat = label if len(label) <= limit else label[: limit - 1] + "…"
        return wrap_label(flat, width=limit // 2)
    return wrapped
