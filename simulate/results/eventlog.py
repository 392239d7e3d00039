"""A simulated run as an event log, in the columns ``simulate calibrate`` reads.

One row per pass of a step's work (make-up and travel are the applicant's time and are not
events of the office): ``case_id``, ``activity`` (step id), ``label``, ``start``, ``end``,
``resource``, ``group`` (desk id, ``""`` for a pure delay), ``submitted`` and
``replication``. The engine does not name the staff member who served a pass, so each pass
is given the lowest-numbered member of its desk free at its start (``desk#1``, ``desk#2``
...), which never uses more members than the desk has: process-mining tools and the
calibration then see a plausible roster.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The columns of an event log, with their meaning (docs and tests use them).
EVENT_LOG_COLUMNS: dict[str, str] = {
    "case_id": "case: replication and case number, e.g. r0-c12",
    "activity": "step id",
    "label": "step label",
    "start": "date and time the work started (a staff member took the case)",
    "end": "date and time the work ended",
    "resource": "staff member (desk#k: the k-th member of the desk), '' for a pure delay",
    "group": "desk id, '' for a pure delay",
    "submitted": "date and time the case was submitted",
    "replication": "replication number",
}


def _roster(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Member number (1-based) of each pass: the lowest one free at its start."""
    order = np.argsort(start, kind="stable")
    free_at: list[float] = []
    member = np.zeros(len(start), dtype=np.int64)
    for i in order:
        s = start[i]
        for k, t in enumerate(free_at):
            if t <= s + 1e-9:
                free_at[k] = end[i]
                member[i] = k + 1
                break
        else:
            free_at.append(end[i])
            member[i] = len(free_at)
    return member


def event_log(
    steps: pd.DataFrame, cases: pd.DataFrame, origin: pd.Timestamp, replication: int | None = None
) -> pd.DataFrame:
    """The work passes of a run's ``steps`` table as an event log.

    Parameters
    ----------
    steps, cases
        The run's tables (:attr:`Results.steps`, :attr:`Results.cases`).
    origin
        00:00 of the run's start date (clock hours count from it).
    replication
        Only this replication (default: all).
    """
    work = steps[steps["phase"] == "work"]
    if replication is not None:
        work = work[work["replication"] == replication]
        cases = cases[cases["replication"] == replication]
    work = work.sort_values(["replication", "case", "start_h", "end_h"], kind="stable")
    rep = work["replication"].to_numpy()
    desk = work["desk"].astype(str).to_numpy()
    start_h = work["start_h"].to_numpy()
    end_h = work["end_h"].to_numpy()
    resource = np.full(len(work), "", dtype=object)
    for key in {(int(r), str(d)) for r, d in zip(rep, desk, strict=True) if d}:
        mask = (rep == key[0]) & (desk == key[1])
        members = _roster(start_h[mask], end_h[mask])
        resource[mask] = [f"{key[1]}#{m}" for m in members]
    submitted = cases.set_index(["replication", "case"])["arrival"]
    index = pd.MultiIndex.from_arrays([work["replication"], work["case"]])
    return pd.DataFrame(
        {
            "case_id": [f"r{r}-c{c}" for r, c in zip(rep, work["case"].to_numpy(), strict=True)],
            "activity": work["step"].astype(str).to_numpy(),
            "label": work["label"].astype(str).to_numpy(),
            "start": origin + pd.to_timedelta(start_h, unit="h"),
            "end": origin + pd.to_timedelta(end_h, unit="h"),
            "resource": resource.astype(str),
            "group": desk,
            "submitted": submitted.reindex(index).to_numpy(),
            "replication": rep,
        }
    ).reset_index(drop=True)


__all__ = ["EVENT_LOG_COLUMNS", "event_log"]
