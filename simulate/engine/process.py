"""The SimPy model of one replication: the scenario's flow compiled into operations.

Cases arrive, queue for the staff of each desk (first come, first served), pass sequential
and parallel steps, loop back for 补正 when documents are missing, and finish. Time is one
continuous clock in hours since 00:00 of the scenario's start date; a staffed step's work
advances only in its desk's office hours on working days (:class:`simulate.calendar.days.Timeline`).

How it is kept fast
-------------------
The flow is compiled once per replication into flat tuples of *operations*. A plain step (a
staffed step or a delay with no visit, travel, 秒批 share, rework, own deadline, clock stop
or pending make-up) is run inline by the walker that runs the case, so a sequence of plain
steps costs one generator per case and at most two events per step (see
:mod:`simulate.engine.primitives` for desks and wake-ups). Everything else (visits and
travel, 补正 rounds, 容缺受理 make-ups, parallel branches, choices, detached work) runs
through general step runners with the same semantics. Random draws are kept as float64
arrays per named stream; what happens is recorded by :class:`~simulate.engine.recording.Recorder`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from heapq import heappush
from typing import Any

import numpy as np
import simpy
from simpy.events import NORMAL, Event, Process

from simulate.calendar import WorkCalendar, deadline, timeline_of
from simulate.engine.primitives import (
    CaseState,
    DeskState,
    Proc,
    Wake,
    clock_rule,
    ender,
    floats,
    union_hours,
)
from simulate.engine.recording import AUTO, DETACHED, MAKEUP, TRAVEL, WORK, Recorder
from simulate.engine.streams import Streams
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial, flow_steps
from simulate.scenario.model import Rework, Scenario, Step

Runner = Callable[[CaseState, bool], Proc]
#: One operation of a compiled flow: ``(runner, desk, values, scale, advance, meta)``.
#: ``runner`` is None for a plain step run inline; otherwise the other fields are unused.
Op = tuple[Runner | None, DeskState | None, Any, float, Callable[[float, float], float] | None, int]


def _node_key(node: Flow) -> str:
    return ",".join(flow_steps(node))


class FlowModel:
    """The SimPy model of one replication: the compiled flow and the runners of its cases."""

    def __init__(
        self, s: Scenario, replication: int, seed: int, cal: WorkCalendar, n_cases: int
    ) -> None:
        self.s = s
        self.env = simpy.Environment()
        self.cal = cal
        self.std = timeline_of(cal)
        self.hpd = cal.hours_per_day
        self.streams = Streams(seed, replication)
        self.replication = replication
        self.n = n_cases
        self.desks = {d.id: DeskState(d.staff) for d in s.desks}
        self.desk_tl = {d.id: timeline_of(cal, d.hours) for d in s.desks}
        self.rework: dict[str, Rework] = dict(s.rework)
        self.step_code = {st.id: i for i, st in enumerate(s.steps)}
        self.steps = {st.id: st for st in s.steps}
        self.befores = {rw.before for rw in self.rework.values() if rw.alongside}
        self.rec = Recorder(n_cases)
        self.record = self.rec.record
        self._serve: dict[str, Callable[[CaseState, int, bool], Proc]] = {}
        self.walk = self._make_walker()
        self.top = self.compile(s.flow)

    # -- scheduling primitives ----------------------------------------------------------
    def at(self, t: float) -> Wake:
        """An event that fires at clock ``t`` (>= now)."""
        env = self.env
        w = Wake(env)
        heappush(env._queue, (t, NORMAL, next(env._eid), w))
        return w

    def acquire(self, desk: DeskState) -> Wake | None:
        """Take a free staff member (None) or join the queue (an event to wait for)."""
        if desk.free:
            desk.free -= 1
            return None
        w = Wake(self.env)
        desk.waiting.append(w)
        return w

    def release(self, desk: DeskState) -> None:
        """Hand the staff member to the first waiting case, or make them free."""
        if desk.waiting:
            env = self.env
            heappush(env._queue, (env._now, NORMAL, next(env._eid), desk.waiting.popleft()))
        else:
            desk.free += 1

    # -- compiling the flow -------------------------------------------------------------
    def compile(self, node: Flow) -> tuple[Op, ...]:
        """The operations that run ``node`` for one case."""
        if isinstance(node, str):
            return (self._step_op(self.steps[node]),)
        if isinstance(node, Serial):
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
        scale, advance = clock_rule(st.duration, tl)
        values = floats(self.streams.head(f"duration:{st.id}", self.n, st.duration.sample))
        desk = self.desks[st.desk] if st.desk is not None else None
        return (None, desk, values, scale, advance, self.step_code[st.id])

    def _make_walker(self) -> Callable[[tuple[Op, ...], CaseState, bool, bool], Proc]:
        env = self.env
        queue = env._queue
        eid = env._eid
        rec = self.rec
        r_case, r_meta = rec.r_case.append, rec.r_meta.append
        r_enter, r_start, r_end = rec.r_enter.append, rec.r_start.append, rec.r_end.append
        c_finish, c_visits, c_rounds, c_stop = (
            rec.c_finish,
            rec.c_visits,
            rec.c_rounds,
            rec.c_stop_hours,
        )
        drain = self.drain
        std = self.std
        wake = Wake

        def walk(ops: tuple[Op, ...], case: CaseState, detached: bool, top: bool) -> Proc:
            """Run ``ops`` for ``case``; the top-level walk also drains make-ups and records the case."""
            idx = case.idx
            flag = DETACHED if detached else 0
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
                    c_stop[idx] = union_hours(case.stops, std)

        return walk

    def _step_runner(self, st: Step) -> Runner:
        """A general step: visits and travel, 秒批, deadlines, clock stops, 补正 and 容缺."""
        env = self.env
        code = self.step_code[st.id]
        tl = self.desk_tl[st.desk] if st.desk is not None else self.std
        end_of = ender(st.duration, tl)
        travel_end = ender(st.travel, self.std) if st.travel is not None else None
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
        makeup_end = ender(rw.makeup, self.std) if rw else None
        # 补正 time spent by the applicant after a send-back is not counted (行政许可法); a make-up
        # alongside (容缺) does not hold the case, so it never stops the clock
        stop_makeup = rw is not None and rw.clock_stop and not rw.alongside
        # 超时默认: the step's limit expires as the law counts it (calendar.deadlines)
        approval_limit = (
            st.limit_working_days if st.default_approval and st.limit_working_days else None
        )
        std = self.std
        record = self.record
        at = self.at

        def serve(case: CaseState, rnd: int, detached: bool) -> Proc:
            """One pass through the step: travel, queue, work."""
            idx = case.idx
            enter = env._now
            if st.visit and not detached:
                case.visits += 1
                if travel is not None and travel_end is not None:
                    # an applicant sets off while the desk is open (not at night after a make-up)
                    depart = enter if desk is None or tl.is_open(enter) else tl.next_open(enter)
                    t1 = travel_end(depart, travel[idx])
                    if t1 > enter:
                        yield at(t1)
                    record(idx, code, rnd, TRAVEL, detached, enter, depart, t1)
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
            if approval_limit is not None:
                expires = deadline(std, enter, approval_limit)
                if end > expires:
                    end = max(start, expires)
            if end > start:
                yield at(end)
            if desk is not None:
                self.release(desk)
            record(idx, code, rnd, WORK, detached, enter, start, end)
            if st.clock_stop and not detached:
                case.stop_clock(enter, end)

        def makeup_alongside(
            case: CaseState, rnd: int, detached: bool
        ) -> Generator[Event, Any, bool]:
            assert rw is not None
            assert makeup_end is not None
            t0 = env._now
            t1 = makeup_end(t0, makeups[rnd][case.idx])
            if t1 > t0:
                yield at(t1)
            record(case.idx, code, rnd, MAKEUP, detached, t0, t0, t1)
            return fails is not None and fails[case.idx] < rw.p_fail

        def run(case: CaseState, detached: bool) -> Proc:
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
                if stop_makeup and not detached:
                    case.stop_clock(t0, t1)
                rnd += 1

        self._serve[st.id] = serve
        return run

    def _parallel(self, node: Parallel) -> Runner:
        env = self.env
        walk = self.walk
        branches = [self.compile(b) for b in node.branches]

        def run(case: CaseState, detached: bool) -> Proc:
            yield env.all_of([Process(env, walk(ops, case, detached, False)) for ops in branches])

        return run

    def _choice(self, node: Choice) -> Runner:
        walk = self.walk
        draws = floats(self.streams.head(f"choice:{node.key or _node_key(node)}", self.n))
        options: list[tuple[float, tuple[Op, ...]]] = []
        acc = 0.0
        for p, option in node.options:
            acc += p
            options.append((acc, self.compile(option)))
        last = options[-1][1]

        def run(case: CaseState, detached: bool) -> Proc:
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
        draws = floats(self.streams.head(f"detached:{node.key or _node_key(node)}", self.n))
        ops = self.compile(node.node)
        share = node.share

        def run(case: CaseState, detached: bool) -> Proc:
            if draws[case.idx] < share:
                Process(env, walk(ops, case, True, False))
            yield from ()  # a generator that never waits

        return run

    # -- make-ups that run alongside (容缺受理) -------------------------------------------
    def join(self, case: CaseState, key: str | None, detached: bool) -> Proc:
        """Wait for alongside make-ups due before step ``key``; redo steps whose make-up failed."""
        assert case.pending is not None
        procs = case.pending.pop(key, [])
        if not procs:
            return
        yield self.env.all_of([proc for proc, _ in procs])
        for proc, step_id in procs:
            if proc.value:
                yield from self._serve[step_id](case, self.rework[step_id].max_rounds, detached)

    def drain(self, case: CaseState) -> Proc:
        """Wait for every make-up still open when the case reaches its end."""
        while case.pending:
            key = next(iter(case.pending))
            yield from self.join(case, key, False)

    # -- arrivals -----------------------------------------------------------------------
    def arrivals(self, times: np.ndarray) -> Proc:
        """Start one case process per submission time (``times`` sorted)."""
        env = self.env
        queue = env._queue
        eid = env._eid
        walk, top = self.walk, self.top
        clock = floats(times)
        for idx in range(len(clock)):
            t = clock[idx]
            if t > env._now:
                w = Wake(env)
                heappush(queue, (t, NORMAL, next(eid), w))
                yield w
            Process(env, walk(top, CaseState(idx, t), False, True))

    def close(self) -> None:
        """Drop the compiled flow, its draws and the SimPy environment (after the run).

        The runners are closures that refer back to the model, a reference cycle that only
        the garbage collector would otherwise free; clearing it lets the draws go at once.
        """
        self.__dict__.clear()
