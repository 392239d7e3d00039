"""The ``targets:``, ``attributes:``, ``channels:`` and ``when:`` sections of a scenario file.

:class:`TargetsReader` checks each and builds :class:`~simulate.scenario.targets.Target`,
:class:`~simulate.scenario.attributes.Attribute`, :class:`~simulate.scenario.attributes.Channels`
and :class:`~simulate.scenario.attributes.Condition` values, collecting every problem with
its file and line like the rest of the parser. References (stage steps, attribute names in
``when``) are checked on the built scenario (:mod:`simulate.scenario.target_checks`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from simulate.io.duration_parser import parse_duration
from simulate.io.fields import FieldReader, show
from simulate.io.yamlsrc import PathKey
from simulate.scenario.attributes import (
    Attribute,
    Channels,
    Condition,
    LimitClass,
    mixed_share,
)
from simulate.scenario.targets import COUNT_KINDS, TARGET_KINDS, TIME_KINDS, Statistic, Target
from simulate.strings import text

_PLACEHOLDER_UNIT = "natural_days"  # an attribute's distribution is a duration shape, unit unused


class TargetsReader(FieldReader):
    """Reads targets, case attributes, the channel mix and conditions."""

    def targets(self, value: Any, hours_per_day: float) -> tuple[Target, ...]:
        out = []
        example = "- {kind: visits, max: 1, label: 最多跑一次, source: ...}"
        for path, data in self.entries(value, "targets", "{kind: ..., ...}", example):
            target = self.target(data, path, hours_per_day)
            if target is not None:
                out.append(target)
        return tuple(out)

    def target(self, data: Mapping[str, Any], path: PathKey, hours_per_day: float) -> Target | None:
        self.keys(data, "target", path, required=("kind",))
        kind = data.get("kind")
        if kind not in TARGET_KINDS:
            if "kind" in data:
                self.fail(
                    (*path, "kind"),
                    text("problem.target_kind", value=show(kind)),
                    text("problem.use", names=", ".join(TARGET_KINDS)),
                )
            return None
        allowed = {
            "time": ("working_days", "working_hours", "statistic", "share"),
            "stage": ("working_days", "working_hours", "statistic", "share", "steps"),
            "online": ("min",),
        }.get(kind, ("max", "mean", "share"))
        measures = ("working_days", "working_hours", "max", "mean", "min", "statistic", "share")
        for key in (*measures, "steps"):
            if key in data and key not in allowed:
                self.fail(
                    (*path, key),
                    text("problem.target_key", kind=kind),
                    text("problem.allowed_here", names=", ".join(allowed)),
                )
        statistic: Statistic = "max"
        value: float | None = None
        if kind in TIME_KINDS:
            units = sum(k in data for k in ("working_days", "working_hours"))
            value = self.days_or_hours(
                data, path, hours_per_day, f"{{kind: {kind}, working_days: 5}}"
            )
            if units != 1:  # reported; the rest of the target is not read
                return None
            raw = data.get("statistic", "max")
            if raw in ("max", "mean"):
                statistic = raw
            else:
                self.fail(
                    (*path, "statistic"),
                    text("problem.max_or_mean", value=show(raw)),
                    text("problem.target_statistic_fix", within="以内", mean="平均"),
                )
        elif kind in COUNT_KINDS:
            given = [k for k in ("max", "mean") if k in data]
            if len(given) != 1:
                self.fail(
                    path,
                    text(
                        "problem.exactly_one", names="max, mean", got=given or text("problem.none")
                    ),
                    text("problem.write", example=f"{{kind: {kind}, max: 1}}"),
                )
                return None
            statistic = "max" if given[0] == "max" else "mean"
            value = self.number(data, given[0], path, minimum=0.0)
        else:
            statistic = "min"
            if "min" not in data:
                self.fail(
                    path, text("problem.target_min"), text("problem.write", example="min: 0.95")
                )
                return None
            value = self.probability(data, "min", path, default=math.nan)
        share = None
        if "share" in data:
            share = self.probability(data, "share", path, default=1.0)
            if statistic == "mean":
                self.fail(
                    (*path, "share"),
                    text("problem.target_share"),
                    text("problem.target_share_fix"),
                )
        steps: tuple[str, ...] = ()
        if kind == "stage":
            raw_steps = data.get("steps")
            if not (
                isinstance(raw_steps, list)
                and raw_steps
                and all(isinstance(x, str) for x in raw_steps)
            ):
                self.fail(
                    (*path, "steps"),
                    text("problem.stage_steps", value=show(raw_steps)),
                    text("problem.write", example="steps: [review, approve]"),
                )
                return None
            steps = tuple(raw_steps)
        when = self.conditions(data["when"], (*path, "when")) if "when" in data else ()
        if value is None or math.isnan(value):
            return None
        return Target(
            kind=kind,
            value=value,
            statistic=statistic,
            share=share,
            steps=steps,
            when=when,
            label=self.text(data, "label", path),
            source=self.provenance(data, path)["source"],
            assumption=self.provenance(data, path)["assumption"],
        )

    def limit_classes(
        self, value: Any, hours_per_day: float, statistic: str
    ) -> tuple[LimitClass, ...]:
        """``time_limit: {by: [{when: {...}, working_days: N}, ...]}``: limits per class."""
        if not isinstance(value, Mapping) or "by" not in value:
            return ()
        path: PathKey = ("time_limit", "by")
        if statistic == "mean":
            self.fail(path, text("problem.limit.by_mean"), text("problem.limit.by_mean_fix"))
            return ()
        items = value["by"]
        if not isinstance(items, list) or not items:
            self.fail(
                path,
                text("problem.not_list", value=show(items)),
                text("problem.write", example="- {when: {project: simple}, working_days: 5}"),
            )
            return ()
        out = []
        for i, item in enumerate(items):
            data = self.mapping(item, (*path, i), "{when: {...}, working_days: N}")
            if data is None:
                continue
            self.keys(data, "limit_class", (*path, i), required=("when",))
            when = self.conditions(data["when"], (*path, i, "when")) if "when" in data else ()
            days = self.class_limit(data, (*path, i), hours_per_day)
            prov = self.provenance(data, (*path, i))
            if when and days is not None:
                out.append(
                    LimitClass(
                        when=when,
                        working_days=days,
                        source=prov["source"],
                        assumption=prov["assumption"],
                    )
                )
        return tuple(out)

    def class_limit(
        self, data: Mapping[str, Any], path: PathKey, hours_per_day: float
    ) -> float | None:
        """A class's limit: ``working_days`` or ``working_hours``, in working days."""
        example = "{when: {project: simple}, working_days: 5}"
        return self.days_or_hours(data, path, hours_per_day, example)

    def conditions(self, value: Any, path: PathKey) -> tuple[Condition, ...]:
        """``{name: {min: a, max: b}}`` for a number, ``{name: value}`` or ``{name: [values]}``."""
        data = self.mapping(value, path, "attribute -> {min, max} or a category")
        if data is None:
            return ()
        out = []
        for name, test in data.items():
            p: PathKey = (*path, name)
            if isinstance(test, str):
                out.append(Condition(attribute=str(name), values=(test,)))
            elif isinstance(test, list) and test and all(isinstance(x, str) for x in test):
                out.append(Condition(attribute=str(name), values=tuple(test)))
            elif isinstance(test, Mapping) and test and set(test) <= {"min", "max"}:
                low = self.number(test, "min", p)
                high = self.number(test, "max", p)
                if low is not None and high is not None and low > high:
                    self.fail(p, text("problem.min_max", low=low, high=high), text("problem.swap"))
                    continue
                if ("min" in test and low is None) or ("max" in test and high is None):
                    continue
                out.append(Condition(attribute=str(name), minimum=low, maximum=high))
            else:
                self.fail(
                    p,
                    text("problem.condition", value=show(test)),
                    text(
                        "problem.write_eg_or",
                        example="capacity_kva: {max: 160}",
                        other="project_type: [simple, low_risk]",
                    ),
                )
        return tuple(out)

    def attributes(self, value: Any) -> tuple[Attribute, ...]:
        data = self.mapping(value, ("attributes",), "name -> {shares: ...} or {distribution: ...}")
        if data is None:
            return ()
        out = []
        for name, item in data.items():
            path: PathKey = ("attributes", name)
            self.identifier(name, path, "attribute")
            if name == "channel":
                self.fail(path, text("problem.channel_attribute"), text("problem.declare_channels"))
                continue
            spec = self.mapping(item, path, "{shares: {...}} or {distribution: {...}}")
            if spec is None:
                continue
            self.keys(spec, "attribute", path)
            kinds = [k for k in ("shares", "distribution") if k in spec]
            if len(kinds) != 1:
                self.fail(
                    path,
                    text(
                        "problem.exactly_one",
                        names="shares, distribution",
                        got=kinds or text("problem.none"),
                    ),
                    text(
                        "problem.write_or",
                        example="shares: {simple: 0.3, general: 0.7}",
                        other="distribution: {min: 50, mode: 100, max: 630}",
                    ),
                )
                continue
            prov = self.provenance(spec, path)
            common = {
                "name": str(name),
                "label": self.text(spec, "label", path),
                "source": prov["source"],
                "assumption": prov["assumption"],
            }
            if kinds[0] == "shares":
                shares = self.shares(spec["shares"], (*path, "shares"))
                if shares:
                    out.append(Attribute(shares=shares, **common))
                continue
            dpath: PathKey = (*path, "distribution")

            def fail(p: PathKey, message: str, fix: str = "", _at: PathKey = dpath) -> None:
                # the duration parser names the placeholder unit: point at the value instead
                self.fail(tuple(k for k in p if k != _PLACEHOLDER_UNIT) or _at, message, fix)

            dist = parse_duration({_PLACEHOLDER_UNIT: spec["distribution"]}, dpath, fail)
            if dist is not None:
                out.append(Attribute(distribution=dist, **common))
        return tuple(out)

    def shares(self, value: Any, path: PathKey) -> tuple[tuple[str, float], ...]:
        data = self.mapping(value, path, "category -> share")
        if data is None or not data:
            if data is not None:
                self.fail(
                    path,
                    text("problem.shares_empty"),
                    text("problem.write", example="{simple: 0.3, general: 0.7}"),
                )
            return ()
        out = []
        for category, _share in data.items():
            p = self.probability(data, category, path, default=math.nan)
            if math.isnan(p):
                return ()
            out.append((str(category), p))
        total = sum(p for _, p in out)
        if abs(total - 1.0) > 1e-6:
            self.fail(path, text("problem.shares_sum", total=total), text("problem.shares_fix"))
            return ()
        return tuple(out)

    def channels(self, value: Any, attributes: tuple[Attribute, ...] = ()) -> Channels | None:
        path: PathKey = ("channels",)
        data = self.mapping(value, path, "{online_share: p, any_hour: false}")
        if data is None:
            return None
        self.keys(data, "channels", path, required=("online_share",))
        if "online_share" not in data:
            return None
        by, by_shares, share = self.channel_by(data, attributes, path)
        steps = data.get("steps", [])
        if not (isinstance(steps, list) and all(isinstance(x, str) for x in steps)):
            self.fail(
                (*path, "steps"),
                text("problem.step_list", value=show(steps)),
                text("problem.channel_steps_fix", example="steps: [apply]"),
            )
            steps = []
        prov = self.provenance(data, path)
        if math.isnan(share):
            return None
        return Channels(
            online_share=share,
            any_hour=self.flag(data, "any_hour", path),
            steps=tuple(steps),
            by=by,
            by_shares=by_shares,
            source=prov["source"],
            assumption=prov["assumption"],
        )

    def channel_by(
        self, data: Mapping[str, Any], attributes: tuple[Attribute, ...], path: PathKey
    ) -> tuple[str | None, tuple[tuple[str, float], ...], float]:
        """``by`` and its online share per category, and the overall share (nan: a problem)."""
        if "by" not in data:
            return None, (), self.probability(data, "online_share", path, default=math.nan)
        name = data["by"]
        found = [a for a in attributes if a.name == name and a.categorical]
        if not found:
            names = [a.name for a in attributes if a.categorical]
            self.fail(
                (*path, "by"),
                text("problem.channels_by", value=show(name)),
                text("problem.channels_by_fix", names=", ".join(names) or text("problem.none")),
            )
            return None, (), math.nan
        attribute = found[0]
        example = "{" + ", ".join(f"{c}: 0.5" for c in attribute.categories) + "}"
        shares = self.mapping(data["online_share"], (*path, "online_share"), "category -> share")
        if shares is None or set(map(str, shares)) != set(attribute.categories):
            self.fail(
                (*path, "online_share"),
                text("problem.channels_by_shares", name=attribute.name, value=show(shares)),
                text("problem.write", example=example),
            )
            return None, (), math.nan
        out = []
        for category in attribute.categories:
            p = self.probability(shares, category, (*path, "online_share"), default=math.nan)
            if math.isnan(p):
                return None, (), math.nan
            out.append((category, p))
        return attribute.name, tuple(out), mixed_share(attribute, out)


__all__ = ["TargetsReader"]
