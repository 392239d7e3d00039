"""One replication of a scenario as a SimPy model.

Cases arrive, queue for the staff of each desk (first come, first served), pass sequential
and parallel steps, loop back for 补正 when documents are missing, and finish. Time is one
continuous clock in hours since 00:00 of the scenario's start date; a staffed step's work
advances only in its desk's office hours on working days (:class:`simulate.calendar.Timeline`).

Everything that happens is recorded in flat typed arrays (one slot per case or per step
visit), never in per-row Python objects, so a run holds no more than the rows it returns.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from simulate.calendar import Timeline, WorkCalendar
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
)
from simulate.engine.streams import Streams

PHASES = ("work", "makeup", "travel", "auto")
WORK, MAKEUP, TRAVEL, AUTO = range(4)

Proc = Generator[simpy.events.Event, Any, Any]


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
    """Raw columns of one replication (turned into tables by :mod:`simulate.results`)."""

    replication: int
    warmup_clock: float
    horizon_clock: float
    end_clock: float
    case_cols: dict[str, np.ndarray] = field(default_factory=dict)
    step_cols: dict[str, np.ndarray] = field(default_factory=dict)


class _Case:
    __slots__ = ("arrival", "idx", "pending", "rounds", "stops", "visits")

    def __init__(self, idx: int, arrival: float) -> None:
        self.idx = idx
        self.arrival = arrival
        self.visits = 0
        self.rounds = 0
        self.stops: list[tuple[float, float]] | None = None
        self.pending: dict[str | None, list[simpy.Process]] | None = None


def _ender(duration: Duration, tl: Timeline) -> Callable[[float, float], float]:
    """end = f(start, value): how a sampled value in its unit advances the clock."""
    unit = duration.unit
    if unit == "natural_hours":
        return lambda t, v: t + v
    if unit == "natural_days":
        return lambda t, v: t + 24.0 * v
    if tl.always_open and unit == "working_hours":
        return lambda t, v: t + v
    advance = tl.advance
    if unit == "working_days":
        hpd = tl.hours_per_day
        return lambda t, v: advance(t, v * hpd)
    return advance


class _Replication:
    """Builds and runs the SimPy model of one replication."""

    def __init__(self, s: Scenario, replication: int, seed: int, cal: WorkCalendar) -> None:
        self.s = s
        self.env = simpy.Environment()
        self.cal = cal
        self.std = cal.timeline()
        self.hpd = cal.hours_per_day
        self.streams = Streams(seed, replication)
        self.replication = replication
        self.resources = {d.id: simpy.Resource(self.env, capacity=d.staff) for d in s.desks}
        self.desk_tl = {d.id: cal.timeline(d.hours) for d in s.desks}
        self.rework: dict[str, Rework] = dict(s.rework)
        self.step_code = {st.id: i for i, st in enumerate(s.steps)}
        self.steps = {st.id: st for st in s.steps}
        self.has_stops = any(st.clock_stop for st in s.steps)
        # record columns
        self.r_case = array("q")
        self.r_step = array("h")
        self.r_round = array("h")
        self.r_phase = array("b")
        self.r_detached = array("b")
        self.r_enter = array("d")
        self.r_start = array("d")
        self.r_end = array("d")
        self.c_idx = array("q")
        self.c_arrival = array("d")
        self.c_finish = array("d")
        self.c_visits = array("h")
        self.c_rounds = array("h")
        self.c_stop_hours = array("d")
        self._serve: dict[str, Callable[[_Case, int, bool], Proc]] = {}
        self.runners: dict[str, Callable[[_Case, bool], Proc]] = {}
        for st in s.steps:
            self.runners[st.id] = self._make_runner(st)

    # -- records ------------------------------------------------------------------------
    def record(self, case: _Case, code: int, rnd: int, phase: int, detached: bool, enter: float, start: float, end: float) -> None:
        self.r_case.append(case.idx)
        self.r_step.append(code)
        self.r_round.append(rnd)
        self.r_phase.append(phase)
        self.r_detached.append(detached)
        self.r_enter.append(enter)
        self.r_start.append(start)
        self.r_end.append(end)

    # -- steps --------------------------------------------------------------------------
    def _make_runner(self, st: Step) -> Callable[[_Case, bool], Proc]:
        env = self.env
        code = self.step_code[st.id]
        tl = self.desk_tl[st.desk] if st.desk is not None else self.std
        end_of = _ender(st.duration, tl)
        travel_end = _ender(st.travel, self.std) if st.travel is not None else None
        res = self.resources[st.desk] if st.desk is not None else None
        rw = self.rework.get(st.id)
        draws = [self.streams.get(f"duration:{st.id}", st.duration.sample)]

        def duration(case: _Case, rnd: int) -> float:
            while len(draws) <= rnd:
                draws.append(self.streams.get(f"duration:{st.id}#{len(draws)}", st.duration.sample))
            return draws[rnd][case.idx]

        travel = self.streams.get(f"travel:{st.id}", st.travel.sample) if st.travel is not None else None
        auto = self.streams.get(f"auto:{st.id}") if st.auto_share > 0 else None
        incomplete = [self.streams.get(f"rework:{st.id}#{r}") for r in range(rw.max_rounds)] if rw else []
        makeups = [self.streams.get(f"makeup:{st.id}#{r}", rw.makeup.sample) for r in range(rw.max_rounds)] if rw else []
        fails = self.streams.get(f"makeup_fail:{st.id}") if rw and rw.p_fail > 0 else None
        makeup_end = _ender(rw.makeup, self.std) if rw else None
        deadline_hours = st.limit_working_days * self.hpd if st.default_approval and st.limit_working_days else None
        std_advance = self.std.advance

        def serve(case: _Case, rnd: int, detached: bool) -> Proc:
            """One pass through the step: travel, queue, work."""
            enter = env.now
            if st.visit and not detached:
                case.visits += 1
                if travel is not None and travel_end is not None:
                    t1 = travel_end(enter, travel[case.idx])
                    yield env.timeout(t1 - enter)
                    self.record(case, code, rnd, TRAVEL, detached, enter, enter, t1)
                    enter = t1
            if auto is not None and auto[case.idx] < st.auto_share:
                self.record(case, code, rnd, AUTO, detached, enter, enter, enter)
                return
            if res is not None:
                req = res.request()
                yield req
                start = env.now
            else:
                req = None
                start = enter
            end = end_of(start, duration(case, rnd))
            if deadline_hours is not None:
                deadline = std_advance(enter, deadline_hours)
                if end > deadline:
                    end = max(start, deadline)
            if end > start:
                yield env.timeout(end - start)
            if req is not None and res is not None:
                res.release(req)
            self.record(case, code, rnd, WORK, detached, enter, start, end)
            if st.clock_stop and not detached:
                if case.stops is None:
                    case.stops = []
                case.stops.append((enter, end))

        def makeup_alongside(case: _Case, rnd: int, detached: bool) -> Generator[simpy.events.Event, Any, bool]:
            t0 = env.now
            assert makeup_end is not None  # noqa: S101 - rw is set when this runs
            t1 = makeup_end(t0, makeups[rnd][case.idx])
            yield env.timeout(t1 - t0)
            self.record(case, code, rnd, MAKEUP, detached, t0, t0, t1)
            return fails is not None and fails[case.idx] < (rw.p_fail if rw else 0.0)

        def run(case: _Case, detached: bool) -> Proc:
            if case.pending is not None and st.id in case.pending:
                yield from self.join(case, st.id, detached)
            rnd = 0
            while True:
                yield from serve(case, rnd, detached)
                if rw is None or rnd >= rw.max_rounds or incomplete[rnd][case.idx] >= rw.p_incomplete:
                    return
                if not detached:
                    case.rounds += 1
                if rw.alongside:
                    proc = env.process(makeup_alongside(case, rnd, detached))
                    proc.step_id = st.id  # type: ignore[attr-defined]
                    if case.pending is None:
                        case.pending = {}
                    case.pending.setdefault(rw.before, []).append(proc)
                    return
                t0 = env.now
                assert makeup_end is not None  # noqa: S101
                t1 = makeup_end(t0, makeups[rnd][case.idx])
                yield env.timeout(t1 - t0)
                self.record(case, code, rnd, MAKEUP, detached, t0, t0, t1)
                rnd += 1

        self._serve[st.id] = serve
        return run

    def join(self, case: _Case, key: str | None, detached: bool) -> Proc:
        """Wait for alongside make-ups due before step ``key``; redo steps whose make-up failed."""
        assert case.pending is not None  # noqa: S101
        procs = case.pending.pop(key, [])
        if not procs:
            return
        yield self.env.all_of(procs)
        for proc in procs:
            if proc.value:
                step_id = proc.step_id  # type: ignore[attr-defined]
                yield from self._serve[step_id](case, self.rework[step_id].max_rounds, detached)

    # -- flow ---------------------------------------------------------------------------
    def node(self, node: Node, case: _Case, detached: bool) -> Proc:
        if isinstance(node, str):
            yield from self.runners[node](case, detached)
        elif isinstance(node, Sequence):
            for item in node.items:
                yield from self.node(item, case, detached)
        elif isinstance(node, Parallel):
            env = self.env
            yield env.all_of([env.process(self.node(b, case, detached)) for b in node.branches])
        elif isinstance(node, Choice):
            u = self.streams.get(f"choice:{node.key or _node_key(node)}")[case.idx]
            acc = 0.0
            for p, option in node.options:
                acc += p
                if u < acc:
                    yield from self.node(option, case, detached)
                    return
            yield from self.node(node.options[-1][1], case, detached)
        elif isinstance(node, Detached):
            u = self.streams.get(f"detached:{node.key or _node_key(node)}")[case.idx]
            if u < node.share:
                self.env.process(self.node(node.node, case, True))

    def case(self, case: _Case) -> Proc:
        yield from self.node(self.s.flow, case, False)
        while case.pending:
            key = next(iter(case.pending))
            yield from self.join(case, key, False)
        self.c_idx.append(case.idx)
        self.c_arrival.append(case.arrival)
        self.c_finish.append(self.env.now)
        self.c_visits.append(case.visits)
        self.c_rounds.append(case.rounds)
        self.c_stop_hours.append(self._stopped(case) if case.stops else 0.0)

    def _stopped(self, case: _Case) -> float:
        """Standard working hours covered by the case's clock-stop steps (their union)."""
        assert case.stops is not None  # noqa: S101
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

    def arrivals(self, times: np.ndarray) -> Proc:
        env = self.env
        start_case = self.case
        for idx, t in enumerate(times.tolist()):
            if t > env.now:
                yield env.timeout(t - env.now)
            env.process(start_case(_Case(idx, t)))


