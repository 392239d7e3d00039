"""The result tables built from the engine's raw columns, holding no column twice.

:func:`build_tables` turns the :class:`~simulate.engine.replication.ReplicationOutput` of every
replication into the ``cases``, ``steps`` and ``desks`` tables of :class:`simulate.Results`.
It works column by column so that a run never holds much more than the tables it returns:

* the raw step rows are sorted once per replication (one ``lexsort``, then each column is
  permuted and its unsorted original released);
* desk statistics are computed from the sorted raw arrays, one replication and one desk at
  a time, before any derived column exists;
* raw columns that are table columns as they are (clock times, case numbers, rounds) become
  the table's columns without a copy (one replication) or are copied into one array
  replication by replication, each piece released as soon as it is copied;
* derived columns are written into preallocated arrays in blocks of :data:`CHUNK` rows, so
  the calendar's temporaries stay small; categoricals are built from integer codes;
* the columns that need no temporaries at all are built last, when the memory in use is
  closest to the size of the finished tables.

The outputs are consumed: their ``case_cols`` and ``step_cols`` are emptied as the tables are
built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from simulate.calendar import Timeline, WorkCalendar, timeline_of
from simulate.calendar.deadlines import LIMIT_TOLERANCE
from simulate.engine.attributes import case_limits
from simulate.engine.columns import CASE_COLUMNS, DESK_COLUMNS, STEP_COLUMNS
from simulate.engine.counting import case_counts, step_counts
from simulate.engine.recording import AUTO, MAKEUP, PHASES, TRAVEL, WORK
from simulate.engine.replication import ReplicationOutput, build_calendar
from simulate.scenario.model import Scenario

#: Rows per block of vectorised calendar arithmetic (bounds the temporaries of a build).
CHUNK = 1 << 14

_CASE_RAW = ("case", "arrival_h", "finish_h", "visits", "rework_rounds", "clock_stop_hours")
_STEP_RAW = (
    "case",
    "step_code",
    "round",
    "phase_code",
    "detached",
    "enter_h",
    "start_h",
    "end_h",
)
_N_PHASES = len(PHASES)


def build_tables(
    scenario: Scenario, outputs: Iterable[ReplicationOutput]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``cases``, ``steps`` and ``desks`` tables of a run, in replication order.

    Parameters
    ----------
    scenario
        The scenario that was run.
    outputs
        One output per replication, in any order. Their raw columns are consumed: the
        ``case_cols`` and ``step_cols`` dictionaries are empty afterwards.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(cases, steps, desks)`` with the columns of :data:`CASE_COLUMNS`,
        :data:`STEP_COLUMNS` and :data:`DESK_COLUMNS` and the dtypes of :data:`CASE_DTYPES`,
        :data:`STEP_DTYPES` and :data:`DESK_DTYPES`.
    """
    outs = sorted(outputs, key=lambda output: output.replication)
    if not outs:
        raise ValueError("build_tables needs the output of at least one replication")
    calendar = build_calendar(scenario)
    for o in outs:
        _sort_cases(o.case_cols)
        _sort_steps(o.step_cols)
    desks = _desk_table(scenario, calendar, outs)
    case_spans = _spans([len(o.case_cols["case"]) for o in outs])
    step_spans = _spans([len(o.step_cols["case"]) for o in outs])
    case_raw = {k: _gather([o.case_cols for o in outs], k) for k in _CASE_RAW}
    step_raw = {k: _gather([o.step_cols for o in outs], k) for k in _STEP_RAW}
    steps = _step_columns(scenario, calendar, step_raw)
    cases = _case_columns(scenario, calendar, case_raw)
    # the columns below need no temporaries: built last, when memory is nearest its final size
    hpd = calendar.hours_per_day
    arrival, finish = cases["arrival_h"], cases["finish_h"]
    cases["elapsed_natural_days"] = _natural_days(arrival, finish)
    stopped = case_raw.pop("clock_stop_hours")
    np.divide(stopped, hpd, out=stopped)
    # counted as the law counts the scenario's limit (calendar.deadlines): days after the
    # acceptance day for a limit in days, office time from submission for one in hours
    own = case_limits(scenario, [o.case_cols for o in outs], len(arrival))  # limits per class
    both = (case_spans, step_spans)
    counted = case_counts(scenario, calendar, cases, steps, both, stopped, CHUNK, own)
    cases["clock_stop_working_days"] = stopped
    cases["counted_working_days"] = counted
    cases["on_time"] = _on_time(counted, scenario.time_limit_working_days if own is None else own)
    warmup = np.empty(len(arrival), dtype=np.bool_)
    for o, (a, b) in zip(outs, case_spans, strict=True):
        np.less(arrival[a:b], o.warmup_clock, out=warmup[a:b])
    cases["in_warmup"] = warmup
    for table, spans in ((cases, case_spans), (steps, step_spans)):
        table["replication"] = _replications(outs, spans)
        table["scenario"] = _constant_category(spans[-1][1] if spans else 0, scenario.name)
    return (
        pd.DataFrame({k: cases[k] for k in CASE_COLUMNS}, copy=False),
        pd.DataFrame({k: steps[k] for k in STEP_COLUMNS}, copy=False),
        desks,
    )


