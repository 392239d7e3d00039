"""Tests of `simulate.plotting`: each chart draws what it claims, renders, and changes nothing.

One small scenario is run once per module: Chinese labels, a 补正 loop, a parallel block, a
clock-stop step and a start date a week before National Day 2024, so that timelines cross
weekends, the holiday and a 调休 make-up working day (Sunday 29 September).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import simulate as sim
from simulate import plotting
from simulate.engine.replication import build_calendar
from simulate.errors import SimulateError
from simulate.experiments.attribution import attribute
from simulate.experiments.comparison import Comparison
from simulate.plotting._common import has_cjk, root_figure
from simulate.plotting.breakdown import KINDS
from simulate.results import Results
from simulate.results.write import MARKER
from simulate.scenario.flow import flow_steps, flow_text

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = 3
REPS = 3
LIMIT = 6.0

GAS: dict[str, Any] = {
    "name": "gas_demo",
    "label": "燃气报装（演示）",
    "start": "2024-09-23",
    "horizon_working_days": 14,
    "warmup_working_days": 2,
    "arrivals": {"per_working_day": 3},
    "time_limit": {"working_days": LIMIT},
    "desks": {
        "counter": {"label": "燃气窗口", "staff": 1},
        "survey_team": {"label": "勘察组", "staff": 2},
        "design_team": {"label": "设计科", "staff": 2},
    },
    "steps": [
        {
            "id": "apply",
            "label": "用气申报",
            "desk": "counter",
            "duration": {"working_hours": {"median": 1, "p90": 2}},
            "visit": True,
            "travel": {"natural_hours": 1},
        },
        {
            "id": "survey",
            "label": "现场勘察",
            "desk": "survey_team",
            "duration": {"working_days": {"median": 0.5, "p90": 1}},
        },
        {
            "id": "design",
            "label": "方案设计",
            "desk": "design_team",
            "duration": {"working_days": {"median": 0.6, "p90": 1.2}},
        },
        {
            "id": "permit",
            "label": "占掘路许可",
            "actor": "third_party",
            "duration": {"working_days": {"median": 1.5, "p90": 3}},
        },
        {
            "id": "hearing",
            "label": "听证",
            "clock_stop": True,
            "duration": {"working_days": 1},
        },
        {
            "id": "build",
            "label": "外线施工",
            "actor": "applicant",
            "duration": {"working_days": {"median": 1.5, "p90": 3}},
        },
        {
            "id": "connect",
            "label": "通气",
            "desk": "counter",
            "duration": {"working_hours": {"median": 1, "p90": 2}},
        },
    ],
    "flow": [
        "apply",
        {"parallel": ["survey", ["design", "permit"]]},
        {"choice": [{"p": 0.4, "do": "hearing"}, {"p": 0.6, "do": []}]},
        "build",
        "connect",
    ],
    "rework": {
        "apply": {
            "p_incomplete": 0.4,
            "makeup": {"natural_days": {"median": 2, "p90": 4}},
            "max_rounds": 2,
        }
    },
}

FLOW_ORDER = ["apply", "survey", "design", "permit", "hearing", "build", "connect"]


def english(data: dict[str, Any]) -> dict[str, Any]:
    """The same process with English labels."""
    out = dict(data, label="Gas connection (demo)")
    out["desks"] = {k: dict(v, label=k.replace("_", " ")) for k, v in data["desks"].items()}
    out["steps"] = [dict(s, label=s["id"]) for s in data["steps"]]
    return out


@pytest.fixture(scope="module")
def results() -> Results:
    return sim.run(sim.scenario_from_dict(GAS), replications=REPS, seed=SEED, progress=False)


@pytest.fixture(scope="module")
def faster(results: Results) -> Results:
    desks = dict(GAS["desks"], counter={"label": "燃气窗口", "staff": 2})
    data = dict(GAS, name="gas_fast", label="燃气报装（增人）", desks=desks)
    return sim.run(sim.scenario_from_dict(data), replications=REPS, seed=SEED, progress=False)


@pytest.fixture(scope="module")
def comparison(results: Results, faster: Results) -> Comparison:
    return Comparison.from_results([results, faster])


@dataclass(frozen=True)
class StandInAttribution:
    """The shape of :class:`simulate.experiments.attribution.Attribution` that the chart reads."""

    metric: str
    unit: str
    base_value: float
    full_value: float
    contributions: pd.DataFrame


ATTRIBUTION = StandInAttribution(
    metric="mean_elapsed_working_days",
    unit="working days",
    base_value=9.4,
    full_value=5.1,
    contributions=pd.DataFrame(
        {
            "reform": ["parallel_approval", "accept_incomplete", "staffing"],
            "label": ["并联审批", "容缺受理", "增窗增人"],
            "params": ["{}", "{}", "{}"],
            "value": [-3.0, -1.7, 0.4],
            "ci_low": [-3.4, -2.0, 0.1],
            "ci_high": [-2.6, -1.4, 0.7],
        }
    ),
)


def new_ax() -> Axes:
    return Figure().subplots()


def render(ax: Axes, fmt: str = "png") -> bytes:
    """Save the axes' figure *outside* the style block, as a notebook shows it."""
    buffer = io.BytesIO()
    root_figure(ax).savefig(buffer, format=fmt)
    return buffer.getvalue()


