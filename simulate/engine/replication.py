"""One replication of a scenario as a SimPy model.

Cases arrive, queue for the staff of each desk (first come, first served), pass sequential
and parallel steps, loop back for 补正 when documents are missing, and finish. Time is one
continuous clock in hours since 00:00 of the scenario's start date; a staffed step's work
advances only in its desk's office hours on working days (:class:`simulate.calendar.Timeline`).

How it is kept fast
-------------------
The flow is compiled once per replication into flat tuples of *operations*. A plain step (a
staffed step or a delay with no visit, travel, 秒批 share, rework, own deadline, clock stop
or pending make-up) is run inline by the walker that runs the case, so a sequence of plain
steps costs one generator per case and at most two events per step:

* a desk is a counter of free staff and a FIFO queue of waiting cases, not a SimPy
  ``Resource``: a case that finds a free staff member takes it without an event, and a
  release hands the staff member straight to the first waiting case;
* the end of a piece of work is scheduled at its absolute clock time, so the clock lands on
  exactly the end the calendar computed.

Everything else (visits and travel, 补正 rounds, 容缺受理 make-ups, parallel branches,
choices, detached work) runs through general step runners with the same semantics.

Everything that happens is recorded in flat typed arrays (one slot per case, one row per
step visit), never in per-row Python objects, and random draws are kept as float64 arrays,
so a run holds less memory than the rows it returns.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from heapq import heappush
from typing import Any

import numpy as np
import simpy
from simpy.events import NORMAL, Event, Process

from simulate.calendar import Timeline, WorkCalendar
from simulate.engine.streams import Streams
from simulate.scenario.durations import Duration
from simulate.scenario.model import (
    Choice,
    Detached,
    Node,
    Parallel,
    Rework,
    Scenario,
    Sequence,
    Step,
    flow_steps,
)

PHASES = ("work", "makeup", "travel", "auto")
WORK, MAKEUP, TRAVEL, AUTO = range(4)

# A step row's integer fields are packed into one int64 while running:
# step code (bits 0-15) | round (16-31) | phase (32-39) | detached (40).
_ROUND_SHIFT = 16
_PHASE_SHIFT = 32
_DETACHED = 1 << 40

Proc = Generator[Event, Any, Any]
Runner = Callable[["_Case", bool], Proc]
#: One operation of a compiled flow: ``(runner, desk, values, scale, advance, meta)``.
#: ``runner`` is None for a plain step run inline; otherwise the other fields are unused.
Op = tuple[Runner | None, "_Desk | None", Any, float, Callable[[float, float], float] | None, int]


def build_calendar(s: Scenario) -> WorkCalendar:
    """The work calendar a scenario runs on."""
    spec = s.calendar
    return WorkCalendar(
        s.start,
        days=spec.days,
        extra_holidays=spec.holidays,
        extra_workdays=spec.workdays,
        supplied_years=spec.years,
        office_hours=spec.office_hours,
    )


@dataclass
class ReplicationOutput:
    """Raw columns of one replication (turned into tables by :mod:`simulate.results`).

    ``case_cols`` has one entry per case, in case order: ``case``, ``arrival_h``,
    ``finish_h``, ``visits``, ``rework_rounds``, ``clock_stop_hours``. ``step_cols`` has one
    entry per step visit, in the order they ended: ``case``, ``step_code``, ``round``,
    ``phase_code``, ``detached``, ``enter_h``, ``start_h``, ``end_h``.
    """

    replication: int
    warmup_clock: float
    horizon_clock: float
    end_clock: float
    case_cols: dict[str, np.ndarray] = field(default_factory=dict)
    step_cols: dict[str, np.ndarray] = field(default_factory=dict)


class _Wake(Event):
    """An event that succeeds with ``None`` once the engine puts it on the schedule."""

    def __init__(self, env: simpy.Environment) -> None:  # no super(): set the fields directly
        self.env = env
        self.callbacks = []
        self._ok = True
        self._value = None


class _Desk:
    """Staff of one desk: how many are free, and the cases waiting (first come, first served)."""

    __slots__ = ("free", "waiting")

    def __init__(self, staff: int) -> None:
        self.free = staff
        self.waiting: deque[_Wake] = deque()


class _Case:
    __slots__ = ("arrival", "idx", "pending", "rounds", "stops", "visits")

    def __init__(self, idx: int, arrival: float) -> None:
        self.idx = idx
        self.arrival = arrival
        self.visits = 0
        self.rounds = 0
        self.stops: list[tuple[float, float]] | None = None
        self.pending: dict[str | None, list[tuple[Process, str]]] | None = None


def _clock_rule(
    duration: Duration, tl: Timeline
) -> tuple[float, Callable[[float, float], float] | None]:
    """``(scale, advance)``: a sampled value ``v`` started at ``t`` ends at ``t + v * scale``
    when ``advance`` is None, else at ``advance(t, v * scale)`` (working time on ``tl``)."""
    unit = duration.unit
    if unit == "natural_hours":
        return 1.0, None
    if unit == "natural_days":
        return 24.0, None
    scale = tl.hours_per_day if unit == "working_days" else 1.0
    return scale, (None if tl.always_open else tl.advance)


def _ender(duration: Duration, tl: Timeline) -> Callable[[float, float], float]:
    """end = f(start, value): how a sampled value in its unit advances the clock."""
    scale, advance = _clock_rule(duration, tl)
    if advance is None:
        return lambda t, v: t + v * scale
    return lambda t, v: advance(t, v * scale)


def _floats(values: np.ndarray) -> memoryview:
    """A float64 view that indexes to plain Python floats (about as fast as a list)."""
    return np.ascontiguousarray(values, dtype=np.float64).data


def _node_key(node: Node) -> str:
    return ",".join(flow_steps(node))


class _Replication:
    """Builds and runs the SimPy model of one replication."""

    def __init__(
        self, s: Scenario, replication: int, seed: int, cal: WorkCalendar, n_cases: int
    ) -> None:
        self.s = s
        self.env = simpy.Environment()
        self.cal = cal
        self.std = cal.timeline()
        self.hpd = cal.hours_per_day
        self.streams = Streams(seed, replication)
        self.replication = replication
        self.n = n_cases
        self.desks = {d.id: _Desk(d.staff) for d in s.desks}
        self.desk_tl = {d.id: cal.timeline(d.hours) for d in s.desks}
        self.rework: dict[str, Rework] = dict(s.rework)
        self.step_code = {st.id: i for i, st in enumerate(s.steps)}
        self.steps = {st.id: st for st in s.steps}
        self.befores = {rw.before for rw in self.rework.values() if rw.alongside}
        # step rows, appended as steps end
        self.r_case = array("q")
        self.r_meta = array("q")
        self.r_enter = array("d")
        self.r_start = array("d")
        self.r_end = array("d")
        # case columns, one slot per case
        self.c_finish = np.full(n_cases, np.nan)
        self.c_visits = np.zeros(n_cases, dtype=np.int16)
        self.c_rounds = np.zeros(n_cases, dtype=np.int16)
        self.c_stop_hours = np.zeros(n_cases)
        self._serve: dict[str, Callable[[_Case, int, bool], Proc]] = {}
        self.walk = self._make_walker()
        self.top = self.compile(s.flow)

    # -- scheduling primitives ----------------------------------------------------------
    def at(self, t: float) -> _Wake:
        """An event that fires at clock ``t`` (>= now)."""
        env = self.env
        w = _Wake(env)
        heappush(env._queue, (t, NORMAL, next(env._eid), w))
        return w

    def acquire(self, desk: _Desk) -> _Wake | None:
        """Take a free staff member (None) or join the queue (an event to wait for)."""
        if desk.free:
            desk.free -= 1
            return None
        w = _Wake(self.env)
        desk.waiting.append(w)
        return w

    def release(self, desk: _Desk) -> None:
        """Hand the staff member to the first waiting case, or make them free."""
        if desk.waiting:
            env = self.env
            heappush(env._queue, (env._now, NORMAL, next(env._eid), desk.waiting.popleft()))
        else:
            desk.free += 1

    def record(
        self,
        idx: int,
        code: int,
        rnd: int,
        phase: int,
        detached: bool,
        enter: float,
        start: float,
        end: float,
    ) -> None:
        """Append one step row."""
        self.r_case.append(idx)
        self.r_meta.append(
            code | rnd << _ROUND_SHIFT | phase << _PHASE_SHIFT | (_DETACHED if detached else 0)
        )
        self.r_enter.append(enter)
        self.r_start.append(start)
        self.r_end.append(end)

    # -- compiling the flow -------------------------------------------------------------
    def compile(self, node: Node) -> tuple[Op, ...]:
        """The operations that run ``node`` for one case."""
        if isinstance(node, str):
            return (self._step_op(self.steps[node]),)
        if isinstance(node, Sequence):
            return tuple(op for item in node.items for op in self.compile(item))
        if isinstance(node, Parallel):
            return (self._op(self._parallel(node)),)
        if isinstance(node, Choice):
            return (self._op(self._choice(node)),)
        return (self._op(self._detached(node)),)

    @staticmethod
    def _op(runner: Runner) -> Op:
        return (runner, None, None, 0.0, None, 0)

    def _plain(self, st: Step) -> bool:
        return not (
            st.visit
            or st.travel is not None
            or st.auto_share > 0
            or st.id in self.rework
            or (st.default_approval and st.limit_working_days)
            or st.clock_stop
            or st.id in self.befores
        )

    def _step_op(self, st: Step) -> Op:
        if not self._plain(st):
            return self._op(self._step_runner(st))
        tl = self.desk_tl[st.desk] if st.desk is not None else self.std
        scale, advance = _clock_rule(st.duration, tl)
        values = _floats(self.streams.head(f"duration:{st.id}", self.n, st.duration.sample))
        desk = self.desks[st.desk] if st.desk is not None else None
        return (None, desk, values, scale, advance, self.step_code[st.id])

    def _make_walker(self) -> Callable[[tuple[Op, ...], _Case, bool, bool], Proc]:
        env = self.env
        queue = env._queue
        eid = env._eid
        r_case, r_meta = self.r_case.append, self.r_meta.append
        r_enter, r_start, r_end = self.r_enter.append, self.r_start.append, self.r_end.append
        c_finish, c_visits, c_rounds, c_stop = (
            self.c_finish,
            self.c_visits,
            self.c_rounds,
            self.c_stop_hours,
        )
        drain = self.drain
        stopped = self._stopped
        wake = _Wake

        def walk(ops: tuple[Op, ...], case: _Case, detached: bool, top: bool) -> Proc:
            """Run ``ops`` for ``case``; the top-level walk also drains make-ups and records the case."""
            idx = case.idx
            flag = _DETACHED if detached else 0
            for runner, desk, values, scale, advance, meta in ops:
                if runner is not None:
                    yield from runner(case, detached)
                    continue
                enter = env._now
                if desk is None:
                    start = enter
                elif desk.free:
                    desk.free -= 1
                    start = enter
                else:
                    w = wake(env)
                    desk.waiting.append(w)
                    yield w
                    start = env._now
                if advance is None:
                    end = start + values[idx] * scale
                else:
                    end = advance(start, values[idx] * scale)
                if end > start:
                    w = wake(env)
                    heappush(queue, (end, NORMAL, next(eid), w))
                    yield w
                if desk is not None:
                    if desk.waiting:
                        heappush(queue, (env._now, NORMAL, next(eid), desk.waiting.popleft()))
                    else:
                        desk.free += 1
                r_case(idx)
                r_meta(meta | flag)
                r_enter(enter)
                r_start(start)
                r_end(end)
            if top:
                if case.pending:
                    yield from drain(case)
                c_finish[idx] = env._now
                if case.visits:
                    c_visits[idx] = case.visits
                if case.rounds:
                    c_rounds[idx] = case.rounds
                if case.stops:
                    c_stop[idx] = stopped(case)

        return walk

    def _step_runner(self, st: Step) -> Runner:
        """A general step: visits and travel, 秒批, deadlines, clock stops, 补正 and 容缺."""
        env = self.env
        code = self.step_code[st.id]
        tl = self.desk_tl[st.desk] if st.desk is not None else self.std
        end_of = _ender(st.duration, tl)
        travel_end = _ender(st.travel, self.std) if st.travel is not None else None
        desk = self.desks[st.desk] if st.desk is not None else None
        rw = self.rework.get(st.id)
        streams = self.streams
        draws = [streams.get(f"duration:{st.id}", st.duration.sample)]

        def duration(idx: int, rnd: int) -> float:
            while len(draws) <= rnd:
                draws.append(streams.get(f"duration:{st.id}#{len(draws)}", st.duration.sample))
            return draws[rnd][idx]

        travel = streams.get(f"travel:{st.id}", st.travel.sample) if st.travel is not None else None
        auto = streams.get(f"auto:{st.id}") if st.auto_share > 0 else None
        incomplete = (
            [streams.get(f"rework:{st.id}#{r}") for r in range(rw.max_rounds)] if rw else []
        )
        makeups = (
            [streams.get(f"makeup:{st.id}#{r}", rw.makeup.sample) for r in range(rw.max_rounds)]
            if rw
            else []
        )
        fails = streams.get(f"makeup_fail:{st.id}") if rw and rw.p_fail > 0 else None
        makeup_end = _ender(rw.makeup, self.std) if rw else None
        deadline_hours = (
            st.limit_working_days * self.hpd
            if st.default_approval and st.limit_working_days
            else None
        )
        std_advance = self.std.advance
        record = self.record
        at = self.at

        def serve(case: _Case, rnd: int, detached: bool) -> Proc:
            """One pass through the step: travel, queue, work."""
            idx = case.idx
            enter = env._now
            if st.visit and not detached:
                case.visits += 1
                if travel is not None and travel_end is not None:
                    t1 = travel_end(enter, travel[idx])
                    if t1 > enter:
                        yield at(t1)
                    record(idx, code, rnd, TRAVEL, detached, enter, enter, t1)
                    enter = t1
            if auto is not None and auto[idx] < st.auto_share:
                record(idx, code, rnd, AUTO, detached, enter, enter, enter)
                return
            if desk is not None:
                w = self.acquire(desk)
                if w is not None:
                    yield w
                start = env._now
            else:
                start = enter
            end = end_of(start, duration(idx, rnd))
            if deadline_hours is not None:
                deadline = std_advance(enter, deadline_hours)
                if end > deadline:
                    end = max(start, deadline)
            if end > start:
                yield at(end)
            if desk is not None:
                self.release(desk)
            record(idx, code, rnd, WORK, detached, enter, start, end)
            if st.clock_stop and not detached:
                if case.stops is None:
                    case.stops = []
                case.stops.append((enter, end))

        def makeup_alongside(case: _Case, rnd: int, detached: bool) -> Generator[Event, Any, bool]:
            assert rw is not None
            assert makeup_end is not None
            t0 = env._now
            t1 = makeup_end(t0, makeups[rnd][case.idx])
            if t1 > t0:
                yield at(t1)
            record(case.idx, code, rnd, MAKEUP, detached, t0, t0, t1)
            return fails is not None and fails[case.idx] < rw.p_fail

        def run(case: _Case, detached: bool) -> Proc:
            if case.pending and st.id in case.pending:
                yield from self.join(case, st.id, detached)
            rnd = 0
            while True:
                yield from serve(case, rnd, detached)
                if (
                    rw is None
                    or rnd >= rw.max_rounds
                    or incomplete[rnd][case.idx] >= rw.p_incomplete
                ):
                    return
                if not detached:
                    case.rounds += 1
                if rw.alongside:
                    proc = Process(env, makeup_alongside(case, rnd, detached))
                    if case.pending is None:
                        case.pending = {}
                    case.pending.setdefault(rw.before, []).append((proc, st.id))
                    return
                assert makeup_end is not None
                t0 = env._now
                t1 = makeup_end(t0, makeups[rnd][case.idx])
                if t1 > t0:
                    yield at(t1)
                record(case.idx, code, rnd, MAKEUP, detached, t0, t0, t1)
                rnd += 1

        self._serve[st.id] = serve
        return run

    def _parallel(self, node: Parallel) -> Runner:
        env = self.env
        walk = self.walk
        branches = [self.compile(b) for b in node.branches]

        def run(case: _Case, detached: bool) -> Proc:
            yield env.all_of([Process(env, walk(ops, case, detached, False)) for ops in branches])

        return run

    def _choice(self, node: Choice) -> Runner:
        walk = self.walk
        draws = _floats(self.streams.head(f"choice:{node.key or _node_key(node)}", self.n))
        options: list[tuple[float, tuple[Op, ...]]] = []
        acc = 0.0
        for p, option in node.options:
            acc += p
            options.append((acc, self.compile(option)))
        last = options[-1][1]

        def run(case: _Case, detached: bool) -> Proc:
            u = draws[case.idx]
            chosen = last
            for cum, ops in options:
                if u < cum:
                    chosen = ops
                    break
            yield from walk(chosen, case, detached, False)

        return run

    def _detached(self, node: Detached) -> Runner:
        env = self.env
        walk = self.walk
        draws = _floats(self.streams.head(f"detached:{node.key or _node_key(node)}", self.n))
        ops = self.compile(node.node)
        share = node.share

        def run(case: _Case, detached: bool) -> Proc:
            if draws[case.idx] < share:
                Process(env, walk(ops, case, True, False))
            yield from ()  # a generator that never waits

        return run

    # -- make-ups that run alongside (容缺受理) -------------------------------------------
    def join(self, case: _Case, key: str | None, detached: bool) -> Proc:
        """Wait for alongside make-ups due before step ``key``; redo steps whose make-up failed."""
        assert case.pending is not None
        procs = case.pending.pop(key, [])
        if not procs:
            return
        yield self.env.all_of([proc for proc, _ in procs])
        for proc, step_id in procs:
            if proc.value:
                yield from self._serve[step_id](case, self.rework[step_id].max_rounds, detached)

    def drain(self, case: _Case) -> Proc:
        """Wait for every make-up still open when the case reaches its end."""
        while case.pending:
            key = next(iter(case.pending))
            yield from self.join(case, key, False)

    def _stopped(self, case: _Case) -> float:
        """Standard working hours covered by the case's clock-stop steps (their union)."""
        assert case.stops is not None
        total = 0.0
        cur_s, cur_e = None, None
        for s0, e0 in sorted(case.stops):
            if cur_e is None or s0 > cur_e:
                if cur_s is not None and cur_e is not None:
                    total += self.std.between(cur_s, cur_e)
                cur_s, cur_e = s0, e0
            else:
                cur_e = max(cur_e, e0)
        if cur_s is not None and cur_e is not None:
            total += self.std.between(cur_s, cur_e)
        return total

    # -- arrivals -----------------------------------------------------------------------
    def arrivals(self, times: np.ndarray) -> Proc:
        """Start one case process per submission time (``times`` sorted)."""
        env = self.env
        queue = env._queue
        eid = env._eid
        walk, top = self.walk, self.top
        clock = _floats(times)
        for idx in range(len(clock)):
            t = clock[idx]
            if t > env._now:
                w = _Wake(env)
                heappush(queue, (t, NORMAL, next(eid), w))
                yield w
            Process(env, walk(top, _Case(idx, t), False, True))


