"""Hold-out validation: fit on the first part of a log, simulate the rest, compare.

The log is split by submission time: the cases submitted in the first ``1 - holdout`` of
them fit the scenario; the scenario then runs from the first hold-out submission to the
last, and its cases are compared with the hold-out cases: throughput time (mean, median and
P90 with intervals, Wasserstein distance, Kolmogorov-Smirnov statistic), cases per working
day, the share of cases with each activity, and the rework rate. Simulated cases that would
finish after the log ends are left out, as the log leaves out cases still open when it was
extracted. Nothing is tuned: the findings say where the model misses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulate.calendar import OfficeHours, timeline_of
from simulate.calibration.build import Options, fit_prepared, prepare
from simulate.calibration.clock import working_days_between
from simulate.calibration.discover import case_table
from simulate.calibration.logs import EventLog
from simulate.calibration.report import Calibration
from simulate.errors import Problem, ScenarioError
from simulate.experiments.runner import run
from simulate.strings import text as catalogue_text
from simulate.textfmt import align

#: Bootstrap resamples for the intervals of observed statistics.
BOOTSTRAP = 400

#: Headers of the metrics and activity-share tables as printed (catalogue keys).
METRICS_HEADER = ("holdout.fit_period", "holdout.holdout", "calibrate.fits.interval", "holdout.simulated", "calibrate.fits.interval", "holdout.inside")  # fmt: skip
ACTIVITY_HEADER = ("activity", "observed_share", "simulated_share", "difference")


@dataclass(frozen=True)
class Holdout:
    """A hold-out comparison of a fitted scenario with what was observed.

    Attributes
    ----------
    calibration
        The calibration fitted on the first part of the log.
    cutoff
        Submission time of the first hold-out case.
    observed, simulated
        Per case: ``throughput_working_days`` and ``rework`` (simulated: all replications).
    metrics
        One row per compared number: observed and simulated value with 95 % intervals,
        and whether the observed value lies inside the simulated interval.
    activities
        Share of cases with each activity, observed and simulated.
    findings
        Plain sentences on where the model misses and why it may.
    """

    calibration: Calibration
    cutoff: pd.Timestamp
    observed: pd.DataFrame
    simulated: pd.DataFrame
    metrics: pd.DataFrame
    activities: pd.DataFrame
    findings: tuple[str, ...] = field(default=())

    def report(self) -> str:
        """The comparison as text."""
        rows = [["", *(catalogue_text(key) for key in METRICS_HEADER)]]
        for r in self.metrics.itertuples():
            rows.append(
                [
                    str(r.metric),
                    "" if pd.isna(r.fit_period) else f"{r.fit_period:.4g}",
                    f"{r.observed:.4g}",
                    _interval(r.observed_low, r.observed_high),
                    f"{r.simulated:.4g}",
                    _interval(r.simulated_low, r.simulated_high),
                    "" if pd.isna(r.inside) else catalogue_text(f"holdout.{bool(r.inside)}"),
                ]
            )
        act = [[catalogue_text(f"holdout.{c}") for c in ACTIVITY_HEADER]]
        for r in self.activities.itertuples():
            act.append(
                [str(r.activity), f"{r.observed:.3f}", f"{r.simulated:.3f}", f"{r.difference:+.3f}"]
            )
        fitted, cutoff = self.calibration.discovery.n_cases, f"{self.cutoff:%Y-%m-%d %H:%M}"
        log, compared = self.calibration.log.name, len(self.observed)
        lines = [
            catalogue_text(
                "holdout.title", log=log, fitted=fitted, cutoff=cutoff, compared=compared
            ),
            "",
            *[line.rstrip() for line in align(rows, right=[1, 2, 4])],
            "",
            *[line.rstrip() for line in align(act, right=[1, 2, 3])],
            "",
            catalogue_text("holdout.findings"),
            *(f"- {f}" for f in self.findings),
        ]
        return "\n".join(lines)

    def write(self, folder: str | Path) -> list[Path]:
        """Write ``holdout.txt`` and ``holdout.xlsx`` (metrics, activities, ECDFs, fits)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        text = folder / "holdout.txt"
        text.write_text(self.report() + "\n", encoding="utf-8")
        book = folder / "holdout.xlsx"
        tmp = folder / ".holdout.xlsx.tmp"
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            self.metrics.to_excel(writer, sheet_name="metrics", index=False)
            self.activities.to_excel(writer, sheet_name="activities", index=False)
            ecdf_frame(self).to_excel(writer, sheet_name="ecdf", index=False)
            self.calibration.fits.to_excel(writer, sheet_name="fits", index=False)
            pd.DataFrame({"finding": list(self.findings)}).to_excel(
                writer, sheet_name="findings", index=False
            )
        tmp.replace(book)
        return [text, book]


