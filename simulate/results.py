"""Results of a run: tidy tables of cases, steps and desks, and summaries with intervals.

Every column name carries its unit (``_working_days``, ``_natural_days``, ``_h`` for clock
hours since 00:00 of the start date). ``docs/reference/results.md`` lists them all.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulate.calendar import WorkCalendar
from simulate.engine.replication import PHASES, ReplicationOutput, build_calendar
from simulate.scenario.model import Scenario
from simulate.stats import mean_ci

#: Columns of :attr:`Results.cases`, with their meaning (the docs page is generated from it).
CASE_COLUMNS: dict[str, str] = {
    "scenario": "scenario name",
    "replication": "replication number (0-based)",
    "case": "case number in order of submission (0-based)",
    "arrival": "submission date and time",
    "finish": "date and time the case was finished",
    "arrival_h": "submission, clock hours since 00:00 of the start date",
    "finish_h": "finish, clock hours since 00:00 of the start date",
    "elapsed_working_days": "submission to finish, in working days (standard office hours)",
    "elapsed_natural_days": "submission to finish, in natural (calendar) days",
    "clock_stop_working_days": "working days spent in clock-stop steps (not counted, 行政许可法 art. 45)",
    "counted_working_days": "elapsed working days minus clock-stop days: what the limit is checked against",
    "on_time": "counted_working_days within the scenario's time limit (NA without a limit)",
    "visits": "in-person visits (跑动次数)",
    "rework_rounds": "rounds of 补正 (documents found incomplete)",
    "in_warmup": "submitted during the warm-up: left out of the summary",
}

STEP_COLUMNS: dict[str, str] = {
    "scenario": "scenario name",
    "replication": "replication number",
    "case": "case number",
    "step": "step id",
    "label": "step label",
    "desk": "desk id ('' for a pure delay)",
    "actor": "whose time: agency, applicant or third_party (make-up and travel: applicant)",
    "phase": "work (the step itself), makeup (补正 by the applicant), travel (to a visit), auto (秒批)",
    "round": "0 for the first pass, 1.. for passes after 补正",
    "detached": "off the case's path (sampled inspections): loads desks, does not delay the case",
    "enter_h": "clock hours when the step was entered (queue joined)",
    "start_h": "clock hours when work started",
    "end_h": "clock hours when the step ended",
    "wait_working_days": "queueing for a free staff member, working days",
    "work_working_days": "start to end, working days",
    "elapsed_working_days": "enter to end, working days",
    "clock_stop": "the step stops the clock",
    "visit": "the step needs an in-person visit",
    "over_limit": "the step took longer than its own limit (NA without one)",
}

DESK_COLUMNS: dict[str, str] = {
    "scenario": "scenario name",
    "replication": "replication number",
    "desk": "desk id",
    "label": "desk label",
    "staff": "staff serving in parallel",
    "office_hours": "office hours",
    "served": "step passes served after warm-up",
    "utilisation": "share of staff office time busy after warm-up (0-1)",
    "mean_queue_length": "mean cases waiting (over natural time after warm-up)",
    "max_queue_length": "most cases waiting at once",
    "mean_wait_working_days": "mean queueing time of passes served, working days",
}

#: Metric name -> unit, in summary order.
METRIC_UNITS: dict[str, str] = {
    "cases": "cases",
    "mean_elapsed_working_days": "working days",
    "median_elapsed_working_days": "working days",
    "p90_elapsed_working_days": "working days",
    "p95_elapsed_working_days": "working days",
    "mean_elapsed_natural_days": "natural days",
    "median_elapsed_natural_days": "natural days",
    "p90_elapsed_natural_days": "natural days",
    "p95_elapsed_natural_days": "natural days",
    "on_time_rate": "share",
    "throughput_per_working_day": "cases / working day",
    "visits_per_case": "visits",
    "rework_rounds_per_case": "rounds",
    "busiest_desk_utilisation": "share",
}


@dataclass(frozen=True)
class RunMeta:
    """How a run was made: enough to reproduce every number in it."""

    scenario: str
    label: str
    digest: str
    seed: int
    replications: int
    version: str
    start: str
    horizon_working_days: float
    warmup_working_days: float
    time_limit_working_days: float | None
    thresholds: tuple[tuple[float, str, float | None], ...] = ()
    executor: str = "serial"
    reforms: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the run manifest)."""
        return asdict(self)