def measured(res: Results) -> pd.DataFrame:
    return res.cases[~res.cases["in_warmup"]]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.findobj(Text)]


def vertical_lines_at(ax: Axes) -> list[float]:
    out = []
    for line in ax.get_lines():
        xs = np.asarray(line.get_xdata(), dtype=float)
        if len(xs) == 2 and xs[0] == xs[1]:
            out.append(float(xs[0]))
    return out


# -- every chart ----------------------------------------------------------------------------
def _charts(results: Results, comparison: Comparison) -> dict[str, Callable[[Axes | None], Axes]]:
    return {
        "elapsed": lambda ax: plotting.plot_elapsed(results, ax=ax),
        "elapsed_comparison": lambda ax: plotting.plot_elapsed(comparison, ax=ax),
        "comparison": lambda ax: plotting.plot_comparison(comparison, ax=ax),
        "breakdown": lambda ax: plotting.plot_breakdown(results, ax=ax),
        "timeline": lambda ax: plotting.plot_timeline(results, ax=ax),
        "desks": lambda ax: plotting.plot_desks(results, ax=ax),
        "attribution": lambda ax: plotting.plot_attribution(ATTRIBUTION, ax=ax),
        "flow": lambda ax: plotting.plot_flow(results.scenario, comparison.scenarios[1], ax=ax),
        "before_after": lambda ax: plotting.plot_before_after(
            comparison.results[0], comparison.results[1], ax=ax
        ),
    }


CHARTS = [
    "elapsed",
    "elapsed_comparison",
    "comparison",
    "breakdown",
    "timeline",
    "desks",
    "attribution",
    "flow",
    "before_after",
]


