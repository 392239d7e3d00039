"""The fast path: every case of a replication evaluated at once with numpy, without SimPy.

Where no case can ever wait for a desk, a case's path depends only on its own draws: each
step starts when the case reaches it, and ends where the step's clock rule puts that start
(working time on the desk's office hours, natural time for delays). Then the whole flow can
be evaluated array by array, one operation per step for all cases, instead of one event per
step per case. The draws come from the same named streams the discrete-event engine reads
(:mod:`simulate.engine.streams`), by the same names and case numbers, and the clock
arithmetic is the calendar's own (:meth:`simulate.calendar.Timeline.advance_array` repeats
:meth:`~simulate.calendar.Timeline.advance` element by element), so a replication on the fast
path gives the same cases and steps as the same replication on the DES, not just the same
distribution.

When that holds is decided in one place, :func:`fast_path_reason` (None: exact). The rule,
quoted in ``docs/background/design-decisions.md`` ("The fast path"):

* every feature of the scenario is one the fast path implements: sequential, parallel,
  choice and detached flows; staffed steps and delays on their office hours; visits and
  travel; 秒批 shares; 补正 rounds with make-ups (clock stopped or not); clock-stop steps;
  超时默认 deadlines. 容缺 make-ups that run alongside (``alongside: true``) are not
  implemented;
* and no desk can be short of staff: for every desk some step uses, the most cases that can
  hold one of its staff at the same time is at most its staff. A case holds at most its
  peak (a sequence: the largest of its items; parallel branches: their sum; a choice: the
  largest option) plus everything its detached work can hold, and the number of cases is
  known in advance only for a cohort or listed arrivals. Poisson arrivals can bring any
  number of cases at once, so a scenario with Poisson arrivals is exact only if no step of
  its flow needs staff.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from simulate.calendar import Timeline, WorkCalendar, counts_in_days, timeline_of
from simulate.calendar.deadlines import counting_origin
from simulate.engine.arrivals import arrival_times
from simulate.engine.process import clock_rule
from simulate.engine.recording import AUTO, MAKEUP, TRAVEL, WORK
from simulate.engine.replication import ReplicationOutput, replication_clock
from simulate.engine.streams import Sampler, Streams
from simulate.scenario.durations import Duration
from simulate.scenario.flow import (
    Choice,
    Detached,
    Flow,
    Parallel,
    Serial,
    conditional_choices,
    flow_steps,
)
from simulate.scenario.model import Rework, Scenario, Step

__all__ = ["DES", "FAST", "desk_demand", "fast_path_reason", "run_fast_replication"]

#: The names of the two engines, as a sweep records which one ran.
FAST, DES = "fast", "des"


# -- the rule ----------------------------------------------------------------------------------
def _peak(node: Flow, steps: Mapping[str, Step], desk: str) -> int:
    """Most staff of ``desk`` one case holds at once on its own path (detached work apart)."""
    if isinstance(node, str):
        return 1 if steps[node].desk == desk else 0
    if isinstance(node, Serial):
        return max((_peak(item, steps, desk) for item in node.items), default=0)
    if isinstance(node, Parallel):
        return sum(_peak(branch, steps, desk) for branch in node.branches)
    if isinstance(node, Choice):
        return max((_peak(option, steps, desk) for _, option in node.options), default=0)
    return 0  # Detached: counted by _detached_demand, since it overlaps everything after it


def _detached_demand(node: Flow, steps: Mapping[str, Step], desk: str) -> int:
    """Staff of ``desk`` that the detached work of one case can hold, all at once at most."""
    if isinstance(node, str):
        return 0
    if isinstance(node, Serial):
        return sum(_detached_demand(item, steps, desk) for item in node.items)
    if isinstance(node, Parallel):
        return sum(_detached_demand(branch, steps, desk) for branch in node.branches)
    if isinstance(node, Choice):
        return max((_detached_demand(o, steps, desk) for _, o in node.options), default=0)
    return _peak(node.node, steps, desk) + _detached_demand(node.node, steps, desk)


def desk_demand(scenario: Scenario) -> dict[str, int]:
    """Per desk some step uses: the most of its staff one case can hold at the same time."""
    steps = {st.id: st for st in scenario.steps}
    used = {steps[s].desk for s in flow_steps(scenario.flow) if steps[s].desk is not None}
    out = {}
    for desk in sorted(d for d in used if d is not None):
        out[desk] = _peak(scenario.flow, steps, desk) + _detached_demand(scenario.flow, steps, desk)
    return out


def fast_path_reason(scenario: Scenario) -> str | None:
    """Why the fast path is not exact for ``scenario``; None when it is (see the module).

    Exact means the fast path gives the cases and steps the DES gives with the same seed:
    every feature is implemented and no case can wait for a desk.
    """
    batched = next((st.id for st in scenario.steps if st.batch is not None), None)
    if batched is not None:
        return (
            f"step {batched!r} starts cases in batches (batch:), which the fast path does not "
            "implement"
        )
    prioritised = next((d.id for d in scenario.desks if d.priority), None)
    if prioritised is not None:
        return (
            f"desk {prioritised!r} serves a priority class first (priority:), which the fast "
            "path does not implement"
        )
    if scenario.attributes or scenario.channels is not None:
        return (
            "cases carry attributes or a channel mix (attributes:, channels:), which the fast "
            "path does not implement"
        )
    if next(conditional_choices(scenario.flow), None) is not None:
        return "a choice routes cases by their attributes (when:), which the fast path does not implement"
    conditional = next((st.id for st in scenario.steps if st.when), None)
    if conditional is not None:
        return f"step {conditional!r} applies only to some cases (when:), which the fast path does not implement"
    for step_id, rework in scenario.rework:
        if rework.alongside:
            return (
                f"step {step_id!r} has 容缺 make-ups alongside (alongside: true), which the "
                "fast path does not implement"
            )
    demand = {d: n for d, n in desk_demand(scenario).items() if n > 0}
    if not demand:
        return None
    arrivals = scenario.arrivals
    if arrivals.kind == "cohort":
        cases = arrivals.cohort
    elif arrivals.kind == "listed":
        cases = len(arrivals.times)
    else:
        desk = next(iter(demand))
        return (
            f"Poisson arrivals can bring more cases at once than desk {desk!r} has staff, so "
            "cases can queue"
        )
    staff = {d.id: d.staff for d in scenario.desks}
    for desk, per_case in demand.items():
        if cases * per_case > staff[desk]:
            return (
                f"desk {desk!r} has {staff[desk]} staff, but {cases} cases x {per_case} can "
                "need it at once, so cases can queue"
            )
    return None


# -- the evaluation ----------------------------------------------------------------------------
def run_fast_replication(scenario: Scenario, replication: int, seed: int) -> ReplicationOutput:
    """One replication of ``scenario`` on the fast path: the output :func:`run_replication`
    gives for the same ``(seed, replication)`` where :func:`fast_path_reason` is None.

    Raises
    ------
    ValueError
        If the fast path is not exact for the scenario (the reason is in the message).
    simulate.errors.CalendarError
        If work runs past the last day the work calendar covers.
    """
    reason = fast_path_reason(scenario)
    if reason is not None:
        raise ValueError(f"the fast path is not exact for {scenario.name!r}: {reason}")
    calendar, streams, horizon, warmup = replication_clock(scenario, seed, replication)
    times = np.ascontiguousarray(
        arrival_times(scenario, calendar, streams, horizon), dtype=np.float64
    )
    evaluation = _Evaluation(scenario, calendar, streams, len(times))
    finish = evaluation.flow(scenario.flow, np.arange(len(times)), times.copy(), False)
    out = ReplicationOutput(replication, warmup, horizon, evaluation.last(times, finish))
    out.case_cols = {
        "case": np.arange(len(times), dtype=np.int64),
        "arrival_h": times,
        "finish_h": finish,
        "visits": evaluation.visits,
        "rework_rounds": evaluation.rounds,
        "clock_stop_hours": evaluation.stopped_hours(),
    }
    out.step_cols = evaluation.step_columns()
    return out


class _Evaluation:
    """The flow evaluated for arrays of cases: ``idx`` (case numbers) at clock times ``t``."""

    def __init__(
        self, scenario: Scenario, calendar: WorkCalendar, streams: Streams, n_cases: int
    ) -> None:
        self.n = n_cases
        self.streams = streams
        self.standard = timeline_of(calendar)
        self.desk_timelines = {d.id: timeline_of(calendar, d.hours) for d in scenario.desks}
        self.steps = {st.id: st for st in scenario.steps}
        self.code = {st.id: i for i, st in enumerate(scenario.steps)}
        self.rework: dict[str, Rework] = dict(scenario.rework)
        self.draws: dict[str, np.ndarray] = {}
        self.visits = np.zeros(n_cases, dtype=np.int16)
        self.rounds = np.zeros(n_cases, dtype=np.int16)
        # step rows: (cases, step code, round, phase, detached, enter, start, end)
        self.rows: list[tuple[np.ndarray, int, int, int, bool, np.ndarray, np.ndarray, np.ndarray]]
        self.rows = []
        self.stops: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def draw(self, name: str, sampler: Sampler | None = None) -> np.ndarray:
        """The first ``n`` draws of stream ``name``, the values the DES reads by case number."""
        values = self.draws.get(name)
        if values is None:
            if sampler is None:
                values = self.streams.head(name, self.n)
            else:
                values = self.streams.head(name, self.n, sampler)
            self.draws[name] = values
        return values

    def record(
        self,
        idx: np.ndarray,
        key: tuple[int, int, int, bool],
        enter: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
    ) -> None:
        if len(idx):
            self.rows.append((idx, *key, enter, start, end))

    # -- clock rules ---------------------------------------------------------------------------
    @staticmethod
    def ends(
        duration: Duration, timeline: Timeline, start: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """Where sampled ``values`` started at ``start`` end (:func:`clock_rule`, in arrays)."""
        scale, advance = clock_rule(duration, timeline)
        if advance is None:
            out: np.ndarray = start + values * scale
            return out
        return timeline.advance_array(start, values * scale)

    def deadline(self, enter: np.ndarray, limit: float) -> np.ndarray:
        """:func:`simulate.calendar.deadline` for an array of entry times."""
        std = self.standard
        if counts_in_days(limit):
            origin = counting_origin(std, enter)
            expires: np.ndarray = std.clock_at_array(origin + round(limit) * std.hours_per_day)
            return expires
        return std.advance_array(enter, np.full(len(enter), limit * std.hours_per_day))

    # -- the flow ------------------------------------------------------------------------------
    def flow(self, node: Flow, idx: np.ndarray, t: np.ndarray, detached: bool) -> np.ndarray:
        """Clock times at which cases ``idx``, entering ``node`` at ``t``, leave it."""
        if len(idx) == 0:
            return t
        if isinstance(node, str):
            return self.step(self.steps[node], idx, t, detached)
        if isinstance(node, Serial):
            for item in node.items:
                t = self.flow(item, idx, t, detached)
            return t
        if isinstance(node, Parallel):
            ends = [self.flow(branch, idx, t, detached) for branch in node.branches]
            return np.maximum.reduce(ends) if ends else t
        if isinstance(node, Choice):
            u = self.draw(f"choice:{node.key or _node_key(node)}")[idx]
            cums, acc = [], 0.0
            for p, _ in node.options:
                acc += p
                cums.append(acc)
            chosen = np.minimum(np.searchsorted(cums, u, side="right"), len(cums) - 1)
            out = t.copy()
            for k, (_, option) in enumerate(node.options):
                sel = chosen == k
                if sel.any():
                    out[sel] = self.flow(option, idx[sel], t[sel], detached)
            return out
        return self.detached(node, idx, t)

    def detached(self, node: Detached, idx: np.ndarray, t: np.ndarray) -> np.ndarray:
        u = self.draw(f"detached:{node.key or _node_key(node)}")[idx]
        sel = u < node.share
        if sel.any():
            self.flow(node.node, idx[sel], t[sel], True)
        return t

    def step(self, step: Step, idx: np.ndarray, t: np.ndarray, detached: bool) -> np.ndarray:
        """A step with its 补正 rounds: serve, and while documents are missing, make up and redo."""
        rework = self.rework.get(step.id)
        out = np.empty_like(t)
        pos = np.arange(len(idx))
        round_number = 0
        code = self.code[step.id]
        while True:
            t = self.serve(step, round_number, idx, t, detached)
            if rework is None or round_number >= rework.max_rounds:
                out[pos] = t
                return out
            again = self.draw(f"rework:{step.id}#{round_number}")[idx] < rework.p_incomplete
            out[pos[~again]] = t[~again]
            idx, t, pos = idx[again], t[again], pos[again]
            if len(idx) == 0:
                return out
            if not detached:
                self.rounds[idx] += 1
            sampled = self.draw(f"makeup:{step.id}#{round_number}", rework.makeup.sample)[idx]
            end = self.ends(rework.makeup, self.standard, t, sampled)
            self.record(idx, (code, round_number, MAKEUP, detached), t, t, end)
            if rework.clock_stop and not detached:
                self.stops.append((idx, t, end))
            t = end
            round_number += 1

    def serve(
        self, step: Step, round_number: int, idx: np.ndarray, t: np.ndarray, detached: bool
    ) -> np.ndarray:
        """One pass through a step: travel to a visit, 秒批 or the step's work."""
        code = self.code[step.id]
        timeline = self.desk_timelines[step.desk] if step.desk is not None else self.standard
        if step.visit and not detached:
            self.visits[idx] += 1
            if step.travel is not None:
                # an applicant sets off while the desk is open (not at night after a make-up)
                depart = t if step.desk is None else timeline.next_open_array(t)
                sampled = self.draw(f"travel:{step.id}", step.travel.sample)[idx]
                arrive = self.ends(step.travel, self.standard, depart, sampled)
                self.record(idx, (code, round_number, TRAVEL, detached), t, depart, arrive)
                t = arrive
        if step.auto_share > 0:
            auto = self.draw(f"auto:{step.id}")[idx] < step.auto_share
            self.record(idx[auto], (code, round_number, AUTO, detached), *(t[auto],) * 3)
            out = t.copy()
            work = ~auto
            out[work] = self.work(step, round_number, idx[work], t[work], detached, timeline)
            return out
        return self.work(step, round_number, idx, t, detached, timeline)

    def work(
        self,
        step: Step,
        round_number: int,
        idx: np.ndarray,
        t: np.ndarray,
        detached: bool,
        timeline: Timeline,
    ) -> np.ndarray:
        """The step's own work, as the walk defines it: no wait, so it starts on entering."""
        if len(idx) == 0:
            return t
        name = f"duration:{step.id}" + (f"#{round_number}" if round_number else "")
        end = self.ends(step.duration, timeline, t, self.draw(name, step.duration.sample)[idx])
        if step.default_approval and step.limit_working_days:
            expires = self.deadline(t, step.limit_working_days)
            end = np.where(end > expires, np.maximum(t, expires), end)
        if step.clock_stop and not detached:
            self.stops.append((idx, t, end))
        self.record(idx, (self.code[step.id], round_number, WORK, detached), t, t, end)
        return end

    # -- the output ----------------------------------------------------------------------------
    def last(self, times: np.ndarray, finish: np.ndarray) -> float:
        """The clock of the DES's last event: the latest arrival, step end or finish."""
        ends = [float(times.max())] if len(times) else [0.0]
        ends += [float(finish.max())] if len(finish) else []
        ends += [float(row[-1].max()) for row in self.rows]
        return max(ends)

    def stopped_hours(self) -> np.ndarray:
        """Per case, working hours in the union of its clock stops (as ``union_hours``)."""
        out = np.zeros(self.n)
        if not self.stops:
            return out
        owner = np.concatenate([s[0] for s in self.stops])
        start = np.concatenate([s[1] for s in self.stops])
        end = np.concatenate([s[2] for s in self.stops])
        order = np.lexsort((end, start, owner))
        owner, start, end = owner[order], start[order], end[order]
        reach = pd.Series(end).groupby(owner).cummax().to_numpy()
        first = np.ones(len(owner), dtype=bool)
        first[1:] = owner[1:] != owner[:-1]
        fresh = first.copy()
        fresh[1:] |= start[1:] > reach[:-1]
        heads = np.flatnonzero(fresh)
        merged_end = np.maximum.reduceat(end, heads)
        std = self.standard
        hours = std.work_at_array(merged_end) - std.work_at_array(start[heads])
        out += np.bincount(owner[heads], weights=hours, minlength=self.n)
        return out

    def step_columns(self) -> dict[str, np.ndarray]:
        """The step rows in the columns of :meth:`Recorder.step_columns`."""
        rows = self.rows
        sizes = [len(r[0]) for r in rows]

        def repeat(position: int, dtype: type[np.generic]) -> np.ndarray:
            return np.repeat(np.array([r[position] for r in rows], dtype=dtype), sizes)

        def joined(position: int) -> np.ndarray:
            if not rows:
                return np.empty(0)
            return np.concatenate([np.asarray(r[position], dtype=np.float64) for r in rows])

        return {
            "case": np.concatenate([r[0] for r in rows]).astype(np.int64, copy=False)
            if rows
            else np.empty(0, dtype=np.int64),
            "step_code": repeat(1, np.int16),
            "round": repeat(2, np.int16),
            "phase_code": repeat(3, np.int8),
            "detached": repeat(4, np.bool_),
            "enter_h": joined(5),
            "start_h": joined(6),
            "end_h": joined(7),
        }


def _node_key(node: Flow) -> str:
    return ",".join(flow_steps(node))
