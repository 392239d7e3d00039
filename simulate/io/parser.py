"""The scenario parser: every section of a scenario file checked and built into dataclasses.

:class:`ScenarioParser` reads the top level, limits, thresholds, desks, steps and rework; the
typed field checks come from :class:`~simulate.io.fields.FieldReader`, the calendar and
arrivals from :class:`~simulate.io.settings_parser.SettingsReader` and the flow from
:class:`~simulate.io.flow_parser.FlowReader`. Every problem is
collected, not raised; :mod:`simulate.io.loader` raises them together.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Literal

from simulate.calendar import OfficeHours
from simulate.errors import did_you_mean
from simulate.io.duration_parser import parse_duration
from simulate.io.fields import show, whole_number
from simulate.io.flow_parser import FlowReader
from simulate.io.settings_parser import SettingsReader
from simulate.io.targets_parser import TargetsReader
from simulate.io.yamlsrc import Located, PathKey
from simulate.limits import REPLICATIONS, REWORK_ROUNDS, raise_hint
from simulate.scenario.durations import Duration
from simulate.scenario.model import (
    ACTORS,
    Desk,
    Rework,
    Scenario,
    Step,
    Threshold,
)
from simulate.strings import text

#: Longest scenario name (it names the output folder).
MAX_NAME = 100
#: Years a run may start in.
FIRST_YEAR, LAST_YEAR = 1949, 2199
#: Longest run: a century of working days.
MAX_HORIZON_WORKING_DAYS = 25_000.0
#: Largest seed (seeds drawn from entropy are below 2**63 too).
MAX_SEED = 2**63 - 1


class ScenarioParser(FlowReader, SettingsReader, TargetsReader):
    """Checks raw YAML data and builds dataclasses, collecting every problem.

    ``known_reforms`` are the registered reform names, for early checks of ``reforms:``
    entries; the loader passes them in, so reading a file does not import the reform library.
    """

    def __init__(
        self, located: Located, base_dir: Path, known_reforms: Collection[str] = ()
    ) -> None:
        super().__init__(located, base_dir)
        self.known_reforms = tuple(known_reforms)

    def scenario(self, data: dict[str, Any]) -> Scenario | None:
        self.keys(data, "scenario", (), required=("name", "start", "arrivals", "steps", "flow"))
        name = self.text(data, "name", ())
        if "name" in data and not (
            name
            and len(name) <= MAX_NAME
            and name.replace("_", "a").isalnum()
            and name.isascii()
            and name[0].isalpha()
        ):
            self.fail(
                ("name",),
                text("problem.name", longest=MAX_NAME, value=show(data["name"])),
                text("problem.name_fix", example="gas_connection_2021"),
            )
        start = self.date(data["start"], ("start",)) if "start" in data else None
        if start is not None and not FIRST_YEAR <= start.year <= LAST_YEAR:
            self.fail(
                ("start",),
                text("problem.start_year", first=FIRST_YEAR, last=LAST_YEAR, value=start),
                text("problem.check_year"),
            )
            start = None
        horizon = self.number(
            data,
            "horizon_working_days",
            (),
            default=250.0,
            positive=True,
            maximum=MAX_HORIZON_WORKING_DAYS,
        )
        warmup = self.number(data, "warmup_working_days", (), default=0.0, minimum=0.0)
        if horizon is not None and warmup is not None and warmup >= horizon:
            self.fail(
                ("warmup_working_days",),
                text("problem.warmup", horizon=horizon, value=warmup),
                text("problem.warmup_fix"),
            )
        reps = self.number(
            data,
            "replications",
            (),
            default=10,
            minimum=1,
            maximum=REPLICATIONS.value(),
            integer=True,
        )
        seed = self.seed(data)
        documents = data.get("documents", [])
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            self.fail(
                ("documents",),
                text("problem.documents", value=show(documents)),
                text("problem.write", example="[000_f80ffa6c48ad881a.txt]"),
            )
            documents = []
        calendar = self.calendar(data.get("calendar", {}))
        arrivals = self.arrivals(data["arrivals"]) if "arrivals" in data else None
        hpd = calendar.office_hours.hours_per_day if calendar is not None else 7.0
        limit, limit_source, limit_statistic = self.time_limit(data.get("time_limit"), hpd)
        thresholds = self.thresholds(data.get("thresholds", []), hpd)
        desks = self.desks(data.get("desks", {}))
        steps = self.steps(data["steps"], hpd) if "steps" in data else ()
        flow = self.flow(data["flow"], ("flow",)) if "flow" in data else None
        rework = self.rework(data.get("rework", {}))
        targets = self.targets(data["targets"], hpd) if "targets" in data else ()
        attributes = self.attributes(data["attributes"]) if "attributes" in data else ()
        channels = self.channels(data["channels"], attributes) if "channels" in data else None
        reforms = data.get("reforms", [])
        if not isinstance(reforms, list):
            self.fail(
                ("reforms",),
                text("problem.not_list", value=show(reforms)),
                text("problem.write", example="- parallel_approval: {steps: [a, b]}"),
            )
        raw_steps = data.get("steps")
        if isinstance(raw_steps, list) and "flow" in data:
            ids = [
                str(item.get("id"))
                for item in raw_steps
                if isinstance(item, Mapping) and "id" in item
            ]
            self.early_flow(data["flow"], ("flow",), ids, set())
        if self.problems:
            self.early_references(data, desks, reforms, self.known_reforms)
        if self.problems or start is None or arrivals is None or flow is None or calendar is None:
            return None
        return Scenario(
            name=name,
            label=self.text(data, "label", ()),
            process=self.text(data, "process", ()),
            description=self.text(data, "description", ()).strip(),
            documents=tuple(documents),
            start=start,
            horizon_working_days=horizon or 250.0,
            warmup_working_days=warmup or 0.0,
            replications=int(reps or 10),
            seed=None if seed is None else int(seed),
            calendar=calendar,
            arrivals=arrivals,
            time_limit_working_days=limit,
            time_limit_source=limit_source,
            time_limit_statistic=limit_statistic,
            time_limit_by=self.limit_classes(data.get("time_limit"), hpd, limit_statistic),
            thresholds=thresholds,
            desks=desks,
            steps=steps,
            flow=flow,
            rework=rework,
            targets=targets,
            attributes=attributes,
            channels=channels,
        )

    def seed(self, data: Mapping[str, Any]) -> int | None:
        """The seed, exactly (a float would round seeds above 2**53 to a different seed)."""
        if "seed" not in data or data["seed"] is None:
            return None
        value = whole_number(data["seed"], low=0, high=MAX_SEED)
        if value is None:
            self.fail(
                ("seed",),
                text("problem.seed", value=show(data["seed"])),
                text("problem.seed_fix", example="seed: 20240301"),
            )
        return value

    def early_references(
        self,
        data: Mapping[str, Any],
        desks: tuple[Desk, ...],
        reforms: Any,
        known_reforms: Collection[str],
    ) -> None:
        """Reference checks worth reporting even when other parts of the file are broken.

        ``known_reforms`` are the registered reform names (the loader passes them in: reading
        a file does not depend on the reform library).
        """
        known = [d.id for d in desks]
        raw_desks = data.get("desks")
        if isinstance(raw_desks, Mapping):
            known = [str(k) for k in raw_desks]
        steps = data.get("steps")
        if isinstance(steps, list):
            for i, item in enumerate(steps):
                desk = item.get("desk") if isinstance(item, Mapping) else None
                if isinstance(desk, str) and desk not in known:
                    self.fail(
                        ("steps", i, "desk"),
                        text("problem.unknown_desk", name=desk),
                        did_you_mean(desk, known),
                    )
        if isinstance(reforms, list):
            for i, entry in enumerate(reforms):
                name = (
                    entry
                    if isinstance(entry, str)
                    else next(iter(entry), None)
                    if isinstance(entry, Mapping)
                    else None
                )
                if isinstance(name, str) and name not in known_reforms:
                    self.problems.append(
                        self.loc.reform_problem(
                            i,
                            (name,),
                            text("error.unknown_reform", name=name),
                            did_you_mean(name, known_reforms),
                        )
                    )

    def working_limit(
        self, data: Mapping[str, Any], path: PathKey, schema: str, hours_per_day: float
    ) -> float | None:
        """A limit given as ``{working_days: N}`` or ``{working_hours: N}``, in working days."""
        self.keys(data, schema, path)
        return self.days_or_hours(data, path, hours_per_day, "{working_days: 7}")

    def time_limit(
        self, value: Any, hours_per_day: float
    ) -> tuple[float | None, str | None, Literal["max", "mean"]]:
        if value is None:
            return None, None, "max"
        path: PathKey = ("time_limit",)
        data = self.mapping(value, path, "{working_days: N}")
        if data is None:
            return None, None, "max"
        prov = self.provenance(data, path)
        statistic: Literal["max", "mean"] = "max"
        raw = data.get("statistic", "max")
        if raw in ("max", "mean"):
            statistic = raw
        else:
            self.fail(
                (*path, "statistic"),
                text("problem.max_or_mean", value=show(raw)),
                text("problem.statistic_fix", within="以内", mean="平均"),
            )
        limit = self.working_limit(data, path, "time_limit", hours_per_day)
        return limit, prov["source"] or prov["assumption"], statistic

    def thresholds(self, value: Any, hours_per_day: float) -> tuple[Threshold, ...]:
        out = []
        example = "- {working_days: 0.5, label: 半日办结率}"
        for path, data in self.entries(
            value, "thresholds", "{working_days: N, label: ...}", example
        ):
            self.keys(data, "threshold", path)
            given = sum(k in data for k in ("working_days", "working_hours"))
            days = self.days_or_hours(
                data, path, hours_per_day, "{working_days: 0.5, label: 半日办结率}"
            )
            if given != 1:  # reported; the rest of the entry is not read
                continue
            target = (
                self.probability(data, "target_share", path, default=0.0)
                if "target_share" in data
                else None
            )
            if days is not None:
                out.append(
                    Threshold(
                        working_days=days,
                        label=self.text(data, "label", path),
                        target_share=target,
                        **self.provenance(data, path),
                    )
                )
        return tuple(out)

    def desks(self, value: Any) -> tuple[Desk, ...]:
        data = self.mapping(value, ("desks",), "desk id -> {staff: N, ...}")
        if data is None:
            return ()
        out = []
        for desk_id, item in data.items():
            path: PathKey = ("desks", desk_id)
            self.identifier(desk_id, path, "desk")
            spec = self.mapping(item, path, "{staff: N, hours: ...}")
            if spec is None:
                continue
            self.keys(spec, "desk", path, required=("staff",))
            staff = self.number(spec, "staff", path, minimum=1, integer=True)
            every_day = self.flag(spec, "every_day", path)
            hours = None
            if "hours" in spec:
                hours = self.hours(spec["hours"], (*path, "hours"), every_day=every_day)
            elif every_day:
                hours = OfficeHours.parse("24h", every_day=True)
            priority = (
                self.conditions(spec["priority"], (*path, "priority")) if "priority" in spec else ()
            )
            if staff is not None:
                out.append(
                    Desk(
                        id=str(desk_id),
                        label=self.text(spec, "label", path),
                        staff=int(staff),
                        hours=hours,
                        range=self.value_range(spec, path, (1, math.inf), "a staff count"),
                        priority=priority,
                        **self.provenance(spec, path),
                    )
                )
        return tuple(out)

    def steps(self, value: Any, hours_per_day: float = 7.0) -> tuple[Step, ...]:
        out = []
        example = "- {id: apply, label: 申请, duration: {working_hours: 1}}"
        for path, data in self.entries(
            value, "steps", "a step", example, problem="problem.steps", required=True
        ):
            self.keys(data, "step", path, required=("id", "duration"))
            step_id = data.get("id")
            self.identifier(step_id, (*path, "id"), "step")
            duration = (
                self.duration(data["duration"], (*path, "duration")) if "duration" in data else None
            )
            travel = self.duration(data["travel"], (*path, "travel")) if "travel" in data else None
            limit = None
            if "limit" in data:
                lim = self.mapping(data["limit"], (*path, "limit"), "{working_days: N}")
                if lim is not None:
                    limit = self.working_limit(lim, (*path, "limit"), "limit", hours_per_day)
            actor = data.get("actor", "agency")
            if actor not in ACTORS:
                self.fail(
                    (*path, "actor"),
                    text("problem.actor", value=show(actor)),
                    text("problem.use", names=", ".join(ACTORS)),
                )
                actor = "agency"
            desk = data.get("desk")
            if desk is not None and not isinstance(desk, str):
                self.fail(
                    (*path, "desk"),
                    text("problem.desk_id", value=show(desk)),
                    text("problem.write", example="desk: counter"),
                )
                desk = None
            documents = self.number(data, "documents", path, minimum=0, integer=True)
            fee = self.number(data, "fee", path, minimum=0)
            when = self.conditions(data["when"], (*path, "when")) if "when" in data else ()
            stage = self.stage(data, path)
            if duration is None or not isinstance(step_id, str):
                continue
            out.append(
                Step(
                    id=step_id,
                    label=self.text(data, "label", path),
                    stage=stage,
                    duration=duration,
                    desk=desk,
                    actor=actor,
                    limit_working_days=limit,
                    visit=self.flag(data, "visit", path),
                    travel=travel,
                    documents=None if documents is None else int(documents),
                    procedure=self.flag(data, "procedure", path, default=True),
                    clock_stop=self.flag(data, "clock_stop", path),
                    default_approval=self.flag(data, "default_approval", path),
                    auto_share=self.probability(data, "auto_share", path),
                    fee=fee,
                    when=when,
                    batch=self.batch(data, path),
                    **self.provenance(data, path),
                )
            )
        return tuple(out)

    def stage(self, data: Mapping[str, Any], path: PathKey) -> str | None:
        """The step's stage: non-empty text on one line, or None when not given."""
        if data.get("stage") is None:
            return None
        value = data["stage"]
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            self.fail(
                (*path, "stage"),
                text("problem.stage.not_text", value=show(value)),
                text("problem.stage.fix", example="stage: 工程建设许可"),
            )
            return None
        return value.strip()

    def duration(self, value: Any, path: PathKey) -> Duration | None:
        return parse_duration(value, path, self.fail)

    def rework(self, value: Any) -> tuple[tuple[str, Rework], ...]:
        data = self.mapping(value, ("rework",), "step id -> {p_incomplete: p, makeup: duration}")
        if data is None:
            return ()
        out = []
        for step_id, item in data.items():
            path: PathKey = ("rework", step_id)
            spec = self.mapping(item, path, "{p_incomplete: p, makeup: duration}")
            if spec is None:
                continue
            self.keys(spec, "rework", path, required=("p_incomplete", "makeup"))
            p = self.probability(spec, "p_incomplete", path)
            makeup = self.duration(spec["makeup"], (*path, "makeup")) if "makeup" in spec else None
            rounds = self.number(spec, "max_rounds", path, default=3, minimum=1, integer=True)
            if rounds is not None and rounds > REWORK_ROUNDS.value():
                self.fail(
                    (*path, "max_rounds"),
                    text("problem.rounds", rounds=rounds, rework="补正"),
                    raise_hint(REWORK_ROUNDS),
                )
                rounds = None
            before = spec.get("before")
            if before is not None and not isinstance(before, str):
                self.fail(
                    (*path, "before"),
                    text("problem.step_id", value=show(before)),
                    text("problem.write", example="before: issue"),
                )
                before = None
            if makeup is None or rounds is None:
                continue
            out.append(
                (
                    str(step_id),
                    Rework(
                        p_incomplete=p,
                        makeup=makeup,
                        max_rounds=int(rounds),
                        alongside=self.flag(spec, "alongside", path),
                        before=before,
                        p_fail=self.probability(spec, "p_fail", path),
                        clock_stop=self.flag(spec, "clock_stop", path),
                        range=self.value_range(spec, path, (0, 1), "a probability"),
                        **self.provenance(spec, path),
                    ),
                )
            )
        return tuple(out)