@pytest.mark.parametrize("chart", CHARTS)
def test_draws_on_the_given_axes(chart: str, results: Results, comparison: Comparison) -> None:
    ax = new_ax()
    out = _charts(results, comparison)[chart](ax)
    assert out is ax
    assert len(root_figure(ax).axes) == 1  # panels, if any, are inset axes inside ax
    drawn = [ax, *ax.child_axes]
    assert any(a.patches or a.lines or a.collections for a in drawn)
    assert ax.get_title(loc="left")


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize(("fmt", "given"), [("png", False), ("svg", False), ("png", True)])
def test_renders_chinese_without_missing_glyphs(
    chart: str, fmt: str, given: bool, results: Results, comparison: Comparison
) -> None:
    """Also on axes made outside the style, and saved outside it, as in a notebook."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = _charts(results, comparison)[chart](new_ax() if given else None)
        data = render(ax, fmt)
    assert data.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in data
    assert [str(w.message) for w in caught] == []
    assert any(has_cjk(t) for t in texts(ax))


def test_plotting_changes_no_global_state(results: Results, comparison: Comparison) -> None:
    before = dict(dict.items(matplotlib.rcParams))  # type: ignore[arg-type]
    for draw in _charts(results, comparison).values():
        render(draw(None))
    assert dict(dict.items(matplotlib.rcParams)) == before  # type: ignore[arg-type]


def test_import_is_light_and_plotting_needs_no_pyplot() -> None:
    code = textwrap.dedent(
        """
        import sys
        import simulate as sim
        assert "matplotlib" not in sys.modules, "importing simulate imported matplotlib"
        from simulate import plotting
        import matplotlib
        before = dict(dict.items(matplotlib.rcParams))
        data = {"name": "tiny", "label": "小流程", "start": "2024-03-04",
                "horizon_working_days": 5, "arrivals": {"per_working_day": 2},
                "time_limit": {"working_days": 2},
                "desks": {"w": {"label": "窗口", "staff": 1}},
                "steps": [{"id": "a", "label": "受理", "desk": "w",
                           "duration": {"working_hours": 2}}], "flow": ["a"]}
        res = sim.run(sim.scenario_from_dict(data), replications=2, seed=1, progress=False)
        for draw in (plotting.plot_elapsed, plotting.plot_breakdown,
                     plotting.plot_timeline, plotting.plot_desks):
            draw(res).figure.savefig(__import__("io").BytesIO())
        assert "matplotlib.pyplot" not in sys.modules, "plotting imported pyplot"
        assert dict(dict.items(matplotlib.rcParams)) == before
        """
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True, cwd=REPO_ROOT)


def test_english_scenario_gets_english_labels() -> None:
    res = sim.run(sim.scenario_from_dict(english(GAS)), replications=2, seed=SEED, progress=False)
    for ax in (plotting.plot_elapsed(res), plotting.plot_breakdown(res), plotting.plot_desks(res)):
        shown = " ".join(texts(ax))
        assert not has_cjk(shown.replace("补正", "")), shown


# -- elapsed --------------------------------------------------------------------------------
def test_elapsed_marks_the_limit_and_the_on_time_share(results: Results) -> None:
    ax = plotting.plot_elapsed(results)
    assert vertical_lines_at(ax) == [LIMIT]
    cases = measured(results)
    share = (cases["counted_working_days"] <= LIMIT + 1e-9).mean()
    assert share == pytest.approx(cases["on_time"].astype(float).mean())
    assert any(f"{100 * share:.0f}%" in t and "按时" in t for t in texts(ax))
    (curve,) = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    # by default the curve is what the limit is judged by: counted working days
    assert np.nanmax(curve.get_xdata()) == pytest.approx(cases["counted_working_days"].max())
    assert "计时" in ax.get_xlabel()
    # on elapsed days the limit is drawn, but the share is not called on time
    elapsed = plotting.plot_elapsed(results, unit="working")
    (curve,) = [line for line in elapsed.get_lines() if len(line.get_xdata()) > 2]
    assert np.nanmax(curve.get_xdata()) == pytest.approx(cases["elapsed_working_days"].max())
    assert vertical_lines_at(elapsed) == [LIMIT]
    assert not any("按时办结" in t for t in texts(elapsed))
    assert any("时限内" in t for t in texts(elapsed))


def test_an_average_limit_is_drawn_as_the_mean_against_the_limit(results: Results) -> None:
    scenario = results.scenario.with_changes(time_limit_statistic="mean")
    mean_run = sim.run(scenario, replications=2, seed=3, progress=False)
    ax = plotting.plot_elapsed(mean_run)
    mean = float(measured(mean_run)["counted_working_days"].mean())
    lines = sorted(vertical_lines_at(ax))
    assert lines == pytest.approx(sorted([LIMIT, mean]))
    assert not any("按时" in t for t in texts(ax))
    assert any(f"平均 {mean:.1f}" in t for t in texts(ax))
    assert np.isnan(mean_run.summary().loc["on_time_rate", "value"])


def test_elapsed_overlays_every_scenario_of_a_comparison(comparison: Comparison) -> None:
    ax = plotting.plot_elapsed(comparison, limit=4.0)
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    assert len(curves) == len(comparison.results)
    assert vertical_lines_at(ax) == [4.0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for res, label in zip(comparison.results, legend, strict=True):
        share = (measured(res)["counted_working_days"] <= 4.0 + 1e-9).mean()
        assert label.startswith(res.scenario.label)
        assert f"{100 * share:.0f}%" in label


def test_elapsed_in_natural_days_has_no_default_limit(results: Results) -> None:
    ax = plotting.plot_elapsed(results, unit="natural")
    assert vertical_lines_at(ax) == []
    assert "自然日" in ax.get_xlabel()
    with pytest.raises(SimulateError, match="unit must be 'counted', 'working' or 'natural'"):
        plotting.plot_elapsed(results, unit="hours")  # type: ignore[arg-type]


# -- comparison -----------------------------------------------------------------------------
def test_comparison_shows_each_scenario_with_its_interval(comparison: Comparison) -> None:
    ax = plotting.plot_comparison(comparison)  # default: P90 counted, as the limit counts
    values_ax, diff_ax = ax.child_axes
    table = comparison.table().query("metric == 'p90_counted_working_days'")
    bars = next(c for c in values_ax.containers if isinstance(c, BarContainer))
    assert [p.get_x() for p in bars.patches] == [0.0] * len(comparison.names)  # from zero
    assert [p.get_width() for p in bars.patches] == pytest.approx(table["value"].tolist())
    assert vertical_lines_at(values_ax) == [LIMIT]  # default target: the reference's time limit
    labels = [t.get_text() for t in values_ax.get_yticklabels()]
    assert labels[0].startswith("基准")
    # the paired differences, with their intervals, in their own panel
    points = [c for c in diff_ax.containers if isinstance(c, ErrorbarContainer)]
    diffs = table["diff"].dropna().tolist()
    assert [float(np.asarray(c.lines[0].get_xdata())[0]) for c in points] == pytest.approx(diffs)
    first, second = table["value"].iloc[0], table["value"].iloc[1]
    change = f"{(second - first) / first:+.0%}"
    assert any(change in t and "→" in t for t in texts(values_ax))


def test_comparison_target_and_unknown_metric(comparison: Comparison) -> None:
    ax = plotting.plot_comparison(comparison, metric="on_time_rate", target=0.9)
    values_ax = ax.child_axes[0]
    assert 0.9 in vertical_lines_at(values_ax)
    assert values_ax.get_xlim() == (0.0, 1.0)  # a share's axis runs to 100%
    assert any("%" in t.get_text() for t in values_ax.get_xticklabels())
    with pytest.raises(SimulateError, match="no metric 'p99'"):
        plotting.plot_comparison(comparison, metric="p99")


# -- breakdown ------------------------------------------------------------------------------
def test_breakdown_has_one_bar_per_step_in_flow_order(results: Results) -> None:
    ax = plotting.plot_breakdown(results)
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [c.get_label() for c in containers] == [zh for zh, *_ in KINDS.values()]
    assert all(len(c.patches) == len(FLOW_ORDER) for c in containers)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [sim.scenario_from_dict(GAS).step(s).label for s in FLOW_ORDER]


def test_breakdown_accounts_for_every_working_day_on_the_path(results: Results) -> None:
    """Stacked kinds add up to each step's elapsed days per measured case; nothing else."""
    table = plotting.breakdown_table(results)
    keys = measured(results)[["replication", "case"]]
    steps = results.steps.merge(keys, on=["replication", "case"])
    steps = steps[~steps["detached"]]
    expected = steps.groupby("step", observed=True)["elapsed_working_days"].sum() / len(keys)
    expected = expected.reindex(FLOW_ORDER, fill_value=0.0)
    assert list(table.index) == FLOW_ORDER
    np.testing.assert_allclose(table["total_working_days"], expected, rtol=1e-9, atol=1e-12)
    assert (table.loc["hearing", list(KINDS)].drop("clock_stop") == 0).all()
    assert table.loc["hearing", "clock_stop"] > 0
    assert table.loc["permit", "third_party"] == pytest.approx(
        table.loc["permit", "total_working_days"]
    )
    assert table.loc["apply", "applicant"] > 0  # make-up and travel


