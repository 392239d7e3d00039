"""What changed from one scenario to another, step by step.

:func:`diff_scenarios` compares two scenarios field by field and names each change the way
a planner reads a reform: steps removed, added or merged (joint review), steps made
parallel, desks pooled, durations, limits, staffing, rework and arrivals changed. It works
on any two scenarios, whether or not one was made from the other by reforms.

>>> print(diff_scenarios(base, reformed))                      # doctest: +SKIP
gas_connection -> gas_connection_parallel
  made parallel: survey ∥ design (were one after another)
  flow: apply → survey → design → connect  =>  apply → (survey ∥ design) → connect
"""

from __future__ import annotations

import html
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import pandas as pd

from simulate.scenario.attributes import describe_limits
from simulate.scenario.durations import Duration
from simulate.scenario.flow import concurrent_pairs, flow_text, take_shares
from simulate.scenario.model import Desk, Rework, Scenario, Step
from simulate.strings import CATALOGUE
from simulate.strings import text as catalogue_text

#: Kinds of change, in the order they are listed.
KINDS: tuple[str, ...] = (
    "removed",
    "added",
    "merged",
    "made parallel",
    "made sequential",
    "share taken",
    "desk pooled",
    "desk moved",
    "duration",
    "limit",
    "staffing",
    "desk added",
    "desk removed",
    "step changed",
    "rework",
    "arrivals",
    "time limit",
    "flow",
    "setting",
    "note",
)

#: Kinds of change that change a number the model uses; ``note`` changes only the
#: ``source:`` or ``assumption:`` text behind one.
NOTE_KINDS = frozenset({"note"})