def arrival_times(s: Scenario, cal: WorkCalendar, streams: Streams, horizon: float) -> np.ndarray:
    """Clock times of every submission in the run (sorted)."""
    a = s.arrivals
    std = cal.timeline()
    if a.kind == "cohort":
        assert a.date is not None
        t = cal.to_clock(a.date)
        if not a.any_hour:
            t = std.next_open(t)
        return np.full(a.cohort, t)
    if a.kind == "listed":
        return np.array([cal.to_clock(x) for x in a.times], dtype=float)
    rng = streams.generator("arrivals")
    if a.any_hour:
        expected = a.per_working_day * s.horizon_working_days
        scale = horizon / expected  # mean gap in clock hours
        limit = horizon
    else:
        scale = cal.hours_per_day / a.per_working_day  # mean gap in working hours
        limit = s.horizon_working_days * cal.hours_per_day
    n = int(limit / scale * 1.2 + 50)
    gaps = rng.standard_exponential(n) * scale
    points = np.cumsum(gaps)
    while points[-1] < limit:
        more = np.cumsum(rng.standard_exponential(n) * scale) + points[-1]
        points = np.concatenate([points, more])
    points = points[points < limit]
    if a.any_hour:
        return points
    return std.clock_at_array(points)


def _column(buffer: array[Any], dtype: type[np.generic]) -> np.ndarray:
    """A numpy view of a typed array's buffer (no copy; the array is not appended to again)."""
    if len(buffer) == 0:
        return np.empty(0, dtype=dtype)
    return np.frombuffer(buffer, dtype=dtype)