# -- sorting and gathering ---------------------------------------------------------------------
def _sort_cases(columns: dict[str, np.ndarray]) -> None:
    """Put case columns in case order (the engine already gives them in that order)."""
    case = columns["case"]
    if len(case) < 2 or bool((case[1:] >= case[:-1]).all()):
        return
    order = np.argsort(case, kind="stable")
    for key in list(columns):
        columns[key] = columns[key][order]


def _sort_steps(columns: dict[str, np.ndarray]) -> None:
    """Put step rows in (case, enter, start) order, one column at a time."""
    if not columns or len(columns["case"]) < 2:
        return
    order = np.lexsort((columns["start_h"], columns["enter_h"], columns["case"]))  # stable
    for key in list(columns):
        columns[key] = columns[key][order]  # the unsorted column is released here


def _spans(sizes: list[int]) -> list[tuple[int, int]]:
    ends = np.cumsum(sizes, dtype=np.int64).tolist()
    return [(e - n, e) for n, e in zip(sizes, ends, strict=True)]


def _gather(parts: list[dict[str, np.ndarray]], key: str) -> np.ndarray:
    """One array of column ``key`` over every replication; each piece is released once copied."""
    if len(parts) == 1:
        return np.ascontiguousarray(parts[0].pop(key))
    total = sum(len(p[key]) for p in parts)
    out = np.empty(total, dtype=parts[0][key].dtype)
    i = 0
    for p in parts:
        piece = p.pop(key)
        out[i : i + len(piece)] = piece
        i += len(piece)
        del piece
    return out


def _blocks(size: int) -> Iterator[slice]:
    for i in range(0, size, CHUNK):
        yield slice(i, min(i + CHUNK, size))


# -- derived columns ---------------------------------------------------------------------------
def _step_columns(
    scenario: Scenario, calendar: WorkCalendar, raw: dict[str, np.ndarray]
) -> dict[str, np.ndarray | pd.Categorical | pd.api.extensions.ExtensionArray]:
    """Every step column but ``scenario`` and ``replication``; consumes the step codes."""
    enter, start, end = raw["enter_h"], raw["start_h"], raw["end_h"]
    n = len(enter)
    wait, work, elapsed = (np.empty(n) for _ in range(3))
    std, hpd = timeline_of(calendar), calendar.hours_per_day
    for sl in _blocks(n):
        a, b, c = (
            std.work_at_array(enter[sl]),
            std.work_at_array(start[sl]),
            std.work_at_array(end[sl]),
        )
        np.divide(np.subtract(b, a, out=wait[sl]), hpd, out=wait[sl])
        np.divide(np.subtract(c, b, out=work[sl]), hpd, out=work[sl])
        np.divide(np.subtract(c, a, out=elapsed[sl]), hpd, out=elapsed[sl])
        del a, b, c
    out: dict[str, np.ndarray | pd.Categorical | pd.api.extensions.ExtensionArray] = {
        "case": raw.pop("case"),
        "round": raw.pop("round"),
        "detached": raw.pop("detached"),
        "enter_h": raw.pop("enter_h"),
        "start_h": raw.pop("start_h"),
        "end_h": raw.pop("end_h"),
        "wait_working_days": wait,
        "work_working_days": work,
        "elapsed_working_days": elapsed,
    }
    out.update(
        _coded_step_columns(
            scenario, std, raw.pop("step_code"), raw.pop("phase_code"), elapsed, (enter, end)
        )
    )
    return out