#: Fields that record where a number comes from, not the number.
PROVENANCE = ("source", "assumption")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: its kind, what it is about, the value before and after, in words."""

    kind: str
    subject: str
    before: str = ""
    after: str = ""
    note: str = ""

    def __str__(self) -> str:
        if self.before and self.after:
            value = f"{self.before} -> {self.after}"
        else:
            value = self.before or self.after
        text = ": ".join(p for p in (self.subject, value) if p)
        if self.note:
            text = f"{text} ({self.note})" if text else self.note
        kind = f"diff.kind.{self.kind}"
        return f"{catalogue_text(kind) if kind in CATALOGUE else self.kind}: {text}"


@dataclass(frozen=True, slots=True)
class ScenarioDiff:
    """The changes from one scenario to another."""

    a: str
    b: str
    changes: tuple[Change, ...]

    @property
    def numbers(self) -> tuple[Change, ...]:
        """The changes to what the model computes with (everything but notes)."""
        return tuple(c for c in self.changes if c.kind not in NOTE_KINDS)

    @property
    def notes(self) -> tuple[Change, ...]:
        """Changes of a ``source:`` or ``assumption:`` text only, the number behind it unchanged."""
        return tuple(c for c in self.changes if c.kind in NOTE_KINDS)

    def __str__(self) -> str:
        head = f"{self.a} -> {self.b}"
        if not self.changes:
            return f"{head}\n  {catalogue_text('diff.none')}"
        lines = [head, *(f"  {c}" for c in self.numbers)]
        if self.notes:
            lines += [catalogue_text("diff.notes"), *(f"  {c}" for c in self.notes)]
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.changes)

    def __repr__(self) -> str:
        return f"<ScenarioDiff {self.a!r} -> {self.b!r}: {len(self.changes)} changes>"

    def to_frame(self) -> pd.DataFrame:
        """One row per change: ``kind``, ``subject``, ``before``, ``after``, ``note``."""
        cols = [f.name for f in fields(Change)]
        return pd.DataFrame([[getattr(c, k) for k in cols] for c in self.changes], columns=cols)

    def _repr_html_(self) -> str:
        title = f"<p><b>{html.escape(self.a)} → {html.escape(self.b)}</b></p>"
        if not self.changes:
            return title + f"<p>{html.escape(catalogue_text('diff.none'))}</p>"
        return title + str(self.to_frame().to_html(index=False, escape=True))


def diff_scenarios(before: Scenario, after: Scenario) -> ScenarioDiff:
    """The changes from ``before`` to ``after``, step by step.

    Parameters
    ----------
    before, after
        Two scenarios, e.g. a baseline and a reform variant.

    Returns
    -------
    ScenarioDiff
        ``str()`` gives a readable list; ``to_frame()`` a table.
    """
    out: list[Change] = []
    out += _steps(before, after)
    out += _flow(before, after)
    out += _desks(before, after)
    out += _rework(before, after)
    out += _scenario(before, after)
    order = {k: i for i, k in enumerate(KINDS)}
    changes = sorted(out, key=lambda c: order.get(c.kind, len(KINDS)))
    return ScenarioDiff(before.name, after.name, tuple(changes))


# -- numbers and notes ---------------------------------------------------------------------
def _bare(item: Any) -> Any:
    """``item`` without its provenance (``source``, ``assumption``), nested durations too."""
    if not is_dataclass(item) or isinstance(item, type):
        return item
    changes: dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name in PROVENANCE:
            changes[f.name] = None
        elif is_dataclass(value) and not isinstance(value, type):
            changes[f.name] = _bare(value)
    return replace(item, **changes)


def _provenance(item: Any) -> str:
    """``source: ...; assumption: ...`` of an item and the durations inside it."""
    if not is_dataclass(item) or isinstance(item, type):
        return ""
    parts = [f"{k}: {getattr(item, k)}" for k in PROVENANCE if getattr(item, k, None)]
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name not in PROVENANCE and is_dataclass(value) and not isinstance(value, type):
            inner = _provenance(value)
            parts += [f"{f.name} {inner}"] if inner else []
    return "; ".join(parts)


def _notes(subject: str, before: Any, after: Any) -> list[Change]:
    """A ``note`` change when the provenance of two equal numbers differs (else none)."""
    if before == after:
        return []
    return [Change("note", subject, _provenance(before) or "none", _provenance(after) or "none")]


# -- steps ---------------------------------------------------------------------------------
def _duration(d: Duration | None) -> str:
    return "none" if d is None else d.describe()


def _days(x: float | None) -> str:
    return "none" if x is None else f"{x:g} working days"


def _steps(before: Scenario, after: Scenario) -> list[Change]:
    out: list[Change] = []
    ida = {s.id: s for s in before.steps}
    idb = {s.id: s for s in after.steps}
    merged: set[str] = set()
    for st in after.steps:
        if st.merged_from and (st.id not in ida or ida[st.id].merged_from != st.merged_from):
            parts = [x for x in st.merged_from if x in ida]
            merged.update(parts)
            out.append(
                Change(
                    "merged", st.id, " + ".join(parts), st.label or st.id, _duration(st.duration)
                )
            )
    shares_b = _shares(after)
    for st in before.steps:
        if st.id not in idb and st.id not in merged:
            out.append(Change("removed", st.id, st.label or st.id, "", _duration(st.duration)))
    for st in after.steps:
        if st.id in ida or any(x in ida for x in st.merged_from):
            continue
        share, off = shares_b.get(st.id, (1.0, False))
        where = f"{share:.0%} of cases" + (", off the case's path" if off else "")
        desk = f" at {st.desk}" if st.desk else ""
        out.append(
            Change(
                "added",
                st.id,
                "",
                f"{st.label or st.id}{desk}",
                f"{_duration(st.duration)}; {where}",
            )
        )
    pooled = _pooled(before, after)
    for sid, sa in ida.items():
        sb = idb.get(sid)
        if sb is None or sid in merged:
            continue
        if _bare(sa.duration) == _bare(sb.duration):
            out += _notes(sid, sa.duration, sb.duration)
        else:
            note = (
                f"mean {sa.duration.mean:.3g} -> {sb.duration.mean:.3g}"
                if sa.duration.unit == sb.duration.unit
                else ""
            )
            out.append(
                Change("duration", sid, _duration(sa.duration), _duration(sb.duration), note)
            )
        if sa.limit_working_days != sb.limit_working_days:
            out.append(
                Change("limit", sid, _days(sa.limit_working_days), _days(sb.limit_working_days))
            )
        if sa.desk != sb.desk and sb.desk not in pooled:
            out.append(Change("desk moved", sid, sa.desk or "no desk", sb.desk or "no desk"))
        other = _step_fields(sa, sb)
        if other:
            out.append(
                Change(
                    "step changed",
                    sid,
                    ", ".join(f"{k}={v[0]}" for k, v in other.items()),
                    ", ".join(f"{k}={v[1]}" for k, v in other.items()),
                )
            )
    return out


_SKIP = {
    "id",
    "duration",
    "limit_working_days",
    "desk",
    "merged_from",
    "source",
    "assumption",
    "fitted",
}


def _step_fields(sa: Step, sb: Step) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    for f in fields(Step):
        if f.name in _SKIP:
            continue
        va, vb = getattr(sa, f.name), getattr(sb, f.name)
        if va != vb:
            if isinstance(va, Duration) or isinstance(vb, Duration):
                va, vb = _duration(va), _duration(vb)
            out[f.name] = (va, vb)
    return out


# -- flow ----------------------------------------------------------------------------------
def _groups(pairs: set[frozenset[str]]) -> list[list[str]]:
    """Connected groups of steps from pairs, each in a stable order."""
    groups: list[set[str]] = []
    for pair in sorted(pairs, key=sorted):
        touching = [g for g in groups if g & pair]
        merged = set(pair).union(*touching)
        groups = [g for g in groups if not g & pair] + [merged]
    return [sorted(g) for g in groups]


def _flow(before: Scenario, after: Scenario) -> list[Change]:
    if before.flow == after.flow:
        return []
    out: list[Change] = []
    both = {s.id for s in before.steps} & {s.id for s in after.steps}
    pa = {p for p in concurrent_pairs(before.flow) if p <= both}
    pb = {p for p in concurrent_pairs(after.flow) if p <= both}
    order = [s.id for s in after.steps]
    for group in _groups(pb - pa):
        group.sort(key=order.index)
        out.append(Change("made parallel", " ∥ ".join(group), note="were one after another"))
    for group in _groups(pa - pb):
        group.sort(key=order.index)
        out.append(Change("made sequential", " → ".join(group), note="ran in parallel"))
    sa, sb = _shares(before), _shares(after)
    for sid in sorted(both, key=order.index):
        if sid in sa and sid in sb and abs(sa[sid][0] - sb[sid][0]) > 1e-12:
            out.append(
                Change(
                    "share taken", sid, f"{sa[sid][0]:.0%} of cases", f"{sb[sid][0]:.0%} of cases"
                )
            )
    out.append(Change("flow", "", flow_text(before.flow), flow_text(after.flow)))
    return out


# -- desks ---------------------------------------------------------------------------------
def _desk_text(desk: Desk, scenario: Scenario) -> str:
    return f"{desk.staff} staff, {desk.hours or scenario.calendar.office_hours}"


def _pooled(before: Scenario, after: Scenario) -> dict[str, list[str]]:
    """Desks of ``after`` that serve the steps of two or more desks of ``before``: into -> sources."""
    steps_b = {s.id: s for s in after.steps}
    origin: dict[str, set[str]] = {}
    for st in before.steps:
        sb = steps_b.get(st.id)
        if sb is not None and st.desk and sb.desk:
            origin.setdefault(sb.desk, set()).add(st.desk)
    order = [d.id for d in before.desks]
    return {d: sorted(src, key=order.index) for d, src in origin.items() if len(src) > 1}


def _desks(before: Scenario, after: Scenario) -> list[Change]:
    out: list[Change] = []
    da = {d.id: d for d in before.desks}
    db = {d.id: d for d in after.desks}
    pooled = _pooled(before, after)
    gone = {d for src in pooled.values() for d in src}
    for into, sources in pooled.items():
        was = " + ".join(f"{d} ({da[d].staff} staff)" for d in sources)
        out.append(Change("desk pooled", into, was, _desk_text(db[into], after), "one queue"))
    for did, d in da.items():
        if did not in db and did not in gone:
            out.append(Change("desk removed", did, _desk_text(d, before)))
    for did, d in db.items():
        if did in pooled:
            continue
        if did not in da:
            out.append(Change("desk added", did, "", _desk_text(d, after)))
        elif (da[did].staff, da[did].hours) != (d.staff, d.hours):
            out.append(Change("staffing", did, _desk_text(da[did], before), _desk_text(d, after)))
    return out


# -- rework, arrivals, settings ------------------------------------------------------------
def _rework_text(rework: Rework | None) -> str:
    if rework is None:
        return "none"
    text = f"p_incomplete {rework.p_incomplete:.3g}, make-up {rework.makeup.describe()}"
    if rework.alongside:
        due = f"before {rework.before}" if rework.before else "before the end"
        text += f", alongside (容缺), due {due}, p_fail {rework.p_fail:g}"
    else:
        text += f", sent back up to {rework.max_rounds} rounds"
        if rework.clock_stop:
            text += ", make-up stops the clock"
    return text


def _rework(before: Scenario, after: Scenario) -> list[Change]:
    ra, rb = before.rework_map, after.rework_map
    out = []
    for sid in [*ra, *(x for x in rb if x not in ra)]:
        if _bare(ra.get(sid)) == _bare(rb.get(sid)):
            out += _notes(f"{sid} rework", ra.get(sid), rb.get(sid))
        else:
            out.append(Change("rework", sid, _rework_text(ra.get(sid)), _rework_text(rb.get(sid))))
    return out


def _arrivals_text(scenario: Scenario) -> str:
    ar = scenario.arrivals
    when = "any hour" if ar.any_hour else "office hours"
    if ar.kind == "poisson":
        return f"{ar.per_working_day:g} per working day, {when}"
    if ar.kind == "cohort":
        return f"{ar.cohort} on {ar.date}, {when}"
    return f"{len(ar.times)} listed submissions"


def _scenario(before: Scenario, after: Scenario) -> list[Change]:
    out = []
    if _bare(before.arrivals) == _bare(after.arrivals):
        out += _notes("arrivals", before.arrivals, after.arrivals)
    else:
        out.append(Change("arrivals", "", _arrivals_text(before), _arrivals_text(after)))
    if before.time_limit_working_days != after.time_limit_working_days:
        out.append(
            Change(
                "time limit",
                "case",
                _days(before.time_limit_working_days),
                _days(after.time_limit_working_days),
            )
        )
    if before.time_limit_by != after.time_limit_by:
        out.append(Change("time limit", "by class", _classes(before), _classes(after)))
    if before.thresholds != after.thresholds:
        out.append(Change("setting", "thresholds", _thresholds(before), _thresholds(after)))
    for key in ("calendar", "horizon_working_days", "warmup_working_days"):
        va, vb = getattr(before, key), getattr(after, key)
        if va != vb:
            out.append(Change("setting", key, str(va), str(vb)))
    return out


def _thresholds(scenario: Scenario) -> str:
    return (
        "; ".join(
            f"{t.label or 'share'} within {t.working_days:g} working days"
            for t in scenario.thresholds
        )
        or "none"
    )


def _shares(scenario: Scenario) -> dict[str, tuple[float, bool]]:
    """The share of cases that take each step (choices by attributes by their shares)."""
    return take_shares(scenario.flow, attributes=scenario.attributes, channels=scenario.channels)


def _classes(scenario: Scenario) -> str:
    """The limits per class in words ("none" without)."""
    if not scenario.time_limit_by or scenario.time_limit_working_days is None:
        return "none"
    return describe_limits(scenario.time_limit_working_days, scenario.time_limit_by)