def run_replication(s: Scenario, replication: int, seed: int) -> ReplicationOutput:
    """Simulate one replication of ``s`` with the streams of ``(seed, replication)``.

    Parameters
    ----------
    s
        A validated scenario.
    replication
        Replication number: with ``seed`` it selects the random streams.
    seed
        The run's seed.

    Returns
    -------
    ReplicationOutput
        Raw per-case and per-step columns, the warm-up end, horizon and last event clock.

    Raises
    ------
    simulate.errors.CalendarError
        If work runs past the last day the work calendar covers.
    """
    cal = build_calendar(s)
    streams = Streams(seed, replication)
    horizon = cal.horizon_clock(s.horizon_working_days)
    warmup = cal.horizon_clock(s.warmup_working_days) if s.warmup_working_days > 0 else 0.0
    times = np.ascontiguousarray(arrival_times(s, cal, streams, horizon), dtype=np.float64)
    model = _Replication(s, replication, seed, cal, len(times))
    model.env.process(model.arrivals(times))
    model.env.run()
    out = ReplicationOutput(replication, warmup, horizon, float(model.env.now))
    out.case_cols = {
        "case": np.arange(len(times), dtype=np.int64),
        "arrival_h": times,
        "finish_h": model.c_finish,
        "visits": model.c_visits,
        "rework_rounds": model.c_rounds,
        "clock_stop_hours": model.c_stop_hours,
    }
    meta = _column(model.r_meta, np.int64)
    out.step_cols = {
        "case": _column(model.r_case, np.int64),
        "step_code": (meta & 0xFFFF).astype(np.int16),
        "round": ((meta >> _ROUND_SHIFT) & 0xFFFF).astype(np.int16),
        "phase_code": ((meta >> _PHASE_SHIFT) & 0xFF).astype(np.int8),
        "detached": (meta & _DETACHED) != 0,
        "enter_h": _column(model.r_enter, np.float64),
        "start_h": _column(model.r_start, np.float64),
        "end_h": _column(model.r_end, np.float64),
    }
    return out