def _node_key(node: Node) -> str:
    from simulate.scenario.model import flow_steps  # noqa: PLC0415 - tiny helper

    return ",".join(flow_steps(node))


def arrival_times(s: Scenario, cal: WorkCalendar, streams: Streams, horizon: float) -> np.ndarray:
    """Clock times of every submission in the run (sorted)."""
    a = s.arrivals
    std = cal.timeline()
    if a.kind == "cohort":
        assert a.date is not None  # noqa: S101 - validated
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


def run_replication(s: Scenario, replication: int, seed: int) -> ReplicationOutput:
    """Simulate one replication of ``s`` with the streams of ``(seed, replication)``."""
    cal = build_calendar(s)
    model = _Replication(s, replication, seed, cal)
    horizon = cal.horizon_clock(s.horizon_working_days)
    warmup = cal.horizon_clock(s.warmup_working_days) if s.warmup_working_days > 0 else 0.0
    times = arrival_times(s, cal, model.streams, horizon)
    model.env.process(model.arrivals(times))
    model.env.run()
    out = ReplicationOutput(replication, warmup, horizon, float(model.env.now))
    out.case_cols = {
        "case": np.frombuffer(model.c_idx, dtype=np.int64).copy(),
        "arrival_h": np.frombuffer(model.c_arrival, dtype=np.float64).copy(),
        "finish_h": np.frombuffer(model.c_finish, dtype=np.float64).copy(),
        "visits": np.frombuffer(model.c_visits, dtype=np.int16).copy(),
        "rework_rounds": np.frombuffer(model.c_rounds, dtype=np.int16).copy(),
        "clock_stop_hours": np.frombuffer(model.c_stop_hours, dtype=np.float64).copy(),
    }
    out.step_cols = {
        "case": np.frombuffer(model.r_case, dtype=np.int64).copy(),
        "step_code": np.frombuffer(model.r_step, dtype=np.int16).copy(),
        "round": np.frombuffer(model.r_round, dtype=np.int16).copy(),
        "phase_code": np.frombuffer(model.r_phase, dtype=np.int8).copy(),
        "detached": np.frombuffer(model.r_detached, dtype=np.int8).astype(bool),
        "enter_h": np.frombuffer(model.r_enter, dtype=np.float64).copy(),
        "start_h": np.frombuffer(model.r_start, dtype=np.float64).copy(),
        "end_h": np.frombuffer(model.r_end, dtype=np.float64).copy(),
    }
    return out
