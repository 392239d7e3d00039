"""``calibrate``: from an event log to a scenario whose every number is fitted.

The steps: read and check the log (:mod:`.logs`), put its times on the working-time clock
of the place (:mod:`.clock`), discover the flow (:mod:`.discover`), fit durations, shares,
arrivals and staff (:mod:`.fitting`), and build a :class:`~simulate.Scenario` in which each
fitted number carries ``fitted:`` provenance (log, columns, n, method, statistic).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from simulate.calendar import OfficeHours, WorkCalendar
from simulate.calibration.assemble import fit_row, fitted_flow, slug, unique_ids
from simulate.calibration.clock import calendar_spec, log_calendar, working_hours
from simulate.calibration.discover import discover
from simulate.calibration.fitting import (
    Fit,
    fit_arrivals,
    fit_duration,
    fit_staff,
    most_at_once,
    share_interval,
    significant,
)
from simulate.calibration.logs import EventLog, read_log
from simulate.calibration.report import Calibration, fit_notes
from simulate.errors import Problem, ScenarioError
from simulate.scenario.model import Arrivals, CalendarSpec, Desk, Rework, Scenario, Step


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to read and fit a log (see :func:`calibrate` for each)."""

    columns: Mapping[str, str] | None = None
    time_zone: str | None = None
    stages: Mapping[str, str] | str | Path | None = None
    calendar: str = "official"
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()
    office_hours: OfficeHours | None = None
    min_share: float = 0.01
    parallel_share: float = 0.1
    arrivals: str = "poisson"
    replications: int = 10
    seed: int = 1
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A checked log on its working-time clock."""

    log: EventLog
    frame: pd.DataFrame
    calendar: WorkCalendar
    spec: CalendarSpec


def prepare(source: str | Path | pd.DataFrame | EventLog, options: Options) -> Prepared:
    """Read (unless already read) and put the log's times on its working-time clock."""
    log = (
        source
        if isinstance(source, EventLog)
        else read_log(
            source, columns=options.columns, time_zone=options.time_zone, stages=options.stages
        )
    )
    spec = calendar_spec(options.calendar, options.holidays, options.workdays, options.office_hours)
    frame = log.frame
    times = pd.concat([frame["end"], frame["start"].dropna(), frame["submitted"].dropna()])
    first, last = times.min().date(), times.max().date()
    calendar = log_calendar(spec, first, last, log.name)
    frame = frame.assign(
        w_start=working_hours(calendar, frame["start"]),
        w_end=working_hours(calendar, frame["end"]),
        w_submitted=working_hours(calendar, frame["submitted"]),
    )
    return Prepared(log=log, frame=frame, calendar=calendar, spec=spec)


def _desk_of(frame: pd.DataFrame) -> pd.Series:
    """The desk of each event: its group, else its activity when a resource is named."""
    return frame["group"].where(
        frame["group"] != "", frame["activity"].where(frame["resource"] != "", "")
    )


