"""Results of a run: tidy tables of cases, steps and desks, and summaries with intervals.

Every column name carries its unit (``_working_days``, ``_natural_days``, ``_h`` for clock
hours since 00:00 of the start date). ``docs/reference/results.md`` lists them all.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from simulate.calendar import counts_in_days, timeline_of, within_limit
from simulate.calendar.deadlines import LIMIT_TOLERANCE
from simulate.engine.attributes import case_limits, table_columns
from simulate.engine.replication import ReplicationOutput, build_calendar
from simulate.engine.tables import build_tables
from simulate.offered_load import DeskLoad, offered_load
from simulate.results.eventlog import event_log
from simulate.results.meta import RunMeta
from simulate.results.metrics import format_summary, metric_name, threshold_metric
from simulate.results.report import text_report
from simulate.results.split import split_by
from simulate.results.targets import summarise
from simulate.results.targets_measure import target_metrics
from simulate.results.verdicts import SteadyState, Verdict, steady_state, verdicts
from simulate.scenario.attributes import CHANNEL, LimitClass, class_limits, describe_limits
from simulate.scenario.model import Scenario
from simulate.strings import text as catalogue_text


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
        self._metrics: tuple[tuple[int, int, int], pd.DataFrame] | None = None
        self._summaries: dict[tuple[int, int, int, float], pd.DataFrame] = {}

    # -- building -----------------------------------------------------------------------
    @classmethod
    def from_outputs(
        cls, scenario: Scenario, meta: RunMeta, outputs: Iterable[ReplicationOutput]
    ) -> Results:
        """Turn raw replication columns into tables (see :func:`simulate.engine.tables.build_tables`).

        The outputs' raw columns are consumed as the tables are built, so a run does not hold
        them and the tables at the same time.
        """
        outs = sorted(outputs, key=lambda o: o.replication)
        windows = pd.DataFrame(
            {
                "replication": [o.replication for o in outs],
                "warmup_h": [o.warmup_clock for o in outs],
                "horizon_h": [o.horizon_clock for o in outs],
                "end_h": [o.end_clock for o in outs],
            }
        )
        cases, steps, desks = build_tables(scenario, outs)
        own = case_limits(scenario, [o.case_cols for o in outs], len(cases))
        if own is not None:  # limits per class: each case's own limit
            cases["time_limit_working_days"] = own
        # the channel and case attributes: columns of their own, only where declared
        for name, column in table_columns(scenario, [o.case_cols for o in outs]).items():
            cases[name] = column
        return cls(scenario, meta, cases, steps, desks, windows)

    # -- summaries ----------------------------------------------------------------------
    def replication_metrics(self) -> pd.DataFrame:
        """One row per replication, one column per metric (the input of every interval).

        Kept for as long as the ``cases``, ``desks`` and ``windows`` tables are the same
        objects (it takes a second on half a million rows, and the report, the targets and
        the outputs each need it).
        """
        key = (id(self.cases), id(self.desks), id(self.windows))
        if self._metrics is not None and self._metrics[0] == key:
            return self._metrics[1].copy()
        frame = self._replication_metrics()
        self._metrics = (key, frame)
        return frame.copy()

    def _replication_metrics(self) -> pd.DataFrame:
        rows = []
        measured = self.cases[~self.cases["in_warmup"]]
        limit = self.meta.time_limit_working_days
        cal = build_calendar(self.scenario)
        # each threshold counted as the law counts it (calendar.deadlines)
        within = {days: self.within(days) for days, _label, _target in self.meta.thresholds}
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
            cw = g["counted_working_days"].to_numpy()
            row["mean_counted_working_days"] = float(cw.mean()) if len(cw) else np.nan
            row["p90_counted_working_days"] = float(np.quantile(cw, 0.9)) if len(cw) else np.nan
            # an average limit (平均) is judged on the mean, never as an on-time share
            per_case = limit and self.meta.time_limit_statistic == "max"
            row["on_time_rate"] = (
                float(g["on_time"].astype(float).mean()) if per_case and len(g) else np.nan
            )
            for days, _label, _target in self.meta.thresholds:
                row[threshold_metric(days)] = (
                    float(within[days].loc[g.index].mean()) if len(g) else np.nan
                )
            w0, w1 = float(win["warmup_h"]), float(win["horizon_h"])
            window_days = timeline_of(cal).between(w0, w1) / cal.hours_per_day
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
        frame = frame.set_index("replication")
        if self.scenario.targets:  # targets of every kind: one metric each
            extra = target_metrics(self.scenario, measured, self.steps, self.within)
            frame = frame.join(extra.reindex(frame.index))
        return frame

    def within(self, limit_working_days: float, classes: Sequence[LimitClass] = ()) -> pd.Series:
        """Whether each measured case (after the warm-up) finished within a limit.

        Counted as the law counts that limit (:mod:`simulate.calendar.deadlines`), with the
        scenario's stopped time left out. Where the limit counts like the scenario's own
        (both in days, or both in hours) this is ``counted_working_days <= limit``.

        Parameters
        ----------
        limit_working_days : float
            The limit, in working days (a fraction of a day for a limit in hours).
        classes : sequence of LimitClass, optional
            Limits per class (``time_limit: {by: ...}``, e.g. another scenario's): each case
            is judged against its first class's limit, ``limit_working_days`` for the rest.
            The conditions read this run's attribute columns.

        Returns
        -------
        pandas.Series of bool
            Indexed like the measured rows of :attr:`cases`.
        """
        measured = self.cases[~self.cases["in_warmup"]]
        if classes:
            return self._within_classes(measured, limit_working_days, classes)
        own = self.scenario.time_limit_working_days
        counts = {counts_in_days(c.working_days) for c in self.scenario.time_limit_by}
        if {counts_in_days(limit_working_days)} == counts | {counts_in_days(own)}:
            counted = measured["counted_working_days"].to_numpy(dtype=float)
            return pd.Series(counted <= limit_working_days + LIMIT_TOLERANCE, index=measured.index)
        values = within_limit(
            timeline_of(build_calendar(self.scenario)),
            measured["arrival_h"].to_numpy(dtype=float),
            measured["finish_h"].to_numpy(dtype=float),
            limit_working_days,
            measured["clock_stop_working_days"].to_numpy(dtype=float),
        )
        return pd.Series(values, index=measured.index)

    @property
    def has_clock_stops(self) -> bool:
        """True when some time can be left out of the limit (clock-stop steps or 补正)."""
        s = self.scenario
        return any(st.clock_stop for st in s.steps) or any(rw.clock_stop for _, rw in s.rework)

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Mean over replications of each metric, with its confidence interval and unit.

        ``attrs["steady"]`` is False (and ``attrs["note"]`` says "not steady: figures depend
        on the horizon") when elapsed times trend over the horizon; see :attr:`steady`.
        """
        key = (id(self.cases), id(self.desks), id(self.windows), float(level))
        if key not in self._summaries:
            self._summaries = {key: self._summary(level)}
        return self._summaries[key].copy()

    def _summary(self, level: float) -> pd.DataFrame:
        frame = summarise(self.replication_metrics(), level)
        steady = self.steady
        frame.attrs["steady"] = steady.steady
        frame.attrs["note"] = steady.note
        return frame

    def verdicts(self, reached: float = 0.9) -> tuple[Verdict, ...]:
        """Each target of the scenario, judged on the metric its limit counts.

        A limit to finish within (以内) is met when at least ``reached`` of the cases finish
        within it, counted as the law counts it (days after the acceptance day, time
        stopped left out); an average limit (平均) when the mean counted working days are
        within it; a threshold with a target share when its share reaches the target. Each
        verdict holds "under these assumptions" and names the assumed inputs it rests on
        (see :mod:`simulate.results.verdicts`).
        """
        return verdicts(self.scenario, self.summary(), reached, self.steady)

    def target_checks(self, reached: float = 0.9) -> list[tuple[str, bool]]:
        """Each target of the scenario as (readable verdict, met); see :meth:`verdicts`."""
        return [(v.statement, v.met) for v in self.verdicts(reached)]

    @property
    def load(self) -> tuple[DeskLoad, ...]:
        """Each desk's offered load, computed from the scenario before any run."""
        return offered_load(self.scenario)

    @property
    def overloaded(self) -> tuple[DeskLoad, ...]:
        """The desks offered at least 95% of their capacity (empty when none)."""
        return tuple(d for d in self.load if d.overloaded)

    @property
    def steady(self) -> SteadyState:
        """Whether elapsed times trend over the horizon (``steady`` False: they do)."""
        return steady_state(self.scenario, self.cases)

    def warnings(self) -> list[str]:
        """Overloaded desks and a missing steady state, as sentences (empty when none)."""
        out = [d.warning() for d in self.overloaded]
        note = self.steady.note
        if note:
            out.append(note)
        return out

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

    def by(self, attribute: str, edges: Sequence[float] | None = None) -> pd.DataFrame:
        """The results split by a case attribute: one row per class of cases.

        Parameters
        ----------
        attribute : str
            A declared attribute (``attributes:``) or ``channel``.
        edges : sequence of float, optional
            For a number: where to cut it, into intervals ``(a, b]`` (the lowest closed),
            e.g. ``[0, 160, 10_000]`` for up to 160 and above.

        Returns
        -------
        pandas.DataFrame
            Indexed by class: measured cases per replication and their share, mean and P90
            elapsed and counted working days, and the on-time share with its 95% interval
            (each averaged over replications, as the summary is).
        """
        return split_by(self.scenario, self.cases, attribute, edges)

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
        shown = format_summary(self.summary())
        shown.index = [metric_name(str(m), self.meta.thresholds) for m in shown.index]
        shown.columns = [
            catalogue_text("column.value"),
            catalogue_text("value.interval"),
            catalogue_text("column.unit"),
        ]
        table = shown.to_html(escape=True)
        title = html.escape(f"{self.meta.label or self.meta.scenario}: {self!r}")
        warn = "".join(
            f"<p style='color:#b00'><b>⚠ {html.escape(warning)}</b></p>"
            for warning in self.warnings()
        )
        judged = "".join(
            f"<li style='color:{'#070' if v.met else '#b00'}'>{'✓' if v.met else '✗'} "
            f"{html.escape(v.statement)}</li>"
            for v in self.verdicts()
        )
        targets = f"<p><b>targets</b></p><ul>{judged}</ul>" if judged else ""
        return f"<p><b>{title}</b></p>{warn}{table}{targets}"

    def event_log(self, replication: int | None = None) -> pd.DataFrame:
        """The run as an event log (one row per pass of a step's work), in the columns
        :func:`simulate.calibrate` reads and process-mining tools open.

        Parameters
        ----------
        replication
            Only this replication (default: all; ``case_id`` names the replication).

        Returns
        -------
        pandas.DataFrame
            ``case_id, activity, label, start, end, resource, group, submitted,
            replication`` (see :data:`simulate.results.eventlog.EVENT_LOG_COLUMNS`).
        """
        origin = pd.Timestamp(self.scenario.start)
        return event_log(self.steps, self.cases, origin, replication)

    def _within_classes(
        self, measured: pd.DataFrame, default: float, classes: Sequence[LimitClass]
    ) -> pd.Series:
        """Whether each measured case finished within its class's limit."""
        attributes = {a.name: a for a in self.scenario.attributes}
        columns = {}
        for name in {c.attribute for k in classes for c in k.when}:
            if name == CHANNEL and name not in measured.columns:
                continue  # every case in person
            if name not in measured.columns:  # this run does not carry the attribute
                return pd.Series(np.nan, index=measured.index)
            column = measured[name]
            categorical = isinstance(column.dtype, pd.CategoricalDtype)
            columns[name] = column.cat.codes.to_numpy() if categorical else column.to_numpy()
        own = class_limits(default, classes, columns, attributes, len(measured))
        out = pd.Series(False, index=measured.index)
        for value in np.unique(own):
            chosen = own == value
            out[chosen] = self.within(float(value)).to_numpy()[chosen]
        return out

    def report(self) -> str:
        """A readable text summary (what the command line prints)."""
        neck = self.bottleneck()
        busiest = None
        if neck is not None:
            util = self.desks.groupby("desk", observed=True)["utilisation"].mean()[neck]
            label = self.scenario.desk(neck).label
            named = (
                catalogue_text("report.desk_named", label=label, id=neck)
                if label
                else catalogue_text("report.desk", id=neck)
            )
            busiest = (named, float(util))
        lines = [f"warning: {text}" for text in self.warnings()]
        lines += [text for text, _ in self.target_checks()]
        s = self.scenario
        limits = ""
        if s.time_limit_by and s.time_limit_working_days is not None:
            limits = describe_limits(s.time_limit_working_days, s.time_limit_by)
        return text_report(self.meta, self.summary(), busiest, lines, limits)


def on_time_label(limit: float, classes: Sequence[LimitClass] = ()) -> str:
    """The name of the on-time share counted against ``limit`` (and limits per class)."""
    if classes:
        return catalogue_text("compare.on_time_classes", limits=describe_limits(limit, classes))
    return catalogue_text("compare.on_time_label", limit=limit)


def class_limits_text(scenario: Scenario) -> str:
    """The scenario's limits per class, as a note after its limit ("" without classes)."""
    if not scenario.time_limit_by or scenario.time_limit_working_days is None:
        return ""
    limits = describe_limits(scenario.time_limit_working_days, scenario.time_limit_by)
    return catalogue_text("compare.own_classes", limits=limits)


__all__ = ["Results", "class_limits_text", "on_time_label"]
