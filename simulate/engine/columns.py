"""The documented schema of the result tables: each column's meaning and dtype.

:mod:`simulate.results.results` re-exports these tables; ``docs/reference/results.md`` is generated
from the meanings, and the tests check every run's tables against the dtypes.
"""

from __future__ import annotations

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
    "clock_stop_working_days": "working days the clock stood still: clock-stop steps (行政许可法 art. 45) and 补正 make-ups of a rework with clock_stop",
    "counted_working_days": "working days counted as the law counts the limit: from the close of the acceptance day (行政许可法 art. 82, 民法典 art. 201), clock-stop days after it left out; office time from submission for a limit in hours; what the limit is checked against",
    "on_time": "counted_working_days within the scenario's time limit: finished by the close of the N-th working day after acceptance, plus time stopped (NA without a limit)",
    "visits": "in-person visits (跑动次数)",
    "rework_rounds": "rounds of 补正 (documents found incomplete)",
    "in_warmup": "submitted during the warm-up: left out of the summary",
}

#: Columns of :attr:`Results.steps`, with their meaning.
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
    "start_h": "clock hours when a staff member took the case (work itself advances only in office hours)",
    "end_h": "clock hours when the step ended",
    "wait_working_days": "queueing for a free staff member, working days",
    "work_working_days": "start to end, working days",
    "elapsed_working_days": "enter to end, working days",
    "clock_stop": "the row stops the clock: work of a clock-stop step, or a make-up of a rework with clock_stop",
    "visit": "the step needs an in-person visit",
    "over_limit": "the step ran past its own limit, counted from the day the case reached it as the law counts limits (NA without one)",
}

#: Columns of :attr:`Results.desks`, with their meaning.
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

#: dtype of each column of :attr:`Results.cases` (``str(frame[column].dtype)``).
CASE_DTYPES: dict[str, str] = {
    "scenario": "category",
    "replication": "int32",
    "case": "int64",
    "arrival": "datetime64[ns]",
    "finish": "datetime64[ns]",
    "arrival_h": "float64",
    "finish_h": "float64",
    "elapsed_working_days": "float64",
    "elapsed_natural_days": "float64",
    "clock_stop_working_days": "float64",
    "counted_working_days": "float64",
    "on_time": "boolean",
    "visits": "int16",
    "rework_rounds": "int16",
    "in_warmup": "bool",
}

#: dtype of each column of :attr:`Results.steps`.
STEP_DTYPES: dict[str, str] = {
    "scenario": "category",
    "replication": "int32",
    "case": "int64",
    "step": "category",
    "label": "category",
    "desk": "category",
    "actor": "category",
    "phase": "category",
    "round": "int16",
    "detached": "bool",
    "enter_h": "float64",
    "start_h": "float64",
    "end_h": "float64",
    "wait_working_days": "float64",
    "work_working_days": "float64",
    "elapsed_working_days": "float64",
    "clock_stop": "bool",
    "visit": "bool",
    "over_limit": "boolean",
}

#: dtype of each column of :attr:`Results.desks`; ``text`` is pandas' string dtype
#: (``object`` before pandas 3).
DESK_DTYPES: dict[str, str] = {
    "scenario": "category",
    "replication": "int64",
    "desk": "text",
    "label": "text",
    "staff": "int64",
    "office_hours": "text",
    "served": "int64",
    "utilisation": "float64",
    "mean_queue_length": "float64",
    "max_queue_length": "int64",
    "mean_wait_working_days": "float64",
}
