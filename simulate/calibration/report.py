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
from simulate.strings import LANGUAGES
from simulate.strings import text as catalogue_text
from simulate.textfmt import align

#: Columns of the fit table as printed (catalogue keys ``calibrate.fits.<column>``).
FITS_HEADER = ("fitted", "value", "interval", "n", "unit", "method", "statistic")


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
    merged = {catalogue_text("calibrate.exclusion.merged", language=code) for code in LANGUAGES}
    for reason, rows in log.exclusions:
        kind = "calibrate.note.merged" if reason in merged else "calibrate.note.left_out"
        notes.append(catalogue_text(kind, reason=reason, rows=rows))
    if not log.has_start:
        notes.append(catalogue_text("calibrate.note.completion_only"))
    else:
        notes.append(catalogue_text("calibrate.note.start_end"))
    if log.date_only:
        notes.append(catalogue_text("calibrate.note.date_only"))
    one = int((found.cases["events"] == 1).sum())
    if one:
        single = found.cases["arrival"].notna().all() and not log.has_start
        notes.append(
            catalogue_text(
                "calibrate.note.single_event" if single else "calibrate.note.single_event_time",
                cases=one,
                share=one / n,
            )
        )
    if found.folded:
        notes.append(
            catalogue_text(
                "calibrate.note.folded",
                activities=len(found.folded),
                cases=found.folded_cases,
                share=found.folded_cases / n,
            )
        )
    notes.append(
        catalogue_text(
            "calibrate.note.variants",
            variants=found.n_variants,
            cases=found.rare_variant_cases,
            share=found.rare_variant_cases / n,
        )
    )
    if found.rework:
        keep = 1.0
        for activity, r in found.rework.items():
            keep *= 1 - found.cases_with[activity] / n * r.repeats / r.passes
        observed = float(found.cases["rework"].mean())
        clustered = observed < 0.8 * (1 - keep)
        notes.append(
            catalogue_text(
                "calibrate.note.rework",
                independent=1 - keep,
                observed=observed,
                cluster=catalogue_text("calibrate.note.cluster") if clustered else "",
            )
        )
    if found.out_of_order:
        notes.append(catalogue_text("calibrate.note.out_of_order", passes=found.out_of_order))
    arrivals = calibration.arrivals
    if arrivals.off_days:
        notes.append(
            catalogue_text(
                "calibrate.note.off_days",
                submissions=arrivals.off_days,
                share=arrivals.off_days / arrivals.cases,
            )
        )
    weekday = arrivals.weekday
    if len(weekday) > 1:
        hi, lo = weekday.idxmax(), weekday.idxmin()
        days = catalogue_text("calibrate.weekdays").split(",")
        notes.append(
            catalogue_text(
                "calibrate.note.weekday",
                high_day=days[int(hi)],
                high=weekday.max(),
                low_day=days[int(lo)],
                low=weekday.min(),
            )
        )
    return tuple(notes)


def fits_text(fits: pd.DataFrame) -> list[str]:
    """The fit table as aligned text lines."""
    rows = [[catalogue_text(f"calibrate.fits.{c}") for c in FITS_HEADER]]
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
        catalogue_text(
            "calibrate.title",
            log=log.name,
            cases=calibration.discovery.n_cases,
            events=len(log.frame),
            columns=log.columns_text(),
        ),
        catalogue_text("calibrate.calendar", days=s.calendar.days, hours=s.calendar.office_hours),
        catalogue_text("calibrate.flow", flow=flow_text(s.flow)),
        "",
        *fits_text(calibration.fits),
        "",
        catalogue_text("calibrate.notes"),
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
