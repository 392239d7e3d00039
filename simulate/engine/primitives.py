"""Scheduling primitives of the engine: wake-ups, desks, case state, and the walk.

A desk is a counter of free staff and a FIFO queue of waiting cases (two, where the desk
serves a priority class first), not a SimPy ``Resource``: a case that finds a free staff
member takes it without an event, and a release hands the staff member straight to the first
waiting case. The end of a piece of work is scheduled at its absolute clock time
(:class:`Wake` pushed onto the event queue), so the clock lands on exactly the end the
calendar computed.

The walk (:func:`make_walker`) runs a case through a compiled flow, a tuple of operations
(:data:`Op`). It is the one definition of a step's work: wait for the step's batch (集中办理,
if it has one: :mod:`simulate.engine.batches`), queue for the desk, work until the end the
step's clock rule gives (cut at a default-approval deadline, counted from entering the step: a
case still queued then leaves the queue), hand the staff member on, record the row and any
clock stop. Plain steps are run by the walk inline; the general step runner of
:mod:`simulate.engine.process` adds visits, travel, 秒批, 补正 rounds and 容缺 make-ups around
the same walk.

This is the only module of `simulate` that touches SimPy internals (simpy 4.1); each is
named, with its reason, where it is used: ``Environment._queue``, ``Environment._eid``,
``Environment._now``, ``Event._ok`` and ``Event._value``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from heapq import heappush
from typing import Any, NamedTuple

import simpy
from simpy.events import NORMAL, Event, Process

from simulate.calendar import Timeline, deadline
from simulate.engine.recording import DETACHED, Recorder

Proc = Generator[Event, Any, Any]
#: The value a queued case is woken with when its default-approval deadline passed first.
EXPIRED: Any = object()
#: ``advance(start, hours)``: the clock time ``hours`` of working time after ``start``.
Advance = Callable[[float, float], float]


class Wake(Event):
    """An event that succeeds with ``None`` once the engine puts it on the schedule."""

    def __init__(self, environment: simpy.Environment) -> None:
        # SimPy internals Event._ok and Event._value: what Process._resume reads when the
        # event fires. Set here instead of by Event.__init__ (which marks the event pending),
        # so a wake-up costs no more than an object and the heap entry that schedules it.
        self.env = environment
        self.callbacks = []
        self._ok = True
        self._value = None


def wake_at(environment: simpy.Environment, time: float) -> Wake:
    """An event that fires at clock ``time``.

    Raises
    ------
    ValueError
        If ``time`` is before the clock: the event would move the clock backwards.
    """
    if time < environment._now:
        raise ValueError(
            f"cannot schedule at clock {time!r} h, in the past (now {environment._now!r} h)"
        )
    wake = Wake(environment)
    # SimPy internals Environment._queue and Environment._eid: the heap of
    # (time, priority, event id, event) that Environment.step pops, and the counter of event
    # ids that keeps events of one time and priority in the order they were scheduled. An
    # entry pushed here fires at exactly ``time``; Environment.schedule takes a delay, and
    # now + (time - now) need not equal time.
    heappush(environment._queue, (time, NORMAL, next(environment._eid), wake))
    return wake


class DeskState:
    """Staff of one desk: how many are free, and the cases waiting (first come, first served).

    A desk with a priority class (绿色通道) has ``first``, indexed by case number (non-zero: the
    case is in the class); its waiting cases of the class queue in ``urgent``, served before
    ``waiting`` when a staff member comes free (non-preemptive: work in hand is finished).
    """

    __slots__ = ("first", "free", "urgent", "waiting")

    def __init__(self, staff: int, first: bytes | None = None) -> None:
        self.free = staff
        self.waiting: deque[Wake] = deque()
        self.urgent: deque[Wake] = deque()
        self.first = first

    def queue(self, index: int, waiting: Wake) -> None:
        """Put case ``index``'s wake-up at the back of its class's queue."""
        first = self.first
        if first is not None and first[index]:
            self.urgent.append(waiting)
        else:
            self.waiting.append(waiting)

    def leave(self, waiting: Wake) -> bool:
        """Take ``waiting`` out of the queue; False if it is not queued (already served)."""
        for line in (self.urgent, self.waiting):
            if waiting in line:
                line.remove(waiting)
                return True
        return False


class CaseState:
    """One case while it runs: its number, arrival, visits, 补正 rounds, clock stops, make-ups.

    ``stops`` holds the clock intervals that do not count against the limit (clock-stop steps
    and make-ups of a rework with ``clock_stop``); ``pending`` the 容缺 make-ups running
    alongside, keyed by the step they must finish before (None: before the case ends).
    """

    __slots__ = ("arrival", "index", "pending", "rounds", "stops", "visits")

    def __init__(self, index: int, arrival: float) -> None:
        self.index = index
        self.arrival = arrival
        self.visits = 0
        self.rounds = 0
        self.stops: list[tuple[float, float]] | None = None
        self.pending: dict[str | None, list[tuple[Process, str]]] | None = None

    def stop_clock(self, start: float, end: float) -> None:
        """Record ``[start, end]`` as time that does not count against the limit."""
        if self.stops is None:
            self.stops = []
        self.stops.append((start, end))


class WorkRule(NamedTuple):
    """What a step's work has beyond its duration: a deadline, a clock stop, a batch gate."""

    #: The step's limit in working days, after which a default-approval (超时默认) step ends
    #: if its work has not, counted from entering the step as the law counts it
    #: (:func:`simulate.calendar.deadline`; None: no deadline).
    limit_working_days: float | None
    #: The step's time does not count against the case's limit.
    clock_stop: bool
    #: 集中办理: ``gate()`` is the event a case entering the step waits on until its batch
    #: starts (:class:`simulate.engine.batches.Gate`; None: the step is not batched).
    gate: Callable[[], Event] | None = None


