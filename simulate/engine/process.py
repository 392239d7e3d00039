"""The SimPy model of one replication: the scenario's flow compiled into operations.

Cases arrive, queue for the staff of each desk (first come, first served; the cases of a
priority class first where the desk has one), pass sequential and parallel steps, loop back
for 补正 when documents are missing, and finish. Time is one
continuous clock in hours since 00:00 of the scenario's start date; a staffed step's work
advances only in its desk's office hours on working days (:class:`simulate.calendar.days.Timeline`).

How it is kept fast
-------------------
The flow is compiled once per replication into flat tuples of *operations*
(:data:`~simulate.engine.primitives.Op`), run by the walk of
:func:`~simulate.engine.primitives.make_walker`, which also defines a step's work: queue,
work, deadline, clock stop, hand-over, row. A plain step (a staffed step or a delay with no
visit, travel, 秒批 share, rework or pending make-up) is one work operation, run inline, so a
sequence of plain steps costs one generator per case and at most two events per step.
Everything else (visits and travel, 补正 rounds, 容缺受理 make-ups, parallel branches, choices,
detached work) runs through general runners, and a general step hands its work to the same
walk. Random draws are kept as float64 arrays per named stream; what happens is recorded by
:class:`~simulate.engine.recording.Recorder`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any

import numpy as np
import simpy
from simpy.events import Event, Process

from simulate.calendar import Timeline, WorkCalendar, timeline_of
from simulate.engine.batches import Gate
from simulate.engine.choices import first_rule
from simulate.engine.primitives import (
    Advance,
    CaseState,
    DeskState,
    Op,
    Proc,
    Runner,
    WorkRule,
    make_walker,
    wake_at,
)
from simulate.engine.recording import AUTO, MAKEUP, TRAVEL, WORK, Recorder, packed
from simulate.engine.streams import Streams
from simulate.scenario.attributes import CHANNEL, Condition, holds
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial, flow_steps
from simulate.scenario.model import Rework, Scenario, Step


def clock_rule(duration: Duration, timeline: Timeline) -> tuple[float, Advance | None]:
    """``(scale, advance)``: a sampled value ``v`` started at ``t`` ends at ``t + v * scale``
    when ``advance`` is None, else at ``advance(t, v * scale)`` (working time on ``timeline``)."""
    unit = duration.unit
    if unit == "natural_hours":
        return 1.0, None
    if unit == "natural_days":
        return 24.0, None
    scale = timeline.hours_per_day if unit == "working_days" else 1.0
    return scale, (None if timeline.always_open else timeline.advance)


def ender(duration: Duration, timeline: Timeline) -> Advance:
    """end = f(start, value): how a sampled value in its unit advances the clock."""
    scale, advance = clock_rule(duration, timeline)
    if advance is None:
        return lambda start, value: start + value * scale
    return lambda start, value: advance(start, value * scale)


def floats(values: np.ndarray) -> memoryview:
    """A float64 view that indexes to plain Python floats (about as fast as a list)."""
    return np.ascontiguousarray(values, dtype=np.float64).data


def _node_key(node: Flow) -> str:
    return ",".join(flow_steps(node))


class FlowModel:
    """The SimPy model of one replication: the compiled flow and the runners of its cases.

    Parameters
    ----------
    scenario
        A validated scenario.
    replication, seed
        Select the random streams.
    calendar
        The scenario's work calendar.
    n_cases
        How many cases arrive.
    inline
        Run plain steps inline (the fast path). False runs every step through the general
        step runner; the results are the same, which the tests check.
    case_columns
        Each case's attributes (codes or numbers) and channel (``channel``: 1 online), as
        :func:`simulate.engine.attributes.case_columns` draws them; steps with ``when`` and
        the visits of online cases read them.
    """

    def __init__(
        self,
        scenario: Scenario,
        replication: int,
        seed: int,
        calendar: WorkCalendar,
        n_cases: int,
        *,
        inline: bool = True,
        case_columns: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self.scenario = scenario
        self.case_columns = dict(case_columns or {})
        self.env = simpy.Environment()
        self.calendar = calendar
        self.standard = timeline_of(calendar)
        self.hours_per_day = calendar.hours_per_day
        self.streams = Streams(seed, replication)
        self.replication = replication
        self.n_cases = n_cases
        self.inline = inline
        self.desks = {
            d.id: DeskState(d.staff, self._priority_class(d.priority)) for d in scenario.desks
        }
        self.desk_timelines = {d.id: timeline_of(calendar, d.hours) for d in scenario.desks}
        self.rework: dict[str, Rework] = dict(scenario.rework)
        self.step_code = {st.id: i for i, st in enumerate(scenario.steps)}
        self.steps = {st.id: st for st in scenario.steps}
        self.befores = {rw.before for rw in self.rework.values() if rw.alongside}
        self.recorder = Recorder(n_cases)
        self.record = self.recorder.record
        self._serve: dict[str, Callable[[CaseState, int, bool], Proc]] = {}
        self._gates: dict[str, Callable[[], Event]] = {}
        self.walk = make_walker(self.env, self.recorder, self.drain, self.standard)
        self.top = self.compile(scenario.flow)

    def _priority_class(self, conditions: tuple[Condition, ...]) -> bytes | None:
        """Per case: 1 if it is in the desk's priority class (绿色通道), else 0; None: no class."""
        if not conditions:
            return None
        flags = holds(conditions, self.case_columns, self.attribute_map, self.n_cases)
        return flags.astype(np.uint8).tobytes()

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
        return (runner, None, None, 0.0, None, 0, None)

    def _plain(self, step: Step) -> bool:
        """Whether ``step`` is its work alone, run inline by the walk."""
        return self.inline and not (
            step.visit
            or step.travel is not None
            or step.auto_share > 0
            or step.id in self.rework
            or step.id in self.befores
            or bool(step.when)
        )

    @property
    def attribute_map(self) -> dict[str, Any]:
        """The scenario's case attributes by name."""
        return {a.name: a for a in self.scenario.attributes}

    def _timeline(self, step: Step) -> Timeline:
        """The timeline the step's work advances on: its desk's, or the standard one."""
        return self.desk_timelines[step.desk] if step.desk is not None else self.standard

    def _work_op(self, step: Step, values: Any, round_number: int) -> Op:
        """The operation of one pass of ``step``'s work, with durations ``values[case]``."""
        scale, advance = clock_rule(step.duration, self._timeline(step))
        desk = self.desks[step.desk] if step.desk is not None else None
        meta = packed(self.step_code[step.id], round_number, WORK)
        limit = (
            step.limit_working_days if step.default_approval and step.limit_working_days else None
        )
        gate = self._gate(step)
        rule = (
            WorkRule(limit, step.clock_stop, gate)
            if limit is not None or step.clock_stop or gate is not None
            else None
        )
        return (None, desk, values, scale, advance, meta, rule)

    def _gate(self, step: Step) -> Callable[[], Event] | None:
        """The batch gate of ``step`` (集中办理), one per step for every round; None: none."""
        if step.batch is None:
            return None
        if step.id not in self._gates:
            self._gates[step.id] = Gate(self.env, self._timeline(step), step.batch).wait
        return self._gates[step.id]

    def _step_op(self, step: Step) -> Op:
        if not self._plain(step):
            return self._op(self._step_runner(step))
        durations = self.streams.head(f"duration:{step.id}", self.n_cases, step.duration.sample)
        return self._work_op(step, floats(durations), 0)

    def _step_runner(self, step: Step) -> Runner:
        """A general step: visits and travel, 秒批, 补正 rounds and 容缺 make-ups, around its work."""
        env = self.env
        walk = self.walk
        code = self.step_code[step.id]
        timeline = self._timeline(step)
        travel_end = ender(step.travel, self.standard) if step.travel is not None else None
        rework = self.rework.get(step.id)
        streams = self.streams
        work: list[tuple[Op]] = []  # the work of each round, made when the round is reached

        def work_of(round_number: int) -> tuple[Op]:
            while len(work) <= round_number:
                name = f"duration:{step.id}" + (f"#{len(work)}" if work else "")
                values = streams.get(name, step.duration.sample)
                work.append((self._work_op(step, values, len(work)),))
            return work[round_number]

        travel = (
            streams.get(f"travel:{step.id}", step.travel.sample)
            if step.travel is not None
            else None
        )
        auto = streams.get(f"auto:{step.id}") if step.auto_share > 0 else None
        rounds = range(rework.max_rounds) if rework else range(0)
        incomplete = [streams.get(f"rework:{step.id}#{r}") for r in rounds]
        makeups = (
            [streams.get(f"makeup:{step.id}#{r}", rework.makeup.sample) for r in rounds]
            if rework
            else []
        )
        fails = streams.get(f"makeup_fail:{step.id}") if rework and rework.p_fail > 0 else None
        makeup_end = ender(rework.makeup, self.standard) if rework else None
        # 补正 time spent by the applicant after a send-back is not counted (行政许可法); a make-up
        # alongside (容缺) does not hold the case, so it never stops the clock
        stop_makeup = rework is not None and rework.clock_stop and not rework.alongside
        record = self.record
        # a step with conditions applies only to the cases that meet them (others skip it)
        applies = (
            holds(step.when, self.case_columns, self.attribute_map, self.n_cases)
            if step.when
            else None
        )
        # online cases (a channel mix) do this step without a visit or a trip
        mix = self.scenario.channels
        online = (
            self.case_columns.get(CHANNEL)
            if step.visit and mix is not None and mix.online_at(step.id)
            else None
        )

        def serve(case: CaseState, round_number: int, detached: bool) -> Proc:
            """One pass through the step: travel, 秒批 or work."""
            index = case.index
            if step.visit and not detached and (online is None or not online[index]):
                case.visits += 1
                if travel is not None and travel_end is not None:
                    # an applicant sets off while the desk is open (not at night after a make-up)
                    enter = env.now
                    open_now = step.desk is None or timeline.is_open(enter)
                    depart = enter if open_now else timeline.next_open(enter)
                    arrive = travel_end(depart, travel[index])
                    if arrive > enter:
                        yield wake_at(env, arrive)
                    record(index, code, round_number, TRAVEL, detached, enter, depart, arrive)
            if auto is not None and auto[index] < step.auto_share:
                now = env.now
                record(index, code, round_number, AUTO, detached, now, now, now)
                return
            yield from walk(work_of(round_number), case, detached, False)

        def makeup(
            case: CaseState, round_number: int, detached: bool
        ) -> Generator[Event, Any, tuple[float, float]]:
            """The applicant's 补正 after round ``round_number``: its start and end."""
            assert makeup_end is not None
            start = env.now
            end = makeup_end(start, makeups[round_number][case.index])
            if end > start:
                yield wake_at(env, end)
            record(case.index, code, round_number, MAKEUP, detached, start, start, end)
            return start, end

        def makeup_alongside(
            case: CaseState, round_number: int, detached: bool
        ) -> Generator[Event, Any, bool]:
            """A 容缺 make-up; True if it failed (the step is done again)."""
            assert rework is not None
            yield from makeup(case, round_number, detached)
            return fails is not None and fails[case.index] < rework.p_fail

        def run(case: CaseState, detached: bool) -> Proc:
            if case.pending and step.id in case.pending:
                yield from self.join(case, step.id, detached)
            if applies is not None and not applies[case.index]:
                return
            round_number = 0
            while True:
                yield from serve(case, round_number, detached)
                if (
                    rework is None
                    or round_number >= rework.max_rounds
                    or incomplete[round_number][case.index] >= rework.p_incomplete
                ):
                    return
                if not detached:
                    case.rounds += 1
                if rework.alongside:
                    proc = Process(env, makeup_alongside(case, round_number, detached))
                    if case.pending is None:
                        case.pending = {}
                    case.pending.setdefault(rework.before, []).append((proc, step.id))
                    return
                start, end = yield from makeup(case, round_number, detached)
                if stop_makeup and not detached:
                    case.stop_clock(start, end)
                round_number += 1

        self._serve[step.id] = serve
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
        draws = floats(self.streams.head(f"choice:{node.key or _node_key(node)}", self.n_cases))
        compiled = [self.compile(option) for _, option in node.options]
        # a choice by attributes: the option of each case's first rule to hold (-1: none),
        # the rest draw among the options without conditions (their p sum to 1)
        routed = first_rule(node, self.case_columns, self.attribute_map, self.n_cases)
        options: list[tuple[float, tuple[Op, ...]]] = []
        acc = 0.0
        rules = node.when or ((),) * len(compiled)
        for (p, _), ops, rule in zip(node.options, compiled, rules, strict=True):
            if not rule:
                acc += p
                options.append((acc, ops))
        last = options[-1][1]

        def run(case: CaseState, detached: bool) -> Proc:
            if routed is not None and routed[case.index] >= 0:
                yield from walk(compiled[routed[case.index]], case, detached, False)
                return
            u = draws[case.index]
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
        key = node.key or _node_key(node)
        draws = floats(self.streams.head(f"detached:{key}", self.n_cases))
        ops = self.compile(node.node)
        share = node.share

        def work(case: CaseState) -> Proc:
            # detached work keeps its own 容缺 make-ups: they never hold the case, and one that
            # fails is done again off the case's path, even after the case has ended
            own = CaseState(case.index, case.arrival)
            yield from walk(ops, own, True, False)
            if own.pending:
                yield from self.drain(own, True)

        def run(case: CaseState, detached: bool) -> Proc:
            if draws[case.index] < share:
                Process(env, work(case))
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

    def drain(self, case: CaseState, detached: bool = False) -> Proc:
        """Wait for every make-up still open when the case (or its detached work) ends."""
        while case.pending:
            key = next(iter(case.pending))
            yield from self.join(case, key, detached)

    # -- arrivals -----------------------------------------------------------------------
    def arrivals(self, times: np.ndarray) -> Proc:
        """Start one case process per submission time (``times`` sorted)."""
        env = self.env
        walk, top = self.walk, self.top
        clock = floats(times)
        now = env.now
        for index in range(len(clock)):
            time = clock[index]
            if time < now:
                raise ValueError(f"submission times are not in order: {time!r} h after {now!r} h")
            if time > now:
                yield wake_at(env, time)
                now = time
            Process(env, walk(top, CaseState(index, time), False, True))

    def close(self) -> None:
        """Drop the compiled flow, its draws and the SimPy environment (after the run).

        The runners are closures that refer back to the model, a reference cycle that only
        the garbage collector would otherwise free; clearing it lets the draws go at once.
        """
        self.__dict__.clear()