def test_breakdown_leaves_out_warm_up_cases(results: Results) -> None:
    warm = results.cases[results.cases["in_warmup"]]
    assert len(warm) > 0
    cases = results.cases.copy()
    cases["in_warmup"] = True
    cases.loc[cases.index[-1], "in_warmup"] = False  # one measured case
    one = Results(
        results.scenario, results.meta, cases, results.steps, results.desks, results.windows
    )
    last = cases.iloc[-1]
    own = results.steps[
        (results.steps["replication"] == last["replication"])
        & (results.steps["case"] == last["case"])
    ]
    table = plotting.breakdown_table(one)
    assert table["total_working_days"].sum() == pytest.approx(own["elapsed_working_days"].sum())


# -- critical path --------------------------------------------------------------------------
def passes(rows: list[tuple[str, float, float, float]], **extra: list[Any]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["step", "enter_h", "start_h", "end_h"])
    frame.index = [f"p{i}" for i in range(len(frame))]
    for name, values in extra.items():
        frame[name] = values
    return frame


def test_critical_path_of_a_sequence() -> None:
    frame = passes([("a", 0, 0, 2), ("b", 2, 2, 5), ("c", 5, 5, 6)])
    assert plotting.critical_passes(frame) == ["p0", "p1", "p2"]


def test_critical_path_takes_the_longer_parallel_branch() -> None:
    frame = passes([("a", 0, 0, 1), ("b", 1, 1, 4), ("c", 1, 1, 3), ("d", 4, 4.5, 5)])
    assert plotting.critical_passes(frame) == ["p0", "p1", "p3"]