Runner = Callable[[CaseState, bool], Proc]
#: One operation of a compiled flow: ``(runner, desk, values, scale, advance, meta, rule)``.
#: A general operation has a ``runner``, called with the case and whether it runs detached,
#: and nothing else. A step's work has ``runner`` None and: the ``desk`` whose staff it needs
#: (None: no staff), its sampled ``values`` indexed by case number, the ``scale`` and
#: ``advance`` of :func:`~simulate.engine.process.clock_rule`, the packed row fields ``meta`` of
#: :func:`~simulate.engine.recording.packed`, and its :class:`WorkRule` (None: neither).
Op = tuple[Runner | None, DeskState | None, Any, float, Advance | None, int, WorkRule | None]
Walker = Callable[[tuple[Op, ...], CaseState, bool, bool], Proc]


def make_walker(
    environment: simpy.Environment,
    recorder: Recorder,
    drain: Callable[[CaseState], Proc],
    timeline: Timeline,
) -> Walker:
    """The walk that runs operations for a case (see the module docstring).

    Parameters
    ----------
    environment
        The SimPy environment of the replication.
    recorder
        Where the rows and the per-case columns go.
    drain
        ``drain(case)`` waits for the make-ups still open when the case reaches its end.
    timeline
        The standard timeline: default-approval deadlines and clock stops are counted on it.
    """
    # SimPy internals Environment._queue and Environment._eid (see wake_at), bound once: the
    # walk pushes the end of each piece of work and each hand-over of a desk straight onto
    # the heap; and Environment._now, the clock, read directly at every step (the public
    # Environment.now is a property, a call per read).
    env = environment
    queue = env._queue
    eid = env._eid
    r_case, r_meta = recorder.r_case.append, recorder.r_meta.append
    r_enter, r_start, r_end = (
        recorder.r_enter.append,
        recorder.r_start.append,
        recorder.r_end.append,
    )
    c_finish, c_visits, c_rounds, c_stop = (
        recorder.c_finish,
        recorder.c_visits,
        recorder.c_rounds,
        recorder.c_stop_hours,
    )
    wake = Wake

    def expire_in_queue(desk: DeskState, waiting: Wake, expires: float) -> None:
        """At ``expires``, take ``waiting`` out of the desk's queue and wake it with EXPIRED.

        A default-approval (超时默认) step whose deadline passes before a clerk takes the case
        ends then: the case leaves the queue (a clerk who takes it first ends it at once).
        """

        def expire(_: Event) -> None:
            if desk.leave(waiting):
                waiting._value = EXPIRED
                heappush(queue, (env._now, NORMAL, next(eid), waiting))

        timer = wake_at(env, max(expires, env._now))
        timer.callbacks.append(expire)

    def walk(operations: tuple[Op, ...], case: CaseState, detached: bool, top: bool) -> Proc:
        """Run ``operations`` for ``case``; the top walk also drains make-ups, records the case."""
        index = case.index
        flag = DETACHED if detached else 0
        for runner, desk, values, scale, advance, meta, rule in operations:
            if runner is not None:
                yield from runner(case, detached)
                continue
            enter = env._now
            expires = None
            if rule is not None and rule[0] is not None:
                expires = deadline(timeline, enter, rule[0])
            ready = enter
            if rule is not None and rule[2] is not None:
                yield rule[2]()  # 集中办理: wait for the batch, a wait at the step
                ready = env._now
            held = desk
            if desk is None:
                start = ready
            elif desk.free:
                desk.free -= 1
                start = ready
            else:
                w = wake(env)
                desk.queue(index, w)
                if expires is not None:
                    expire_in_queue(desk, w, expires)
                if (yield w) is EXPIRED:  # approved by default while still in the queue
                    held = None
                start = env._now
            if held is not desk:
                end = start
            elif advance is None:
                end = start + values[index] * scale
            else:
                end = advance(start, values[index] * scale)
            if rule is not None:  # one check for plain steps; the stop is known once end is
                if expires is not None and end > expires:
                    end = max(start, expires)
                if rule[1] and not detached:
                    case.stop_clock(enter, end)
            if end > start:
                w = wake(env)
                heappush(queue, (end, NORMAL, next(eid), w))
                yield w
            if held is not None:
                if held.urgent:
                    heappush(queue, (env._now, NORMAL, next(eid), held.urgent.popleft()))
                elif held.waiting:
                    heappush(queue, (env._now, NORMAL, next(eid), held.waiting.popleft()))
                else:
                    held.free += 1
            r_case(index)
            r_meta(meta | flag)
            r_enter(enter)
            r_start(start)
            r_end(end)
        if top:
            if case.pending:
                yield from drain(case)
            c_finish[index] = env._now
            if case.visits:
                c_visits[index] = case.visits
            if case.rounds:
                c_rounds[index] = case.rounds
            if case.stops:
                c_stop[index] = union_hours(case.stops, timeline)

    return walk


def union_hours(intervals: list[tuple[float, float]], timeline: Timeline) -> float:
    """Working hours on ``timeline`` covered by the union of clock ``intervals``."""
    total = 0.0
    cur_s, cur_e = None, None
    for s0, e0 in sorted(intervals):
        if cur_e is None or s0 > cur_e:
            if cur_s is not None and cur_e is not None:
                total += timeline.between(cur_s, cur_e)
            cur_s, cur_e = s0, e0
        else:
            cur_e = max(cur_e, e0)
    if cur_s is not None and cur_e is not None:
        total += timeline.between(cur_s, cur_e)
    return total