def fit_prepared(prepared: Prepared, frame: pd.DataFrame, options: Options) -> Calibration:
    """Fit a scenario to the events in ``frame`` (a subset of ``prepared.frame``)."""
    log = prepared.log
    if frame.empty:
        raise ScenarioError([Problem("no events to fit", file=log.name)], file=log.name)
    cal = prepared.calendar
    hpd = cal.hours_per_day
    found = discover(
        frame,
        has_start=log.has_start,
        min_share=options.min_share,
        parallel_share=options.parallel_share,
    )
    cols = ", ".join(
        header
        for role, header in log.columns
        if role in ("case", "activity", "start", "end", "submitted")
    )

    def prov(n: int, method: str, statistic: str, columns: str = cols) -> str:
        return f"{log.name} [{columns}] n={n} {method}, {statistic}"

    fits: list[Fit] = []
    step_ids = unique_ids(found.activities, "step")
    desk_of = _desk_of(frame)
    staffed: dict[str, str] = {}
    desks: list[Desk] = []
    staff_table = pd.DataFrame(columns=["desk", "staff", "days", "median", "resources"])
    if log.has_start:
        main_desk = (
            frame.assign(desk=desk_of)
            .groupby("activity")["desk"]
            .agg(lambda s: s.mode().iloc[0] if (s != "").mean() >= 0.5 else "")
        )
        staffed = {a: main_desk.get(a, "") for a in found.activities if main_desk.get(a, "")}
        staff_table = fit_staff(frame.assign(group=desk_of), cal)
        desk_ids = unique_ids(sorted(set(staffed.values())), "desk")
        for row in staff_table.itertuples():
            if row.desk not in desk_ids:
                continue
            n_days = int(row.days)
            desks.append(
                Desk(
                    id=desk_ids[str(row.desk)],
                    label=str(row.desk),
                    staff=int(row.staff),
                    fitted=prov(
                        n_days,
                        "P90 of distinct resources active per working day",
                        f"median {row.median:g}, {row.resources} resources in all",
                        "group, resource, end",
                    ),
                )
            )
            fits.append(
                Fit(
                    f"staff {row.desk}",
                    float(row.staff),
                    float(row.median),
                    float(row.staff),
                    n_days,
                    "staff",
                    "P90 of daily distinct resources",
                    f"median {row.median:g}",
                )
            )
        for group in sorted(set(desk_ids) - set(staff_table["desk"])):
            mine = frame[desk_of == group]
            staff = most_at_once(mine["start"], mine["end"])
            desks.append(
                Desk(
                    id=desk_ids[group],
                    label=group,
                    staff=staff,
                    fitted=prov(
                        len(mine),
                        "most work intervals open at once (no resource column)",
                        "a lower bound on the staff",
                        "group, start, end",
                    ),
                )
            )
            fits.append(
                Fit(
                    f"staff {group}",
                    float(staff),
                    float(staff),
                    math.nan,
                    len(mine),
                    "staff",
                    "most intervals open at once",
                    "lower bound",
                )
            )
        staffed = {a: desk_ids[d] for a, d in staffed.items()}
    steps: list[Step] = []
    for activity in found.activities:
        values = found.durations[activity]
        duration, fit = fit_duration(
            values, hours_per_day=hpd, date_only=log.date_only, what=f"time {activity}"
        )
        fits.append(fit)
        method = "work (start to end)" if log.has_start else "gap since the previous block"
        duration = replace(duration, fitted=prov(fit.n, f"{fit.method} of {method}", fit.statistic))
        steps.append(
            Step(
                id=step_ids[activity],
                label=activity,
                duration=duration,
                desk=staffed.get(activity),
                procedure=True,
            )
        )
    flow = fitted_flow(found, step_ids, prov, fits)
    rework: list[tuple[str, Rework]] = []
    for activity, stats_ in found.rework.items():
        p = stats_.repeats / stats_.passes
        lo, hi = share_interval(stats_.repeats, stats_.passes)
        fits.append(
            Fit(
                f"rework {activity}",
                p,
                lo,
                hi,
                stats_.passes,
                "share",
                "repeats / passes",
                "Clopper-Pearson",
            )
        )
        makeup, mfit = fit_duration(
            stats_.makeup_hours,
            hours_per_day=hpd,
            date_only=log.date_only,
            what=f"make-up {activity}",
        )
        fits.append(mfit)
        makeup = replace(
            makeup,
            fitted=prov(mfit.n, f"{mfit.method} of the time before each repeat", mfit.statistic),
        )
        rework.append(
            (
                step_ids[activity],
                Rework(
                    p_incomplete=significant(p),
                    makeup=makeup,
                    max_rounds=max(stats_.most, 1),
                    fitted=prov(
                        stats_.passes,
                        "repeats / passes",
                        f"{stats_.repeats} repeats, 95% [{lo:.3f}, {hi:.3f}]",
                        "case, activity",
                    ),
                ),
            )
        )
    cases = found.cases
    arrival_fit = fit_arrivals(cases["arrival"], cal)
    fits.append(
        Fit(
            "arrivals per working day",
            arrival_fit.rate,
            arrival_fit.low,
            arrival_fit.high,
            arrival_fit.cases,
            "cases/working day",
            "Poisson",
            f"{arrival_fit.working_days} working days",
        )
    )
    arrival_prov = prov(
        arrival_fit.cases,
        "cases per working day",
        f"{arrival_fit.working_days} working days {arrival_fit.first}..{arrival_fit.last}, "
        f"95% [{arrival_fit.low:.3g}, {arrival_fit.high:.3g}]",
        "case, " + ("submitted" if cases["arrival"].notna().any() else "end"),
    )
    if options.arrivals == "replay":
        arrivals = Arrivals(
            kind="listed",
            times=tuple(pd.Timestamp(t).to_pydatetime() for t in cases["arrival"].sort_values()),
            fitted=arrival_prov.replace("cases per working day", "observed arrivals replayed"),
        )
    elif options.arrivals == "poisson":
        arrivals = Arrivals(
            kind="poisson", per_working_day=significant(arrival_fit.rate), fitted=arrival_prov
        )
    else:
        raise ScenarioError(
            [
                Problem(
                    f"arrivals {options.arrivals!r} is unknown",
                    field="arrivals",
                    fix="use poisson or replay",
                )
            ]
        )
    stem = "calibrated" if log.name == "<frame>" else Path(log.name).name.split(".")[0]
    name = options.name or slug(stem, "log", 0) or "calibrated"
    if not name[0].isalpha():
        name = "log_" + name
    used_desks = set(staffed.values())
    scenario = Scenario(
        name=name,
        label=f"从办件记录拟合：{log.name}",
        process="calibrated",
        description=(
            f"Fitted by simulate calibrate to {log.name}: {found.n_cases} cases submitted "
            f"{arrival_fit.first}..{arrival_fit.last}. "
            + (
                "Start and end times: staffed steps queue for their desks."
                if log.has_start
                else "Completion times only: work and waiting cannot be told apart, every step is a delay."
            )
        ),
        start=arrival_fit.first,
        horizon_working_days=float(arrival_fit.working_days),
        warmup_working_days=0.0,
        replications=options.replications,
        seed=options.seed,
        calendar=prepared.spec,
        arrivals=arrivals,
        desks=tuple(d for d in desks if d.id in used_desks),
        steps=tuple(steps),
        flow=flow,
        rework=tuple(rework),
    )
    table = pd.DataFrame([fit_row(f) for f in fits])
    calibration = Calibration(
        scenario=scenario,
        log=log,
        discovery=found,
        fits=table,
        arrivals=arrival_fit,
        staff=staff_table,
    )
    return Calibration(
        scenario=scenario,
        log=log,
        discovery=found,
        fits=table,
        arrivals=arrival_fit,
        staff=staff_table,
        notes=fit_notes(calibration),
    )