def test_critical_path_through_a_rework_loop_and_a_queue() -> None:
    frame = passes(
        [
            ("apply", 0, 0, 1),  # first pass: documents incomplete
            ("apply", 1, 1, 3),  # make-up by the applicant
            ("apply", 3, 3.5, 4),  # second pass, after queueing half an hour
            ("survey", 4, 4, 5),  # off the path: ends before the join
            ("design", 4, 6, 7),  # queued two hours, then the longest branch
            ("connect", 7, 7, 8),
        ]
    )
    assert plotting.critical_passes(frame) == ["p0", "p1", "p2", "p4", "p5"]


def test_critical_path_keeps_a_zero_length_pass_and_ignores_detached_work() -> None:
    frame = passes(
        [("a", 0, 0, 2), ("auto", 2, 2, 2), ("c", 2, 2, 3), ("inspect", 2, 2, 9)],
        detached=[False, False, False, True],
    )
    assert plotting.critical_passes(frame) == ["p0", "p1", "p2"]
    assert plotting.critical_passes(frame.iloc[:0]) == []


def test_critical_path_of_every_simulated_case_runs_from_arrival_to_finish(
    results: Results,
) -> None:
    steps = results.steps[results.steps["replication"] == 0]
    cases = results.cases[results.cases["replication"] == 0].set_index("case")
    checked = 0
    for case, own in steps.groupby("case"):
        path = own.loc[plotting.critical_passes(own)]
        assert path["enter_h"].iloc[0] == pytest.approx(cases.loc[case, "arrival_h"])
        assert path["end_h"].iloc[-1] == pytest.approx(cases.loc[case, "finish_h"])
        gaps = path["enter_h"].to_numpy()[1:] - path["end_h"].to_numpy()[:-1]
        assert np.abs(gaps).max(initial=0.0) < 1e-6
        checked += 1
    assert checked == len(cases)


# -- timeline -------------------------------------------------------------------------------
def _non_working_runs(results: Results, lo: float, hi: float) -> list[tuple[float, float]]:
    cal = build_calendar(results.scenario)
    days = [mdates.num2date(d).date() for d in range(int(lo), int(hi))]
    runs, start = [], None
    for i, d in enumerate(days):
        if not cal.is_working_day(d) and start is None:
            start = i
        if cal.is_working_day(d) and start is not None:
            runs.append((lo + start, lo + i))
            start = None
    if start is not None:
        runs.append((lo + start, hi))
    return runs


def _spans(ax: Axes) -> list[tuple[float, float, str]]:
    out = []
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_gid() in ("weekend", "holiday"):
            out.append((float(p.get_x()), float(p.get_x() + p.get_width()), str(p.get_gid())))
    return sorted(out)


def test_timeline_shades_weekends_and_the_national_day_holiday(results: Results) -> None:
    cases = measured(results)
    early = cases[(cases["replication"] == 0) & (cases["arrival"] < pd.Timestamp("2024-09-28"))]
    late = early[early["finish"] > pd.Timestamp("2024-10-08")]
    assert len(late) > 0, "no case spans National Day; adjust the fixture"
    case = int(late["case"].iloc[0])
    ax = plotting.plot_timeline(results, case=case)
    lo, hi = ax.get_xlim()
    spans = _spans(ax)
    assert [(a, b) for a, b, _ in spans] == _non_working_runs(results, lo, hi)
    national_day = mdates.date2num(dt.datetime(2024, 10, 1))
    holiday = [(a, b) for a, b, kind in spans if kind == "holiday"]
    assert (national_day, national_day + 7) in holiday
    assert all(kind == "weekend" for a, b, kind in spans if (a, b) not in holiday)
    row = cases[(cases["replication"] == 0) & (cases["case"] == case)].iloc[0]
    if row["arrival"] < pd.Timestamp("2024-09-29"):
        assert "调休上班" in texts(ax)  # Sunday 29 September is a working day


