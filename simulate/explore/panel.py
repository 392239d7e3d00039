"""The explorer panel: a slider per desk's staff and for the arrival rate, a toggle per
reform of the file, a metric and a chart picker; each change re-runs a few replications
(cached by the settings) and redraws the chart and the numbers.

ipywidgets is imported only when a panel is made (``pip install "simulate[notebook]"``).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulate.errors import SimulateError
from simulate.experiments.runner import run
from simulate.io.loader import load_bundle, load_scenario
from simulate.plotting import plot_breakdown, plot_desks, plot_elapsed, plot_flow, plot_timeline
from simulate.plotting._common import metric_title, root_figure
from simulate.reforms import apply_reform
from simulate.results import Results
from simulate.scenario.model import Scenario

__all__ = ["CHARTS", "METRICS", "Explorer", "explore"]

#: Charts the picker offers: key -> (Chinese name, draw).
CHARTS: dict[str, tuple[str, Callable[[Results], Any]]] = {
    "elapsed": ("办结时间分布", lambda results: plot_elapsed(results)),
    "breakdown": ("时间花在哪里", lambda results: plot_breakdown(results)),
    "desks": ("窗口利用率与排队", lambda results: plot_desks(results)),
    "timeline": ("一件办件的时间线", lambda results: plot_timeline(results)),
    "flow": ("流程图", lambda results: plot_flow(results.scenario)),
}

#: Random arrivals are simulated for at most this many working days after the warm-up: a
#: quick look needs a few thousand cases, not a year's worth.
QUICK_WORKING_DAYS = 30.0

#: Metrics the picker offers (columns of the run summary).
METRICS = (
    "mean_elapsed_working_days",
    "p90_elapsed_working_days",
    "on_time_rate",
    "visits_per_case",
    "busiest_desk_utilisation",
)


class Explorer:
    """The panel and its state; shown in a notebook by displaying it.

    Attributes
    ----------
    panel : ipywidgets.VBox
        The whole panel.
    staff : dict of str to ipywidgets.IntSlider
        One slider per staffed desk.
    rate : ipywidgets.FloatSlider or None
        Cases per working day, for Poisson arrivals.
    reforms : list of ipywidgets.Checkbox
        One toggle per entry of the file's ``reforms:`` list, in order.
    metric, chart : ipywidgets.Dropdown
        What the numbers line leads with, and which chart is drawn.
    """

    def __init__(
        self,
        base: Scenario,
        entries: list[tuple[str, dict[str, Any]]],
        *,
        replications: int,
        seed: int,
    ) -> None:
        import ipywidgets as widgets

        self.base = base
        self.entries = entries
        self.replications = replications
        self.seed = seed
        self.cache: dict[tuple[Any, ...], Results] = {}
        self.runs = 0  # simulations actually run (cache misses)
        layout = {"description_width": "10em"}
        self.staff = {
            d.id: widgets.IntSlider(
                value=d.staff,
                min=1,
                max=max(2 * d.staff, d.staff + 3),
                description=f"{d.label or d.id}人数",
                style=layout,
                continuous_update=False,
            )
            for d in base.desks
        }
        self.rate = None
        if base.arrivals.kind == "poisson" and base.arrivals.per_working_day > 0:
            r = base.arrivals.per_working_day
            self.rate = widgets.FloatSlider(
                value=r,
                min=round(r / 4, 2),
                max=round(r * 2, 2),
                step=round(max(r / 20, 0.01), 2),
                description="每日受理量",
                style=layout,
                continuous_update=False,
            )
        self.reforms = [
            widgets.Checkbox(value=True, description=_entry_text(name, params), indent=False)
            for name, params in entries
        ]
        self.metric = widgets.Dropdown(
            options=[(metric_title(m, "zh", base), m) for m in METRICS],
            value=METRICS[0],
            description="指标",
        )
        self.chart = widgets.Dropdown(
            options=[(zh, key) for key, (zh, _) in CHARTS.items() if key != "desks" or base.desks],
            value="elapsed",
            description="图表",
        )
        self.numbers = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.image.add_class("simulate-explore-chart")
        self.numbers.add_class("simulate-explore-numbers")
        controls: list[Any] = [*self.staff.values()]
        if self.rate is not None:
            controls.append(self.rate)
        if self.reforms:
            controls.append(widgets.HTML("<b>改革举措</b>（取消勾选即不实施）"))
            controls.extend(self.reforms)
        controls += [self.metric, self.chart]
        self.panel = widgets.VBox(
            [
                widgets.HTML(f"<b>{base.label or base.name}</b>：拖动滑块或勾选举措，图表随之更新"),
                widgets.HBox([widgets.VBox(controls), widgets.VBox([self.numbers, self.image])]),
            ]
        )
        self.panel.add_class("simulate-explore")
        for w in [*controls]:
            if hasattr(w, "observe"):
                w.observe(self._changed, names="value")
        self.update()

    # -- state ------------------------------------------------------------------------
    def settings(self) -> tuple[Any, ...]:
        """The values of every control that changes the simulation (the cache key)."""
        return (
            tuple(s.value for s in self.staff.values()),
            None if self.rate is None else round(float(self.rate.value), 4),
            tuple(bool(c.value) for c in self.reforms),
        )

    def scenario(self) -> Scenario:
        """The scenario the controls describe: the file's reforms that are ticked, then staff
        and arrival rate as set."""
        s = self.base
        for (name, params), box in zip(self.entries, self.reforms, strict=True):
            if box.value:
                s = apply_reform(s, name, **params)
        desks = tuple(
            dataclasses.replace(d, staff=int(self.staff[d.id].value)) if d.id in self.staff else d
            for d in s.desks
        )
        s = s.with_changes(desks=desks)
        if self.rate is not None:
            s = s.with_changes(
                arrivals=dataclasses.replace(s.arrivals, per_working_day=float(self.rate.value))
            )
        return s

    def horizon(self) -> float:
        """Working days simulated: the file's, cut to :data:`QUICK_WORKING_DAYS` after the
        warm-up for random arrivals (a cohort runs its whole horizon)."""
        s = self.base
        if s.arrivals.kind != "poisson":
            return float(s.horizon_working_days)
        return float(min(s.horizon_working_days, s.warmup_working_days + QUICK_WORKING_DAYS))

    def results(self) -> Results:
        """The run for the current settings (from the cache when run before)."""
        key = self.settings()
        if key not in self.cache:
            self.cache[key] = run(
                self.scenario(),
                replications=self.replications,
                seed=self.seed,
                progress=False,
                horizon_working_days=self.horizon(),
            )
            self.runs += 1
        return self.cache[key]

    # -- drawing -------------------------------------------------------------------------
    def update(self) -> None:
        """Re-run (or take from the cache) and redraw the numbers and the chart."""
        try:
            results = self.results()
        except SimulateError as error:
            self.numbers.value = f"<span style='color:#D55E00'>无法模拟：{error}</span>"
            return
        summary = results.summary()
        metric = str(self.metric.value)
        shown = [metric, *(m for m in ("mean_elapsed_working_days", "on_time_rate") if m != metric)]
        cells = []
        for m in shown:
            if m not in summary.index:
                continue
            row = summary.loc[m]
            value = float(row["value"])
            text = f"{100 * value:.1f}%" if row["unit"] == "share" else f"{value:.2f}"
            cells.append(
                f"<span data-metric='{m}'>{metric_title(m, 'zh', results.scenario)}："
                f"<b>{text}</b></span>"
            )
        self.numbers.value = (
            "　".join(cells)
            + f"<br><small>快速预览：{self.replications} 次模拟，每次 {self.horizon():g} 个工作日"
            "；正式结论请用完整比较（sim.compare）</small>"
        )
        ax = CHARTS[str(self.chart.value)][1](results)
        buffer = io.BytesIO()
        root_figure(ax).savefig(buffer, format="png", dpi=72)
        self.image.value = buffer.getvalue()

    def _changed(self, _change: Any) -> None:
        self.update()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.panel)  # type: ignore[no-untyped-call]


def explore(
    scenario: Scenario | str | Path,
    *,
    replications: int = 3,
    seed: int | None = None,
) -> Explorer:
    """An interactive panel for a scenario, in a notebook.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A scenario, or a scenario file: a file's ``reforms:`` each get a toggle.
    replications : int, default 3
        Replications per setting: few, for a quick look (every setting is cached).
    seed : int, optional
        Default the scenario's seed, else 1; the same for every setting, so changes show
        the effect of the setting, not of the random numbers.

    Returns
    -------
    Explorer
        Display it (leave it as the cell's last expression) to get the panel.

    Raises
    ------
    SimulateError
        If ipywidgets is not installed.
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise SimulateError(
            'explore() needs ipywidgets: pip install "simulate[notebook]"'
        ) from error
    entries: list[tuple[str, dict[str, Any]]] = []
    if isinstance(scenario, Scenario):
        base = scenario
    else:
        base, entries = load_bundle(Path(scenario))
        if not entries:
            base = load_scenario(Path(scenario))
    return Explorer(
        base,
        entries,
        replications=replications,
        seed=seed if seed is not None else (base.seed if base.seed is not None else 1),
    )


def _entry_text(name: str, params: dict[str, Any]) -> str:
    label = params.get("label")
    steps = params.get("steps")
    text = name
    if label:
        text += f"：{label}"
    elif steps:
        text += f"（{'、'.join(str(s) for s in steps)}）"
    return text
