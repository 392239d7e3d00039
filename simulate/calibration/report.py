"""A calibration and what it tells the planner: the notes, the text report and the saved file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from simulate.calibration.discover import Discovery
from simulate.calibration.fitting import ArrivalFit
from simulate.calibration.logs import EventLog
from simulate.io.dump import scenario_to_data
from simulate.scenario.flow import flow_text
from simulate.scenario.model import Arrivals, Scenario
from simulate.textfmt import align

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Calibration:
    """A fitted scenario and everything behind it.

    Attributes
    ----------
    scenario
        The fitted scenario (runs with :func:`simulate.run`; save it with :meth:`save`).
    log
        The checked log it was fitted to.
    discovery
        The discovered flow, rework and the per-case table (submission, finish, rework).
    fits
        One row per fitted number: what, value, its 95 % interval, n, unit, method, statistic.
    arrivals
        The arrival fit with its weekday and month profiles.
    staff
        Staff per desk estimated from the resources active on a working day.
    notes
        What the planner must know about the fit (exclusions, folded activities, limits).
    """

    scenario: Scenario
    log: EventLog
    discovery: Discovery
    fits: pd.DataFrame
    arrivals: ArrivalFit
    staff: pd.DataFrame
    notes: tuple[str, ...] = field(default=())

    def report(self) -> str:
        """The fit as plain text: what the log is, what was found, every fitted number."""
        return calibration_text(self)

    def save(self, path: str | Path) -> Path:
        """Write the fitted scenario as YAML (and, for replayed arrivals, their CSV beside it)."""
        return save_scenario_file(self, Path(path))


def fit_notes(calibration: Calibration) -> tuple[str, ...]:
    """Plain sentences on what the fit rests on and what it leaves out."""
    log = calibration.log
    found = calibration.discovery
    n = found.n_cases
    notes: list[str] = []
    for reason, rows in log.exclusions:
        kind = "merged" if reason.startswith("events merged") else "left out"
        notes.append(f"{kind}: {reason} ({rows} rows)")
    if not log.has_start:
        notes.append(
            "the log records completion times only: work and waiting cannot be told apart, so "
            "every step is modelled as a delay (no desks, no queueing) whose time is the gap "
            "since the previous block; staffing experiments on this model change nothing"
        )
    else:
        notes.append(
            "start and end times: a step's time is its work (start to end); the wait before "
            "it is left to the desks' queues, so waits for other reasons are not in the model"
        )
    if log.date_only:
        notes.append(
            "timestamps are dates without times: times are whole working days and are "
            "resampled as observed"
        )
    one = int((found.cases["events"] == 1).sum())
    if one:
        notes.append(
            f"{one} cases ({one / n:.0%}) have a single event"
            + (
                ""
                if found.cases["arrival"].notna().all() and not log.has_start
                else ": their throughput time is that one event's time"
            )
        )
    if found.folded:
        notes.append(
            f"{len(found.folded)} activities in fewer than the threshold share of cases are "
            f"folded into the next event; they touch {found.folded_cases} cases "
            f"({found.folded_cases / n:.1%})"
        )
    notes.append(
        f"{found.n_variants} variants; {found.rare_variant_cases} cases "
        f"({found.rare_variant_cases / n:.1%}) follow a variant below the threshold share and "
        "are reproduced only through the independent choices of the fitted flow"
    )
    if found.rework:
        keep = 1.0
        for activity, r in found.rework.items():
            keep *= 1 - found.cases_with[activity] / n * r.repeats / r.passes
        observed = float(found.cases["rework"].mean())
        notes.append(
            f"rework of each step is drawn independently: {1 - keep:.1%} of cases would repeat a "
            f"step if repeats were independent, {observed:.1%} of the log's cases do"
            + (" (repeats cluster in the same cases)" if observed < 0.8 * (1 - keep) else "")
        )
    if found.out_of_order:
        notes.append(
            f"{found.out_of_order} first passes end before the block they follow in the "
            "discovered order; their time is counted as 0"
        )
    arrivals = calibration.arrivals
    if arrivals.off_days:
        notes.append(
            f"{arrivals.off_days} submissions ({arrivals.off_days / arrivals.cases:.0%}) fall "
            "on days off; they count towards the rate per working day"
        )
    weekday = arrivals.weekday
    if len(weekday) > 1:
        hi, lo = weekday.idxmax(), weekday.idxmin()
        notes.append(
            f"weekday profile: 周{WEEKDAYS[int(hi)]} {weekday.max():.2f}x, "
            f"周{WEEKDAYS[int(lo)]} {weekday.min():.2f}x the mean rate; the scenario uses "
            "one Poisson rate (the profile is reported, not simulated)"
        )
    return tuple(notes)


def fits_text(fits: pd.DataFrame) -> list[str]:
    """The fit table as aligned text lines."""
    rows = [["fitted", "value", "95% interval", "n", "unit", "method", "statistic"]]
    for r in fits.itertuples():
        rows.append(
            [
                str(r.what),
                f"{r.value:.4g}",
                f"[{r.low:.4g}, {r.high:.4g}]",
                str(r.n),
                str(r.unit),
                str(r.method),
                str(r.statistic),
            ]
        )
    return [line.rstrip() for line in align(rows, right=[1, 3])]


def calibration_text(calibration: Calibration) -> str:
    """The calibration as text."""
    log = calibration.log
    s = calibration.scenario
    lines = [
        f"Calibration of {log.name}: {calibration.discovery.n_cases} cases, "
        f"{len(log.frame)} events; columns {log.columns_text()}",
        f"calendar: {s.calendar.days}, office hours {s.calendar.office_hours}",
        f"flow: {flow_text(s.flow)}",
        "",
        *fits_text(calibration.fits),
        "",
        "notes:",
        *(f"- {note}" for note in calibration.notes),
    ]
    return "\n".join(lines)


def save_scenario_file(calibration: Calibration, path: Path) -> Path:
    """Write the scenario (replayed arrivals go to ``<stem>_arrivals.csv`` beside it)."""
    s = calibration.scenario
    arrivals = s.arrivals
    if arrivals.kind == "listed":
        csv = path.with_name(f"{path.stem}_arrivals.csv")
        placeholder = s.with_changes(arrivals=Arrivals(kind="poisson", per_working_day=1.0))
        data: dict[str, Any] = scenario_to_data(placeholder)
        pd.DataFrame({"submitted": list(arrivals.times)}).to_csv(csv, index=False)
        data["arrivals"] = {"csv": csv.name, "fitted": arrivals.fitted}
    else:
        data = scenario_to_data(s)
    head = (
        f"# Fitted to the event log {calibration.log.name} by `simulate calibrate`.\n"
        "# Every number carries `fitted:` provenance; the notes below say what the fit rests on.\n"
        + "".join(f"# - {note}\n" for note in calibration.notes)
    )
    text = head + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


__all__ = ["Calibration", "calibration_text", "fit_notes", "fits_text", "save_scenario_file"]