def _interval(low: float, high: float) -> str:
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"[{low:.4g}, {high:.4g}]"


def ecdf_frame(holdout: Holdout) -> pd.DataFrame:
    """Observed and simulated throughput times with their empirical CDF values."""
    parts = []
    for which, frame in (("observed", holdout.observed), ("simulated", holdout.simulated)):
        x = np.sort(frame["throughput_working_days"].to_numpy())
        parts.append(
            pd.DataFrame(
                {"which": which, "working_days": x, "ecdf": np.arange(1, len(x) + 1) / len(x)}
            )
        )
    return pd.concat(parts, ignore_index=True)


def _statistic(values: np.ndarray, statistic: str) -> np.ndarray:
    """Mean, median or P90 along the last axis."""
    if statistic == "mean":
        return np.asarray(np.mean(values, axis=-1))
    if statistic == "median":
        return np.asarray(np.median(values, axis=-1))
    return np.asarray(np.quantile(values, 0.9, axis=-1))


def _bootstrap(x: np.ndarray, statistic: str, seed: int) -> tuple[float, float, float]:
    """The statistic and its percentile-bootstrap 95 % interval (resampled in small blocks)."""
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    rng = np.random.default_rng(seed)
    block = max(1, 2_000_000 // len(x))
    values: list[np.ndarray] = []
    done = 0
    while done < BOOTSTRAP:
        size = min(block, BOOTSTRAP - done)
        values.append(_statistic(x[rng.integers(0, len(x), size=(size, len(x)))], statistic))
        done += size
    all_values = np.concatenate(values)
    return (
        float(_statistic(x, statistic)),
        float(np.quantile(all_values, 0.025)),
        float(np.quantile(all_values, 0.975)),
    )


def _per_replication(sim: pd.DataFrame, statistic: str) -> tuple[float, float, float]:
    from simulate.stats import mean_ci

    func = {"mean": "mean", "median": "median", "p90": lambda v: v.quantile(0.9)}[statistic]
    per = sim.groupby("replication")["throughput_working_days"].agg(func).to_numpy()
    pooled = sim["throughput_working_days"]
    value = float(
        {"mean": pooled.mean(), "median": pooled.median(), "p90": pooled.quantile(0.9)}[statistic]
    )
    _, lo, hi = mean_ci(per)
    return value, lo, hi


def validate_holdout(
    log: str | Path | pd.DataFrame | EventLog,
    *,
    holdout: float = 0.3,
    replications: int = 5,
    seed: int = 1,
    columns: Mapping[str, str] | None = None,
    time_zone: str | None = None,
    stages: Mapping[str, str] | str | Path | None = None,
    calendar: str = "official",
    holidays: Iterable[dt.date] = (),
    workdays: Iterable[dt.date] = (),
    office_hours: OfficeHours | None = None,
    min_share: float = 0.01,
    parallel_share: float = 0.1,
) -> Holdout:
    """Fit on the first ``1 - holdout`` of the cases (by submission), simulate the rest, compare.

    Parameters are those of :func:`simulate.calibrate`, plus ``holdout`` (share of cases
    kept for the comparison, by time), ``replications`` and ``seed`` of the simulation.
    """
    if not 0.0 < holdout < 1.0:
        raise ScenarioError(
            [
                Problem(
                    f"holdout must be between 0 and 1, got {holdout}",
                    field="holdout",
                    fix="e.g. 0.3",
                )
            ]
        )
    options = Options(
        columns=columns,
        time_zone=time_zone,
        stages=stages,
        calendar=calendar,
        holidays=tuple(holidays),
        workdays=tuple(workdays),
        office_hours=office_hours,
        min_share=min_share,
        parallel_share=parallel_share,
        replications=replications,
        seed=seed,
    )
    prepared = prepare(log, options)
    frame = prepared.frame
    has_start = prepared.log.has_start
    cases = case_table(frame, has_start).sort_values("arrival", kind="stable")
    n_fit = round(len(cases) * (1 - holdout))
    if n_fit < 2 or n_fit >= len(cases):
        raise ScenarioError(
            [
                Problem(
                    f"{len(cases)} cases are too few to keep {holdout:.0%} for the hold-out",
                    file=prepared.log.name,
                    fix="give a longer log or a different --holdout",
                )
            ]
        )
    fit_cases = cases.index[:n_fit]
    test = cases.iloc[n_fit:]
    cutoff = pd.Timestamp(test["arrival"].iloc[0])
    calibration = fit_prepared(prepared, frame[frame["case"].isin(fit_cases)], options)
    cal = prepared.calendar
    hpd = cal.hours_per_day
    # compare throughput on cases submitted early enough to have closed before the log ends:
    # the P95 of the fit period's throughput before its last event (open cases look short)
    p95_hours = float(np.quantile(calibration.discovery.cases["throughput_h"], 0.95))
    close_w = float(frame["w_end"].max()) - p95_hours
    closed = test[test["arrival_w"] <= close_w]
    if len(closed) < 10:
        closed = test
    close_at = pd.Timestamp(cal.to_datetime(timeline_of(cal).clock_at(max(close_w, 0.0))))
    test_frame = frame[frame["case"].isin(closed.index)]
    observed = pd.DataFrame(
        {
            "throughput_working_days": (closed["finish_w"] - closed["arrival_w"]).to_numpy() / hpd,
            "rework": closed.index.isin(
                test_frame[test_frame.duplicated(["case", "activity"])]["case"].unique()
            ),
        },
        index=closed.index,
    )
    last_event = frame["end"].max()
    first_day, last_day = cutoff.date(), test["arrival"].max().date()
    horizon = max(working_days_between(cal, first_day, last_day), 1)
    scenario = calibration.scenario.with_changes(
        start=first_day, horizon_working_days=float(horizon)
    )
    results = run(scenario, replications=replications, seed=seed, progress=False)
    sim_cases = results.cases
    in_window = (
        sim_cases["arrival"] <= close_at
        if closed is not test
        else pd.Series(True, index=sim_cases.index)
    )
    censored = in_window & (sim_cases["finish"] > last_event)
    kept = sim_cases[in_window & ~censored]
    simulated = pd.DataFrame(
        {
            "replication": kept["replication"].to_numpy(),
            "case": kept["case"].to_numpy(),
            "throughput_working_days": kept["elapsed_working_days"].to_numpy(),
            "rework": (kept["rework_rounds"] > 0).to_numpy(),
        }
    )
    arrived = sim_cases.groupby("replication").size().reindex(range(replications), fill_value=0)
    metrics, findings = _compare(observed, simulated, test, horizon, arrived.to_numpy(), seed)
    fit_cases_table = calibration.discovery.cases
    fit_x = fit_cases_table["throughput_h"].to_numpy() / hpd
    fit_values = [
        float(np.mean(fit_x)),
        float(np.median(fit_x)),
        float(np.quantile(fit_x, 0.9)),
        math.nan,
        math.nan,
        calibration.arrivals.rate,
        float(fit_cases_table["rework"].mean()),
    ]
    metrics.insert(1, "fit_period", fit_values)
    findings.extend(_why(metrics))
    steps = results.steps
    work = steps[(steps["phase"] == "work") & (steps["round"] == 0) & ~steps["detached"]]
    keys = pd.MultiIndex.from_frame(kept[["replication", "case"]])
    work = work[pd.MultiIndex.from_frame(work[["replication", "case"]]).isin(keys)]
    label = {s.id: s.label for s in scenario.steps}
    n_sim = max(len(kept), 1)
    sim_share = work.groupby("step", observed=True)["case"].size() / n_sim
    obs_share = test_frame.groupby("activity")["case"].nunique() / len(closed)
    names = sorted(set(obs_share.index) | {label[s] for s in sim_share.index})
    by_label = {label[s]: float(v) for s, v in sim_share.items()}
    activities = pd.DataFrame(
        {
            "activity": names,
            "observed": [float(obs_share.get(a, 0.0)) for a in names],
            "simulated": [by_label.get(a, 0.0) for a in names],
        }
    )
    activities["difference"] = activities["simulated"] - activities["observed"]
    activities = activities.sort_values("observed", ascending=False, ignore_index=True)
    worst = (
        activities.iloc[int(activities["difference"].abs().idxmax())] if len(activities) else None
    )
    if worst is not None and abs(float(worst["difference"])) > 0.05:
        findings.append(
            f"activity shares: the largest gap is {worst['activity']} "
            f"(observed {worst['observed']:.1%}, simulated {worst['simulated']:.1%})"
        )
    findings.append(
        f"throughput, activities and rework are compared on the {len(closed)} hold-out cases "
        f"submitted by {close_at:%Y-%m-%d}, the P95 of the fit period's throughput "
        f"({p95_hours / hpd:.0f} working days) before the log ends, so that cases still open "
        "when it was extracted do not look short; simulated cases are cut the same way"
        + (
            f" ({int(censored.sum())} that would finish after the log ends are left out)"
            if censored.any()
            else ""
        )
        if closed is not test
        else "the log is too short to leave the open cases out: observed throughput times of "
        "the latest cases are cut short by the end of the log"
    )
    if not has_start:
        findings.append(
            "completion-only log: the model is a chain of delays, so it cannot show queues "
            "growing with the load; a change of staffing or volume in the hold-out is invisible to it"
        )
    return Holdout(
        calibration=calibration,
        cutoff=cutoff,
        observed=observed,
        simulated=simulated,
        metrics=metrics,
        activities=activities,
        findings=tuple(findings),
    )


def _why(metrics: pd.DataFrame) -> list[str]:
    """Drift or model error: compare the fit period, the simulation and the hold-out."""
    out: list[str] = []
    for r in metrics.itertuples():
        if r.inside is not False or pd.isna(r.fit_period):
            continue
        fit_inside = bool(r.simulated_low <= r.fit_period <= r.simulated_high)
        if fit_inside or abs(r.fit_period - r.simulated) <= 0.1 * abs(r.simulated):
            out.append(
                f"{r.metric}: the model reproduces the fit period ({r.fit_period:.3g}) but the "
                f"hold-out differs ({r.observed:.3g}): the process changed after the fit period"
            )
        else:
            out.append(
                f"{r.metric}: the model misses the fit period too ({r.fit_period:.3g} observed, "
                f"{r.simulated:.3g} simulated): a modelling error, not only a change over time"
            )
    return out


def _compare(
    observed: pd.DataFrame,
    simulated: pd.DataFrame,
    test: pd.DataFrame,
    horizon: int,
    arrived: np.ndarray,
    seed: int,
) -> tuple[pd.DataFrame, list[str]]:
    from scipy import stats  # imported when used: it changes warning filters

    rows: list[dict[str, object]] = []
    findings: list[str] = []
    x_obs = observed["throughput_working_days"].to_numpy()
    x_sim = simulated["throughput_working_days"].to_numpy()
    for statistic in ("mean", "median", "p90"):
        o, olo, ohi = _bootstrap(x_obs, statistic, seed)
        s, slo, shi = _per_replication(simulated, statistic)
        inside = bool(slo <= o <= shi) if not math.isnan(slo) else None
        rows.append(
            {
                "metric": f"throughput {statistic} (working days)",
                "observed": o,
                "observed_low": olo,
                "observed_high": ohi,
                "simulated": s,
                "simulated_low": slo,
                "simulated_high": shi,
                "inside": inside,
            }
        )
        overlap = not (shi < olo or slo > ohi) if not math.isnan(slo) else True
        if not overlap:
            direction = "longer" if s > o else "shorter"
            findings.append(
                f"throughput {statistic}: simulated {s:.3g} working days is {direction} than "
                f"observed {o:.3g} (intervals do not overlap, off by {abs(s - o) / max(o, 1e-9):.0%})"
            )
    if len(x_obs) and len(x_sim):
        w = float(stats.wasserstein_distance(x_obs, x_sim))
        ks = stats.ks_2samp(x_obs, x_sim)
        for name, value, note in (
            ("Wasserstein distance (working days)", w, ""),
            ("KS statistic", float(ks.statistic), f"p = {float(ks.pvalue):.3g}"),
        ):
            rows.append(
                {
                    "metric": name + (f" ({note})" if note else ""),
                    "observed": value,
                    "observed_low": math.nan,
                    "observed_high": math.nan,
                    "simulated": math.nan,
                    "simulated_low": math.nan,
                    "simulated_high": math.nan,
                    "inside": None,
                }
            )
        if float(ks.pvalue) < 0.01:
            findings.append(
                f"the throughput-time distributions differ (KS {float(ks.statistic):.3f}, "
                f"p = {float(ks.pvalue):.2g}; Wasserstein {w:.3g} working days)"
            )
    n_obs = len(test)
    per_day = n_obs / horizon
    lo = float(stats.chi2.ppf(0.025, 2 * n_obs) / 2 / horizon)
    hi = float(stats.chi2.ppf(0.975, 2 * n_obs + 2) / 2 / horizon)
    from simulate.stats import mean_ci

    s_rate, s_lo, s_hi = mean_ci(arrived / horizon)
    rows.append(
        {
            "metric": "submissions per working day",
            "observed": per_day,
            "observed_low": lo,
            "observed_high": hi,
            "simulated": s_rate,
            "simulated_low": s_lo,
            "simulated_high": s_hi,
            "inside": bool(s_lo <= per_day <= s_hi) if not math.isnan(s_lo) else None,
        }
    )
    if hi < s_lo or lo > s_hi:
        findings.append(
            f"volume: {per_day:.3g} cases per working day in the hold-out against "
            f"{s_rate:.3g} simulated: the arrival rate changed after the fit period"
        )
    k = int(observed["rework"].sum())
    from simulate.calibration.fitting import share_interval

    r_lo, r_hi = share_interval(k, n_obs)
    per_rep = simulated.groupby("replication")["rework"].mean().to_numpy()
    sr, sr_lo, sr_hi = mean_ci(per_rep)
    rows.append(
        {
            "metric": "rework rate (share of cases)",
            "observed": k / n_obs if n_obs else math.nan,
            "observed_low": r_lo,
            "observed_high": r_hi,
            "simulated": sr,
            "simulated_low": sr_lo,
            "simulated_high": sr_hi,
            "inside": bool(sr_lo <= k / n_obs <= sr_hi)
            if n_obs and not math.isnan(sr_lo)
            else None,
        }
    )
    if n_obs and (r_hi < sr_lo or r_lo > sr_hi):
        findings.append(
            f"rework: {k / n_obs:.1%} of hold-out cases repeat a step against {sr:.1%} simulated"
        )
    if not findings:
        findings.append("no number of the comparison misses beyond its intervals")
    return pd.DataFrame(rows), findings


__all__ = ["Holdout", "ecdf_frame", "validate_holdout"]