def _coded_step_columns(
    scenario: Scenario,
    standard: Timeline,
    code: np.ndarray,
    phase: np.ndarray,
    elapsed: np.ndarray,
    clocks: tuple[np.ndarray, np.ndarray],
) -> dict[str, pd.Categorical | np.ndarray | pd.api.extensions.ExtensionArray]:
    """Columns that follow from the step and phase codes: categoricals, flags, over_limit.

    ``over_limit`` counts a step's own limit as the law counts it (calendar.deadlines): a
    limit in days from the close of the day the case reached the step, one in hours in
    office time from then; ``clocks`` are the rows' enter and end clock times.
    """
    enter, end = clocks
    k = len(scenario.steps)
    n = len(code)
    seen = np.zeros(k * _N_PHASES, dtype=np.int64)  # rows per (step, phase)
    for sl in _blocks(n):
        seen += np.bincount(_pair(code[sl], phase[sl]), minlength=k * _N_PHASES)
    present: np.ndarray = seen.reshape(k, _N_PHASES) > 0
    used = [bool(present[i].any()) for i in range(k)]
    ids = [st.id for st in scenario.steps]
    labels = [st.label for st in scenario.steps]
    desks = [st.desk or "" for st in scenario.steps]
    actors = [st.actor for st in scenario.steps]
    phases = sorted(PHASES[p] for p in range(_N_PHASES) if present[:, p].any())
    desk_cats = sorted({desks[i] for i in range(k) if used[i]})
    label_cats = (
        list(dict.fromkeys(labels))
        if len(set(labels)) == len(labels)
        else sorted({labels[i] for i in range(k) if used[i]})
    )
    # the step's own actor where it has work or 秒批 rows; the applicant for make-up and travel
    actor_set = {actors[i] for i in range(k) if present[i, WORK] or present[i, AUTO]}
    if present[:, [MAKEUP, TRAVEL]].any():
        actor_set.add("applicant")
    actor_cats = sorted(actor_set)
    stops = _clock_stop_table(scenario)
    # per (step, phase): the code of each categorical, and the flags
    actor_of = np.zeros((k, _N_PHASES), dtype=_code_dtype(len(actor_cats)))
    for i in range(k):
        for p in range(_N_PHASES):
            who = "applicant" if p in (MAKEUP, TRAVEL) else actors[i]
            actor_of[i, p] = actor_cats.index(who) if who in actor_set else 0
    visit_of = np.zeros((k, _N_PHASES), dtype=np.bool_)
    visit_of[:, WORK] = [st.visit for st in scenario.steps]
    desk_of = np.array(
        [desk_cats.index(d) if d in desk_cats else 0 for d in desks],
        dtype=_code_dtype(len(desk_cats)),
    )
    label_of = np.array(
        [label_cats.index(x) if x in label_cats else 0 for x in labels],
        dtype=_code_dtype(len(label_cats)),
    )
    phase_of = np.array(
        [phases.index(x) if x in phases else 0 for x in PHASES], dtype=_code_dtype(len(phases))
    )
    limits = np.array([st.limit_working_days or np.nan for st in scenario.steps], dtype=np.float64)
    cols = {
        "step": np.empty(n, dtype=_code_dtype(k)),
        "label": np.empty(n, dtype=label_of.dtype),
        "desk": np.empty(n, dtype=desk_of.dtype),
        "actor": np.empty(n, dtype=actor_of.dtype),
        "phase": np.empty(n, dtype=phase_of.dtype),
        "clock_stop": np.empty(n, dtype=np.bool_),
        "visit": np.empty(n, dtype=np.bool_),
    }
    over, over_na = np.empty(n, dtype=np.bool_), np.empty(n, dtype=np.bool_)
    actor_flat, stop_flat, visit_flat = actor_of.ravel(), stops.ravel(), visit_of.ravel()
    for sl in _blocks(n):
        c = code[sl].astype(np.intp)
        pair = _pair(code[sl], phase[sl])
        cols["step"][sl] = c
        cols["label"][sl] = label_of[c]
        cols["desk"][sl] = desk_of[c]
        cols["actor"][sl] = actor_flat[pair]
        cols["phase"][sl] = phase_of[phase[sl]]
        cols["clock_stop"][sl] = stop_flat[pair]
        cols["visit"][sl] = visit_flat[pair]
        lim = limits[c]
        no_limit = np.isnan(lim)
        counted = step_counts(standard, enter[sl], end[sl], elapsed[sl], lim)
        np.greater(counted, lim + LIMIT_TOLERANCE, out=over[sl])
        np.logical_or(no_limit, phase[sl] != WORK, out=over_na[sl])
        del c, pair, lim, no_limit, counted
    return {
        "step": pd.Categorical.from_codes(cols.pop("step"), categories=ids, validate=False),
        "label": pd.Categorical.from_codes(
            cols.pop("label"), categories=label_cats, validate=False
        ),
        "desk": pd.Categorical.from_codes(cols.pop("desk"), categories=desk_cats, validate=False),
        "actor": pd.Categorical.from_codes(
            cols.pop("actor"), categories=actor_cats, validate=False
        ),
        "phase": pd.Categorical.from_codes(cols.pop("phase"), categories=phases, validate=False),
        "clock_stop": cols.pop("clock_stop"),
        "visit": cols.pop("visit"),
        "over_limit": pd.arrays.BooleanArray(over, over_na, copy=False),
    }