def test_timeline_outlines_the_critical_passes(results: Results) -> None:
    case = plotting.median_case(results)
    ax = plotting.plot_timeline(results, case=case)
    own = results.steps[(results.steps["replication"] == 0) & (results.steps["case"] == case)]
    (outline,) = [
        c for c in ax.containers if isinstance(c, BarContainer) and "关键路径" in str(c.get_label())
    ]
    assert len(outline.patches) == len(plotting.critical_passes(own))
    info = results.cases[
        (results.cases["replication"] == 0) & (results.cases["case"] == case)
    ].iloc[0]
    lo, hi = ax.get_xlim()
    assert lo <= mdates.date2num(info["arrival"])
    assert mdates.date2num(info["finish"]) <= hi
    assert (
        len(ax.get_yticklabels())
        == own[["step", "round"]].drop_duplicates().shape[0] + (own["phase"] == "makeup").sum()
    )


def test_timeline_default_is_the_median_case(results: Results) -> None:
    mine = measured(results)
    mine = mine[mine["replication"] == 1].sort_values("elapsed_working_days")
    expected = int(mine["case"].iloc[(len(mine) - 1) // 2])
    assert plotting.median_case(results, replication=1) == expected
    ax = plotting.plot_timeline(results, replication=1)
    assert f"{expected} 号办件" in ax.get_title(loc="left")
    with pytest.raises(SimulateError, match="no case 99999 in replication 0"):
        plotting.plot_timeline(results, case=99999)


# -- desks ----------------------------------------------------------------------------------
def test_desks_names_the_bottleneck_and_draws_both_panels(results: Results) -> None:
    ax = plotting.plot_desks(results)
    fig = root_figure(ax)
    assert len(fig.axes) == 2
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 1
    assert len(bars[0].patches) == len(results.scenario.desks)
    util = results.desks.groupby("desk", observed=True)["utilisation"].mean()
    widths = [p.get_width() for p in bars[0].patches]
    assert widths == pytest.approx([util[d.id] for d in results.scenario.desks])
    neck = results.scenario.desk(str(util.idxmax())).label
    assert neck in ax.get_title(loc="left")
    queue_ax = fig.axes[1]
    assert len([line for line in queue_ax.get_lines() if len(line.get_xdata()) > 2]) == 3


def test_desks_axes_arguments(results: Results) -> None:
    fig = Figure()
    a1, a2 = fig.subplots(2)
    assert plotting.plot_desks(results, axes=(a1, a2)) is a1
    assert len(a2.get_lines()) >= len(results.scenario.desks)
    ax = new_ax()
    plotting.plot_desks(results, ax=ax)
    assert len(root_figure(ax).axes) == 1
    with pytest.raises(SimulateError, match="not both"):
        plotting.plot_desks(results, ax=ax, axes=(a1, a2))
    with pytest.raises(SimulateError, match="no replication 7"):
        plotting.plot_desks(results, replication=7)


def test_desks_needs_desks(tmp_path: Path) -> None:
    data = dict(GAS, desks={}, rework={}, flow=["permit", "build"])
    data["steps"] = [s for s in GAS["steps"] if s["id"] in ("permit", "build")]
    res = sim.run(sim.scenario_from_dict(data), replications=2, seed=1, progress=False)
    with pytest.raises(SimulateError, match="has no desks"):
        plotting.plot_desks(res)
    assert "desks.png" not in [p.name for p in plotting.write_run_charts(res, tmp_path)]


def test_daily_queue_is_each_days_longest_queue() -> None:
    from simulate.plotting.desks import _period_max

    times = np.array([10.0, 30.0, 50.0, 52.0])  # clock hours: day 0, day 1, day 2, day 2
    length = np.array([2.0, 0.0, 5.0, 1.0])
    t, v = _period_max(times, length, end_h=72.0)
    np.testing.assert_array_equal(t, [0.0, 24.0, 48.0, 72.0])
    # day 1 starts with the 2 cases carried over midnight; day 2 peaks at 5
    np.testing.assert_array_equal(v, [2.0, 2.0, 5.0, 5.0])
    t, v = _period_max(times, length, end_h=72.0, period_h=48.0)
    np.testing.assert_array_equal(t, [0.0, 48.0, 96.0])
    np.testing.assert_array_equal(v, [2.0, 5.0, 5.0])


# -- attribution ----------------------------------------------------------------------------
def test_attribution_waterfall_runs_from_baseline_to_bundle() -> None:
    ax = plotting.plot_attribution(ATTRIBUTION)
    bars = sorted(
        (p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0),
        key=lambda p: -p.get_y(),
    )
    assert len(bars) == 2 + len(ATTRIBUTION.contributions)
    assert bars[0].get_x() == 0
    assert bars[0].get_width() == pytest.approx(9.4)
    running = 9.4
    for bar, value in zip(bars[1:-1], ATTRIBUTION.contributions["value"], strict=True):
        left, right = sorted((running, running + value))
        ends = sorted((bar.get_x(), bar.get_x() + bar.get_width()))
        assert ends == pytest.approx([left, right])
        running += value
    assert bars[-1].get_width() == pytest.approx(5.1) == pytest.approx(running)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1:-1] == ["并联审批", "容缺受理", "增窗增人"]
    whiskers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(whiskers) == 1
    segments = whiskers[0].lines[2][0].get_segments()
    np.testing.assert_allclose(
        [s[:, 0] for s in segments],
        [(-3.4 + 9.4, -2.6 + 9.4), (-2.0 + 6.4, -1.4 + 6.4), (0.1 + 4.7, 0.7 + 4.7)],
    )


def test_attribution_of_a_real_bundle_writes_its_chart(results: Results, tmp_path: Path) -> None:
    base = sim.scenario_from_dict(dict(GAS, horizon_working_days=8))
    att = attribute(
        base,
        [("staffing", {"desk": "counter", "staff": 2}), ("online", {"steps": ["apply"]})],
        replications=2,
        seed=SEED,
    )
    written = plotting.write_attribution_chart(att, tmp_path / "charts")
    assert [p.name for p in written] == ["attribution.png", "attribution.svg"]
    assert all(p.stat().st_size > 0 for p in written)


# -- files ----------------------------------------------------------------------------------
def test_write_run_charts(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "charts"
    written = plotting.write_run_charts(results, out)
    names = [
        f"{n}.{e}" for n in ("elapsed", "breakdown", "timeline", "desks") for e in ("png", "svg")
    ]
    assert [p.name for p in written] == names
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MARKER])
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written if p.suffix == ".png")
    assert all("<svg" in p.read_text(encoding="utf-8") for p in written if p.suffix == ".svg")
    assert [p.name for p in tmp_path.iterdir()] == ["charts"]  # no temporary folder left
    png = (out / "elapsed.png").read_bytes()
    width = int.from_bytes(png[16:20], "big")
    assert width == round(7.5 * 150)  # 7.5 inches at 150 dpi