def calibrate(
    log: str | Path | pd.DataFrame | EventLog,
    *,
    columns: Mapping[str, str] | None = None,
    time_zone: str | None = None,
    stages: Mapping[str, str] | str | Path | None = None,
    calendar: str = "official",
    holidays: Iterable[dt.date] = (),
    workdays: Iterable[dt.date] = (),
    office_hours: OfficeHours | None = None,
    min_share: float = 0.01,
    parallel_share: float = 0.1,
    arrivals: str = "poisson",
    replications: int = 10,
    seed: int = 1,
    name: str | None = None,
) -> Calibration:
    """Fit a scenario to an event log (办件记录).

    Parameters
    ----------
    log
        A CSV, Excel or Parquet file, a DataFrame, or an :class:`EventLog`.
    columns
        Role -> header for headers that are not recognised (case, activity, start, end,
        resource, group, submitted).
    time_zone
        Convert times with an offset to this zone; default: each time's own wall clock.
    stages
        Group raw activities into stages: ``{stage: regex}`` or a CSV (activity,stage).
    calendar, holidays, workdays, office_hours
        The place's calendar: ``official`` (Chinese, default), ``weekdays`` or
        ``every_day``, with extra days off and on, and office hours.
    min_share
        Fold activities in fewer than this share of cases (and count rare variants).
    parallel_share
        Each order of two activities in at least this share of their cases: parallel.
    arrivals
        ``poisson`` (rate per working day) or ``replay`` (the observed submissions).
    replications, seed, name
        Run settings and name of the fitted scenario.

    Returns
    -------
    Calibration
        The scenario, the fit table and the notes; ``.report()`` prints them.
    """
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
        arrivals=arrivals,
        replications=replications,
        seed=seed,
        name=name,
    )
    prepared = prepare(log, options)
    return fit_prepared(prepared, prepared.frame, options)


__all__ = ["Calibration", "Options", "Prepared", "calibrate", "fit_prepared", "prepare"]