class Results:
    """What a run gives: ``cases``, ``steps`` and ``desks`` tables and their summary."""

    def __init__(
        self,
        scenario: Scenario,
        meta: RunMeta,
        cases: pd.DataFrame,
        steps: pd.DataFrame,
        desks: pd.DataFrame,
        windows: pd.DataFrame,
    ) -> None:
        self.scenario = scenario
        self.meta = meta
        self.cases = cases
        self.steps = steps
        self.desks = desks
        #: per replication: warm-up end, horizon and last event, clock hours
        self.windows = windows

    # -- building -----------------------------------------------------------------------
    @classmethod
    def from_outputs(
        cls, s: Scenario, meta: RunMeta, outputs: Iterable[ReplicationOutput]
    ) -> Results:
        """Turn raw replication columns into tables."""
        cal = build_calendar(s)
        outs = sorted(outputs, key=lambda o: o.replication)
        cases = pd.concat([_case_table(s, cal, o) for o in outs], ignore_index=True)
        steps = pd.concat([_step_table(s, cal, o) for o in outs], ignore_index=True)
        desks = pd.concat([_desk_table(s, cal, o, steps) for o in outs], ignore_index=True)
        windows = pd.DataFrame(
            {
                "replication": [o.replication for o in outs],
                "warmup_h": [o.warmup_clock for o in outs],
                "horizon_h": [o.horizon_clock for o in outs],
                "end_h": [o.end_clock for o in outs],
            }
        )
        for frame in (cases, steps, desks):
            frame["scenario"] = pd.Categorical(frame["scenario"])
        return cls(s, meta, cases, steps, desks, windows)

    # -- summaries ----------------------------------------------------------------------
    def replication_metrics(self) -> pd.DataFrame:
        """One row per replication, one column per metric (the input of every interval)."""
        rows = []
        measured = self.cases[~self.cases["in_warmup"]]
        limit = self.meta.time_limit_working_days
        cal = build_calendar(self.scenario)
        for rep, win in self.windows.set_index("replication").iterrows():
            g = measured[measured["replication"] == rep]
            ew = g["elapsed_working_days"].to_numpy()
            en = g["elapsed_natural_days"].to_numpy()
            row: dict[str, float] = {"replication": float(rep), "cases": float(len(g))}
            for name, x in (("working", ew), ("natural", en)):
                has = len(x) > 0
                row[f"mean_elapsed_{name}_days"] = float(x.mean()) if has else np.nan
                row[f"median_elapsed_{name}_days"] = float(np.median(x)) if has else np.nan
                row[f"p90_elapsed_{name}_days"] = float(np.quantile(x, 0.9)) if has else np.nan
                row[f"p95_elapsed_{name}_days"] = float(np.quantile(x, 0.95)) if has else np.nan
            row["on_time_rate"] = (
                float(g["on_time"].astype(float).mean()) if limit and len(g) else np.nan
            )
            for days, _label, _target in self.meta.thresholds:
                row[threshold_metric(days)] = (
                    float((g["counted_working_days"] <= days + 1e-9).mean()) if len(g) else np.nan
                )
            w0, w1 = float(win["warmup_h"]), float(win["horizon_h"])
            window_days = cal.timeline().between(w0, w1) / cal.hours_per_day
            all_rep = self.cases[self.cases["replication"] == rep]
            done = ((all_rep["finish_h"] >= w0) & (all_rep["finish_h"] < w1)).sum()
            row["throughput_per_working_day"] = (
                float(done / window_days) if window_days > 0 else np.nan
            )
            row["visits_per_case"] = float(g["visits"].mean()) if len(g) else np.nan
            row["rework_rounds_per_case"] = float(g["rework_rounds"].mean()) if len(g) else np.nan
            d = self.desks[self.desks["replication"] == rep]
            row["busiest_desk_utilisation"] = float(d["utilisation"].max()) if len(d) else np.nan
            for desk, util in zip(d["desk"], d["utilisation"], strict=True):
                row[f"utilisation:{desk}"] = float(util)
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame["replication"] = frame["replication"].astype(int)
        return frame.set_index("replication")

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Mean over replications of each metric, with its confidence interval and unit."""
        per_rep = self.replication_metrics()
        out = []
        for metric in per_rep.columns:
            m, lo, hi = mean_ci(per_rep[metric].to_numpy(), level)
            out.append(
                {
                    "metric": metric,
                    "value": m,
                    "ci_low": lo,
                    "ci_high": hi,
                    "unit": metric_unit(metric),
                }
            )
        frame = pd.DataFrame(out).set_index("metric")
        return frame

    def queue_series(self, desk: str, replication: int = 0) -> pd.DataFrame:
        """Cases waiting and staff busy at a desk after every change, for one replication."""
        rows = self.steps[
            (self.steps["desk"] == desk)
            & (self.steps["replication"] == replication)
            & (self.steps["phase"] == "work")
        ]
        times = np.concatenate([rows["enter_h"], rows["start_h"], rows["start_h"], rows["end_h"]])
        dq = np.concatenate([np.ones(len(rows)), -np.ones(len(rows)), np.zeros(2 * len(rows))])
        db = np.concatenate([np.zeros(2 * len(rows)), np.ones(len(rows)), -np.ones(len(rows))])
        order = np.lexsort((-(dq + db), times))
        t = times[order]
        frame = pd.DataFrame(
            {"time_h": t, "queue_length": np.cumsum(dq[order]), "busy_staff": np.cumsum(db[order])}
        )
        frame = frame.groupby("time_h", as_index=False).last()
        cal = build_calendar(self.scenario)
        frame.insert(
            0, "time", pd.to_datetime(cal.origin) + pd.to_timedelta(frame["time_h"], unit="h")
        )
        return frame

    def bottleneck(self) -> str | None:
        """The desk with the highest mean utilisation (None without desks)."""
        if self.desks.empty:
            return None
        mean = self.desks.groupby("desk", observed=True)["utilisation"].mean()
        return str(mean.idxmax())

    # -- display ------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (
            f"<Results {self.meta.scenario!r}: {len(self.cases)} cases, "
            f"{self.meta.replications} replications, seed={self.meta.seed}>"
        )

    def _repr_html_(self) -> str:
        table = format_summary(self.summary()).to_html(escape=True)
        title = html.escape(f"{self.meta.label or self.meta.scenario}: {self!r}")
        return f"<p><b>{title}</b></p>{table}"

    def report(self) -> str:
        """A readable text summary (what the command line prints)."""
        from simulate.report import text_report

        return text_report(self)


def metric_unit(metric: str) -> str:
    """Unit of a summary metric."""
    if metric.startswith("utilisation:"):
        return "share"
    if metric.startswith("share_within_"):
        return "share"
    return METRIC_UNITS.get(metric, "")


def threshold_metric(days: float) -> str:
    """Summary metric name of a threshold: ``share_within_0.5_working_days``."""
    return f"share_within_{days:.3g}_working_days"


def format_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """Summary as display strings: value and [low, high]."""

    def fmt(x: float, unit: str) -> str:
        if pd.isna(x):
            return "n/a"
        if unit == "share":
            return f"{100 * x:.1f}%"
        if unit == "cases":
            return f"{x:,.0f}"
        return f"{x:.2f}"

    rows = {}
    for metric, r in summary.iterrows():
        unit = str(r["unit"])
        ci = (
            "" if pd.isna(r["ci_low"]) else f"[{fmt(r['ci_low'], unit)}, {fmt(r['ci_high'], unit)}]"
        )
        rows[metric] = {
            "value": fmt(r["value"], unit),
            "95% CI": ci,
            "unit": "" if unit == "share" else unit,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


# -- table builders -------------------------------------------------------------------------
def _days(cal: WorkCalendar, t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
    tl = cal.timeline()
    days: np.ndarray = (tl.work_at_array(t1) - tl.work_at_array(t0)) / cal.hours_per_day
    return days


def _case_table(s: Scenario, cal: WorkCalendar, o: ReplicationOutput) -> pd.DataFrame:
    c = o.case_cols
    order = np.argsort(c["case"], kind="stable")
    arrival = c["arrival_h"][order]
    finish = c["finish_h"][order]
    elapsed = _days(cal, arrival, finish)
    stopped = c["clock_stop_hours"][order] / cal.hours_per_day
    counted = np.maximum(elapsed - stopped, 0.0)
    origin = pd.Timestamp(cal.origin)
    limit = s.time_limit_working_days
    on_time = (
        pd.array(counted <= limit + 1e-9, dtype="boolean")
        if limit
        else pd.array([pd.NA] * len(counted), dtype="boolean")
    )
    return pd.DataFrame(
        {
            "scenario": s.name,
            "replication": np.full(len(order), o.replication, dtype=np.int32),
            "case": c["case"][order],
            "arrival": origin + pd.to_timedelta(arrival, unit="h"),
            "finish": origin + pd.to_timedelta(finish, unit="h"),
            "arrival_h": arrival,
            "finish_h": finish,
            "elapsed_working_days": elapsed,
            "elapsed_natural_days": (finish - arrival) / 24.0,
            "clock_stop_working_days": stopped,
            "counted_working_days": counted,
            "on_time": on_time,
            "visits": c["visits"][order],
            "rework_rounds": c["rework_rounds"][order],
            "in_warmup": arrival < o.warmup_clock,
        }
    )


def _step_table(s: Scenario, cal: WorkCalendar, o: ReplicationOutput) -> pd.DataFrame:
    c = o.step_cols
    code = c["step_code"].astype(np.int64)
    ids = np.array([st.id for st in s.steps], dtype=object)
    labels = [st.label for st in s.steps]
    desks = [st.desk or "" for st in s.steps]
    actors = np.array([st.actor for st in s.steps], dtype=object)
    limits = np.array(
        [st.limit_working_days if st.limit_working_days else np.nan for st in s.steps]
    )
    phase = np.array(PHASES, dtype=object)[c["phase_code"].astype(np.int64)]
    actor = np.where(np.isin(phase, ["makeup", "travel"]), "applicant", actors[code])
    enter, start, end = c["enter_h"], c["start_h"], c["end_h"]
    elapsed = _days(cal, enter, end)
    lim = limits[code]
    over = pd.array(np.where(np.isnan(lim), False, elapsed > lim + 1e-9), dtype="boolean")
    over[np.isnan(lim) | (phase != "work")] = pd.NA
    frame = pd.DataFrame(
        {
            "scenario": s.name,
            "replication": np.full(len(code), o.replication, dtype=np.int32),
            "case": c["case"],
            "step": pd.Categorical.from_codes(code, categories=list(ids)),
            "label": pd.Categorical.from_codes(code, categories=_unique(labels))
            if len(set(labels)) == len(labels)
            else np.array(labels, dtype=object)[code],
            "desk": np.array(desks, dtype=object)[code],
            "actor": actor,
            "phase": phase,
            "round": c["round"],
            "detached": c["detached"],
            "enter_h": enter,
            "start_h": start,
            "end_h": end,
            "wait_working_days": _days(cal, enter, start),
            "work_working_days": _days(cal, start, end),
            "elapsed_working_days": elapsed,
            "clock_stop": np.array([st.clock_stop for st in s.steps])[code] & (phase == "work"),
            "visit": np.array([st.visit for st in s.steps])[code] & (phase == "work"),
            "over_limit": over,
        }
    )
    for col in ("desk", "actor", "phase", "label"):
        frame[col] = frame[col].astype("category")
    return frame.sort_values(["case", "enter_h", "start_h"], kind="stable").reset_index(drop=True)


def _unique(labels: list[str]) -> list[str]:
    return list(dict.fromkeys(labels))


def _desk_table(
    s: Scenario, cal: WorkCalendar, o: ReplicationOutput, steps: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    w0, w1 = o.warmup_clock, o.horizon_clock
    mine = steps[(steps["replication"] == o.replication) & (steps["phase"] == "work")]
    for d in s.desks:
        tl = cal.timeline(d.hours)
        g = mine[mine["desk"] == d.id]
        start = np.clip(g["start_h"].to_numpy(), w0, w1)
        end = np.clip(g["end_h"].to_numpy(), w0, w1)
        busy = float((tl.work_at_array(end) - tl.work_at_array(start)).sum())
        capacity = d.staff * (tl.work_at(w1) - tl.work_at(w0))
        q0 = np.clip(g["enter_h"].to_numpy(), w0, w1)
        q1 = np.clip(g["start_h"].to_numpy(), w0, w1)
        span = w1 - w0
        served = g[(g["start_h"] >= w0) & (g["start_h"] < w1)]
        rows.append(
            {
                "scenario": s.name,
                "replication": o.replication,
                "desk": d.id,
                "label": d.label,
                "staff": d.staff,
                "office_hours": str(d.hours or s.calendar.office_hours),
                "served": len(served),
                "utilisation": busy / capacity if capacity > 0 else np.nan,
                "mean_queue_length": float((q1 - q0).sum() / span) if span > 0 else np.nan,
                "max_queue_length": _max_queue(g["enter_h"].to_numpy(), g["start_h"].to_numpy()),
                "mean_wait_working_days": float(served["wait_working_days"].mean())
                if len(served)
                else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=list(DESK_COLUMNS))


def _max_queue(enter: np.ndarray, start: np.ndarray) -> int:
    if len(enter) == 0:
        return 0
    t = np.concatenate([enter, start])
    d = np.concatenate([np.ones(len(enter)), -np.ones(len(start))])
    order = np.lexsort((d, t))  # at equal times, leaving before joining
    return int(np.cumsum(d[order]).max())