def test_write_compare_charts(comparison: Comparison, tmp_path: Path) -> None:
    written = plotting.write_compare_charts(comparison, tmp_path)
    assert [p.name for p in written] == [
        "elapsed.png",
        "elapsed.svg",
        "comparison.png",
        "comparison.svg",
    ]
    assert all(p.is_file() for p in written)


def test_failed_chart_leaves_no_files(results: Results, tmp_path: Path) -> None:
    cases = results.cases.assign(in_warmup=True)
    empty = Results(
        results.scenario, results.meta, cases, results.steps, results.desks, results.windows
    )
    with pytest.raises(SimulateError, match="no case was submitted after the warm-up"):
        plotting.write_run_charts(empty, tmp_path / "charts")
    assert list(tmp_path.iterdir()) == []


# -- proposal figures -----------------------------------------------------------------------
def test_two_charts_share_a_figure_without_collisions(
    results: Results, comparison: Comparison
) -> None:
    """Charts drawn on two axes of one figure keep their titles and legends to themselves."""
    fig = Figure(figsize=(9, 10), layout="constrained")
    top, bottom = fig.subplots(2, 1)
    plotting.plot_elapsed(comparison, ax=top)
    plotting.plot_breakdown(results, ax=bottom)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in (top, bottom):
        legend = ax.get_legend()
        assert legend is not None
        assert legend.get_visible()
        # the legend lies inside its own axes
        assert ax.get_window_extent(renderer).contains(*legend.get_window_extent(renderer).min)
    titles = [t for t in bottom.findobj(Text) if t.get_text() == bottom.get_title(loc="left")]
    assert titles
    assert not titles[0].get_window_extent(renderer).overlaps(top.get_tightbbox(renderer))