def _clock_stop_table(scenario: Scenario) -> np.ndarray:
    """Per (step, phase): does such a row stop the clock?"""
    table = np.zeros((len(scenario.steps), _N_PHASES), dtype=np.bool_)
    rework = dict(scenario.rework)
    for i, st in enumerate(scenario.steps):
        table[i, WORK] = st.clock_stop
        rw = rework.get(st.id)
        table[i, MAKEUP] = rw is not None and rw.clock_stop and not rw.alongside
    return table


def _pair(code: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """Index of (step, phase) in a flattened ``(steps, phases)`` table."""
    pair = code.astype(np.intp)
    pair *= _N_PHASES
    pair += phase
    return pair


def _code_dtype(n_categories: int) -> type[np.signedinteger]:
    """The integer type pandas keeps the codes of ``n_categories`` categories in."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _case_columns(
    scenario: Scenario, calendar: WorkCalendar, raw: dict[str, np.ndarray]
) -> dict[str, np.ndarray | pd.api.extensions.ExtensionArray]:
    """The case columns that need the calendar (working days, dates); consumes the raw ones."""
    arrival, finish = raw.pop("arrival_h"), raw.pop("finish_h")
    origin = pd.Timestamp(calendar.origin)
    return {
        "case": raw.pop("case"),
        "arrival": _timestamps(origin, arrival),
        "finish": _timestamps(origin, finish),
        "arrival_h": arrival,
        "finish_h": finish,
        "elapsed_working_days": _working_days(
            timeline_of(calendar), calendar.hours_per_day, arrival, finish
        ),
        "visits": raw.pop("visits"),
        "rework_rounds": raw.pop("rework_rounds"),
    }


def _working_days(
    timeline: Timeline, hours_per_day: float, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    out = np.empty(len(start))
    for sl in _blocks(len(start)):
        np.subtract(timeline.work_at_array(end[sl]), timeline.work_at_array(start[sl]), out=out[sl])
        np.divide(out[sl], hours_per_day, out=out[sl])
    return out


def _natural_days(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.subtract(end, start)
    np.divide(out, 24.0, out=out)
    return out


def _timestamps(origin: pd.Timestamp, hours: np.ndarray) -> np.ndarray:
    """``origin + hours`` as datetime64[ns] (pandas' own conversion, block by block)."""
    out = np.empty(len(hours), dtype="datetime64[ns]")
    ints = out.view(np.int64)
    for sl in _blocks(len(hours)):
        stamps = origin + pd.to_timedelta(hours[sl], unit="h")
        ints[sl] = stamps.as_unit("ns").asi8
    return out


def _on_time(counted: np.ndarray, limit: float | np.ndarray | None) -> pd.arrays.BooleanArray:
    n = len(counted)
    if limit is None or (np.ndim(limit) == 0 and not limit):
        return pd.arrays.BooleanArray(np.zeros(n, np.bool_), np.ones(n, np.bool_), copy=False)
    values = np.less_equal(counted, limit + LIMIT_TOLERANCE)
    return pd.arrays.BooleanArray(values, np.zeros(n, np.bool_), copy=False)


def _replications(outputs: list[ReplicationOutput], spans: list[tuple[int, int]]) -> np.ndarray:
    out = np.empty(spans[-1][1] if spans else 0, dtype=np.int32)
    for o, (a, b) in zip(outputs, spans, strict=True):
        out[a:b] = o.replication
    return out


def _constant_category(size: int, value: str) -> pd.Categorical:
    return pd.Categorical.from_codes(
        np.zeros(size, dtype=np.int8), categories=[value], validate=False
    )


# -- desks -------------------------------------------------------------------------------------
def _desk_table(
    scenario: Scenario, calendar: WorkCalendar, outputs: list[ReplicationOutput]
) -> pd.DataFrame:
    """Utilisation and queues per (replication, desk), from the sorted raw step rows."""
    std, hpd = timeline_of(calendar), calendar.hours_per_day
    desk_pos = {d.id: j for j, d in enumerate(scenario.desks)}
    desk_of = np.array([desk_pos.get(st.desk or "", -1) for st in scenario.steps], dtype=np.int16)
    rows = []
    for o in outputs:
        cols = o.step_cols
        w0, w1 = o.warmup_clock, o.horizon_clock
        n = len(cols["case"])
        row_desk = np.empty(n, dtype=np.int16)  # desk of each work row, -1 for other rows
        for sl in _blocks(n):
            row_desk[sl] = desk_of[cols["step_code"][sl].astype(np.intp)]
            row_desk[sl][cols["phase_code"][sl] != WORK] = -1
        for j, d in enumerate(scenario.desks):
            mine = row_desk == j
            stats = _desk_stats(
                timeline_of(calendar, d.hours),
                std,
                hpd,
                cols["enter_h"][mine],
                cols["start_h"][mine],
                cols["end_h"][mine],
                w0,
                w1,
                d.staff,
            )
            del mine
            rows.append(
                {
                    "scenario": scenario.name,
                    "replication": o.replication,
                    "desk": d.id,
                    "label": d.label,
                    "staff": d.staff,
                    "office_hours": str(d.hours or scenario.calendar.office_hours),
                    **stats,
                }
            )
        del row_desk
    frame = pd.DataFrame(rows, columns=list(DESK_COLUMNS))
    frame["scenario"] = pd.Categorical(frame["scenario"])
    return frame


def _desk_stats(
    timeline: Timeline,
    standard: Timeline,
    hours_per_day: float,
    enter: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    window_start: float,
    window_end: float,
    staff: int,
) -> dict[str, float | int]:
    """One desk in one replication: its work rows' enter, start and end clocks (copies)."""
    window = (window_start, window_end)
    m = len(enter)
    values = np.empty(m)
    for sl in _blocks(m):  # busy office hours of each pass, clipped to the window
        b0 = timeline.work_at_array(np.clip(start[sl], *window))
        b1 = timeline.work_at_array(np.clip(end[sl], *window))
        np.subtract(b1, b0, out=values[sl])
    busy = float(values.sum())
    capacity = staff * (timeline.work_at(window_end) - timeline.work_at(window_start))
    for sl in _blocks(m):  # time in the queue, clipped to the window
        np.subtract(np.clip(start[sl], *window), np.clip(enter[sl], *window), out=values[sl])
    span = window_end - window_start
    queue = float(values.sum() / span) if span > 0 else np.nan
    served = (start >= window_start) & (start < window_end)
    n_served = int(served.sum())
    waits = _working_days(standard, hours_per_day, enter[served], start[served])
    mean_wait = float(pd.Series(waits).mean()) if n_served else np.nan
    del values, served, waits
    enter.sort()
    start.sort()
    return {
        "served": n_served,
        "utilisation": busy / capacity if capacity > 0 else np.nan,
        "mean_queue_length": queue,
        "max_queue_length": max_queue(enter, start),
        "mean_wait_working_days": mean_wait,
    }


def max_queue(enter: np.ndarray, start: np.ndarray) -> int:
    """Most cases waiting at once, from sorted queue-join and work-start clocks.

    At equal times a case that starts work leaves the queue before one that joins it; the
    queue is longest right after some join, so it is the largest ``#joined(t) - #started(t)``
    over the join times ``t``.
    """
    best = 0
    for sl in _blocks(len(enter)):
        t = enter[sl]
        waiting = np.searchsorted(enter, t, side="right") - np.searchsorted(start, t, side="right")
        best = max(best, int(waiting.max()))
    return best
