"""集中办理: the gate where cases gather before a batched step and start it together.

A step with ``batch:`` (:class:`simulate.scenario.model.Batch`) holds each case that reaches
it until its batch is released: at the next session (every ``every_working_days`` working
days, at the opening of the step's office hours, counted from the first opening of the run)
or as soon as ``size`` cases have gathered, whichever comes first. Released cases go on, in
the order they gathered, to the step's work as the walk runs it (queueing for the desk's
staff, if any); the row's wait (enter to start) includes the time spent gathering.

A session is put on the schedule only while a case is waiting for it, so an idle step costs
no events. The gate draws no random numbers.
"""

from __future__ import annotations

import simpy
from simpy.events import Event

from simulate.calendar import Timeline
from simulate.engine.primitives import wake_at
from simulate.scenario.model import Batch


class Gate:
    """The cases gathered before one batched step, and when the next session is."""

    __slots__ = ("env", "every", "gathered", "number", "origin", "planned", "size", "timeline")

    def __init__(self, environment: simpy.Environment, timeline: Timeline, batch: Batch) -> None:
        self.env = environment
        self.timeline = timeline
        self.size = batch.size
        self.every = (
            batch.every_working_days * timeline.hours_per_day
            if batch.every_working_days is not None
            else None
        )
        self.gathered: list[Event] = []
        self.origin = timeline.next_open(0.0) if self.every is not None else 0.0
        self.number = 0  # the session ``self.session(number)`` is the next one not yet past
        self.planned: float | None = None  # the session on the schedule, if any

    def session(self, number: int) -> float:
        """Clock time of session ``number`` (0: the first opening of the run)."""
        assert self.every is not None
        if number == 0:
            return self.origin
        return self.timeline.next_open(self.timeline.advance(self.origin, number * self.every))

    def wait(self) -> Event:
        """The event a case arriving now waits on: it fires when the case's batch is released."""
        waiting = self.env.event()
        self.gathered.append(waiting)
        if self.size is not None and len(self.gathered) >= self.size:
            self.release()
        elif self.every is not None and self.planned is None:
            now = self.env.now
            while self.session(self.number) < now:
                self.number += 1
            self.planned = self.session(self.number)
            timer = wake_at(self.env, self.planned)
            timer.callbacks.append(self.on_session)
        return waiting

    def on_session(self, _: Event) -> None:
        """A session: every gathered case starts."""
        self.planned = None
        self.release()

    def release(self) -> None:
        """Wake every gathered case now, in the order they gathered."""
        for waiting in self.gathered:
            waiting.succeed()
        self.gathered = []


__all__ = ["Gate"]