def test_flow_map_draws_every_step_and_the_parallel_bracket(comparison: Comparison) -> None:
    before, after = comparison.scenarios
    ax = plotting.plot_flow(before, after)
    left, right = ax.child_axes
    for panel, scenario in ((left, before), (right, after)):
        boxes = [p for p in panel.patches if p.get_width() == pytest.approx(0.9)]
        steps = list(dict.fromkeys(flow_steps(scenario.flow)))
        assert len(boxes) == len(steps)
    assert any("并联" in t for t in texts(left)) == ("∥" in flow_text(before.flow))


def test_hours_for_a_process_under_a_day() -> None:
    from simulate.plotting.wording import duration_text, time_scale

    scenario = sim.scenario_from_dict(GAS)
    assert time_scale([0.125], scenario).zh == "工作小时"
    assert time_scale([0.125], scenario).factor == scenario.calendar.office_hours.hours_per_day
    assert time_scale([0.5, 1.5], scenario).zh == "工作日"
    hours = scenario.calendar.office_hours.hours_per_day
    assert duration_text(2 / hours, scenario, "zh") == "约 2 小时"
    assert duration_text(0.25 / hours, scenario, "zh") == "约 15 分钟"
    assert duration_text(3, scenario, "zh") == "约 3 个工作日"


def test_before_after_counts(comparison: Comparison) -> None:
    before, after = comparison.results
    counts = plotting.headline_counts(before)
    cases = before.cases[~before.cases["in_warmup"].astype(bool)]
    assert counts["visits"] == pytest.approx(cases["visits"].mean())
    assert counts["elapsed"] == pytest.approx(cases["counted_working_days"].mean())
    ax = plotting.plot_before_after(before, after)
    steps_ax = ax.child_axes[0]
    assert len([c for c in steps_ax.containers if isinstance(c, BarContainer)]) == 2


def test_charts_at_300_dpi_on_request(tmp_path: Path) -> None:
    import struct

    written = plotting.write_attribution_chart(ATTRIBUTION, tmp_path, dpi=300)
    png = next(p for p in written if p.suffix == ".png").read_bytes()
    width = struct.unpack(">I", png[16:20])[0]
    figure_inches = root_figure(plotting.plot_attribution(ATTRIBUTION)).get_figwidth()
    assert width == pytest.approx(300 * figure_inches, abs=2)


def test_a_step_that_only_waits_is_not_agency_work() -> None:
    data = dict(GAS)
    data["steps"] = [dict(x) for x in GAS["steps"]]
    waiting = next(x for x in data["steps"] if x["id"] == "permit")  # no desk
    waiting.update(actor="agency", procedure=False, label="派工等待")  # nobody works on it
    res = sim.run(sim.scenario_from_dict(data), replications=2, seed=1, progress=False)
    table = plotting.breakdown_table(res)
    row = table.loc[waiting["id"]]
    assert row["agency"] == 0.0
    assert row["waiting"] == pytest.approx(row["total_working_days"] - row["clock_stop"])
    assert row["waiting"] > 0
    # a permit of another department (no procedure of this process, no desk) is still work
    data["steps"] = [dict(x) for x in GAS["steps"]]
    permit = next(x for x in data["steps"] if x["id"] == "permit")
    permit.update(actor="agency", procedure=False, label="绿化许可")
    res = sim.run(sim.scenario_from_dict(data), replications=2, seed=1, progress=False)
    assert plotting.breakdown_table(res).loc["permit", "waiting"] == 0.0


@pytest.mark.parametrize("chart", ["elapsed", "breakdown", "timeline", "desks"])
def test_plain_words(chart: str, results: Results, comparison: Comparison) -> None:
    """Runs are counted from one (第 1 次模拟); no unexplained jargon."""
    ax = _charts(results, comparison)[chart](None)
    words = " ".join(t for a in root_figure(ax).axes for t in texts(a))
    assert "重复编号" not in words
    assert "预热期" not in words
    if chart == "timeline":
        assert "第 1 次模拟" in ax.get_title(loc="left")
