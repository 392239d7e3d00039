"""The table of the plans' targets (scenarios/sources/targets.yaml) says what the library checks.

Every entry quotes its plan verbatim on the line it cites; an ``encoded_by`` entry names shipped
scenario files whose time limit, threshold, step limit or limit-setting reform carries the
target's value and cites that very line; a ``same_as`` entry points at an encoded entry of the
same value and unit; every other entry says why it is not modelled.

This module does not import ``simulate``: it checks the files, not the loader.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SOURCES = SCENARIOS / "sources"
TABLE = SOURCES / "targets.yaml"

FIELDS = ("id", "document", "line", "quote", "process", "kind", "value", "unit")
OUTCOMES = ("encoded_by", "same_as", "not_modelled")
UNITS = frozenset(
    {"working_days", "working_hours", "natural_days", "hours", "share", "count", "percent"}
)
# the keys of a limit-carrying mapping that hold a value in each unit
UNIT_KEYS = {
    "working_days": ("working_days",),
    "working_hours": ("working_hours",),
    "share": ("target_share", "share", "speedup", "min"),
    "count": ("max",),
}
ENCODABLE_KINDS = frozenset(
    {
        "time_limit",
        "average_limit",
        "threshold",
        "threshold_share",
        "step_limit",
        "commitment_speedup",
        "step_count",
        "visits",
        "fee",
        "documents",
        "online_share",
    }
)


@functools.cache
def table() -> list[dict[str, Any]]:
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), TABLE
    assert isinstance(data.get("targets"), list), TABLE
    return list(data["targets"])


def entry_ids() -> list[str]:
    return [str(t.get("id")) for t in table()]


def by_id(target_id: str) -> dict[str, Any]:
    return next(t for t in table() if t.get("id") == target_id)


@functools.cache
def source_lines(name: str) -> list[str]:
    text = (SOURCES / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def cited_text(entry: dict[str, Any]) -> str:
    """The text of the line an entry cites (for a 003 phrase: the document, phrase checked)."""
    lines = source_lines(entry["document"])
    line = entry["line"]
    if isinstance(line, int):
        assert 1 <= line <= len(lines), f"{entry['id']}: line {line} is not in {entry['document']}"
        return lines[line - 1]
    assert isinstance(line, str), f"{entry['id']}: line must be a number or a phrase"
    assert line, f"{entry['id']}: empty phrase"
    text = "\n".join(lines)
    assert text.count(line) == 1, f"{entry['id']}: phrase {line!r} not once in {entry['document']}"
    return text


def citation(entry: dict[str, Any]) -> str:
    """The ``source:`` string a scenario uses for the entry's line."""
    line = entry["line"]
    if isinstance(line, int):
        return f"{entry['document']}#L{line}"
    return f'{entry["document"]}#"{line}"'


@functools.cache
def raw_scenario(path: Path) -> dict[str, Any]:
    """The scenario's top-level mapping with ``extends`` resolved as the loader does it."""
    own = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(own, dict), path
    base_name = own.get("extends")
    if not base_name:
        return own
    base = dict(raw_scenario((path.parent / base_name).resolve()))
    reforms = [*(base.get("reforms") or []), *(own.get("reforms") or [])]
    base.update({k: v for k, v in own.items() if k != "extends"})
    base["reforms"] = reforms
    return base


def limit_mappings(scenario: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Mappings that set a limit, threshold or commitment: where a target can be encoded."""
    if isinstance(scenario.get("time_limit"), dict):
        yield scenario["time_limit"]
        for limit_class in scenario["time_limit"].get("by") or []:  # limits per class
            if isinstance(limit_class, dict):
                yield limit_class
    for threshold in scenario.get("thresholds") or []:
        if isinstance(threshold, dict):
            yield threshold
    for target in scenario.get("targets") or []:  # targets of every kind (steps, visits ...)
        if isinstance(target, dict):
            yield target
    for step in scenario.get("steps") or []:
        if isinstance(step, dict) and isinstance(step.get("limit"), dict):
            limit = dict(step["limit"])
            limit.setdefault("source", step.get("source"))
            yield limit
    for reform in scenario.get("reforms") or []:
        if not isinstance(reform, dict) or len(reform) != 1:
            continue
        ((name, params),) = reform.items()
        if name in ("cap_duration", "commitment_limit") and isinstance(params, dict):
            yield params


def carries(mapping: dict[str, Any], value: float, unit: str) -> bool:
    for key in UNIT_KEYS.get(unit, ()):
        number = mapping.get(key)
        if (
            isinstance(number, int | float)
            and not isinstance(number, bool)
            and math.isclose(float(number), float(value), rel_tol=1e-9, abs_tol=1e-12)
        ):
            return True
    return False


def test_the_table_is_there_and_ids_are_unique() -> None:
    ids = entry_ids()
    assert len(ids) >= 60
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    documents = {t["document"] for t in table()}
    assert documents == {p.name for p in SOURCES.glob("0*.txt")}


@pytest.mark.parametrize("target_id", entry_ids())
def test_entry_is_complete_and_quotes_its_line(target_id: str) -> None:
    entry = by_id(target_id)
    for field in FIELDS:
        assert entry.get(field) not in (None, ""), f"{target_id}: {field} missing"
    assert entry["unit"] in UNITS, f"{target_id}: unit {entry['unit']!r}"
    assert isinstance(entry["value"], int | float), f"{target_id}: value must be a number"
    outcomes = [o for o in OUTCOMES if o in entry]
    assert len(outcomes) == 1, f"{target_id}: exactly one of {OUTCOMES}, got {outcomes}"
    assert (SOURCES / entry["document"]).is_file(), f"{target_id}: {entry['document']}"
    assert entry["quote"] in cited_text(entry), (
        f"{target_id}: quote {entry['quote']!r} is not in {citation(entry)}"
    )
    if isinstance(entry["line"], str):
        # a 003 citation is a phrase: the quote must hold it, so it is quoted where it is cited
        assert entry["line"] in entry["quote"], f"{target_id}: quote does not hold the phrase"


@pytest.mark.parametrize("target_id", [t["id"] for t in table() if "encoded_by" in t])
def test_encoded_target_is_in_the_scenarios_that_claim_it(target_id: str) -> None:
    entry = by_id(target_id)
    assert entry["kind"] in ENCODABLE_KINDS, f"{target_id}: kind {entry['kind']} is not encodable"
    files = entry["encoded_by"]
    assert isinstance(files, list), target_id
    assert files, target_id
    for name in files:
        path = SCENARIOS / name
        assert path.is_file(), f"{target_id}: no scenario {name}"
        assert SOURCES not in path.parents, f"{target_id}: {name} is not a scenario"
        found = [
            m
            for m in limit_mappings(raw_scenario(path))
            if m.get("source") == citation(entry) and carries(m, entry["value"], entry["unit"])
        ]
        assert found, (
            f"{target_id}: {name} has no time limit, threshold or step limit of "
            f"{entry['value']} {entry['unit']} citing {citation(entry)}"
        )
        # judge by the metric the plan counts: 平均 is a mean, 以内 every case
        statistics = {m.get("statistic", "max") for m in found}
        if entry["kind"] == "average_limit":
            assert "mean" in statistics, f"{target_id}: {name} must use statistic: mean"
        if entry["kind"] == "time_limit":
            assert statistics - {"mean"}, f"{target_id}: {name} reads a 以内 limit as a mean"


@pytest.mark.parametrize("target_id", [t["id"] for t in table() if "same_as" in t])
def test_repeated_target_points_at_an_encoded_one(target_id: str) -> None:
    entry = by_id(target_id)
    other = by_id(entry["same_as"])
    assert "encoded_by" in other, f"{target_id}: {other['id']} is not encoded"
    assert other["document"] != entry["document"] or other["line"] != entry["line"], target_id
    assert (other["value"], other["unit"]) == (entry["value"], entry["unit"]), target_id


@pytest.mark.parametrize("target_id", [t["id"] for t in table() if "not_modelled" in t])
def test_not_modelled_target_says_why(target_id: str) -> None:
    reason = by_id(target_id)["not_modelled"]
    assert isinstance(reason, str), target_id
    assert len(reason.split()) >= 4, f"{target_id}: give a reason, not {reason!r}"


def test_an_encoded_limit_is_found_only_where_it_is() -> None:
    """The matcher is not vacuous: a wrong value or a wrong line is not found."""
    entry = by_id("reg-000-1wd")
    scenario = raw_scenario(SCENARIOS / "company_registration" / "baseline.yaml")
    assert any(
        m.get("source") == citation(entry) and carries(m, 1, "working_days")
        for m in limit_mappings(scenario)
    )
    assert not any(
        m.get("source") == citation(entry) and carries(m, 2, "working_days")
        for m in limit_mappings(scenario)
    )
    assert not any(
        m.get("source") == "000_f80ffa6c48ad881a.txt#L25" and carries(m, 1, "working_days")
        for m in limit_mappings(scenario)
    )


def test_a_variant_inherits_its_base_limits() -> None:
    # three_wd_002 extends baseline_8wd: its own limit replaces the base's
    scenario = raw_scenario(SCENARIOS / "export_refund" / "three_wd_002.yaml")
    assert scenario["time_limit"]["working_days"] == 3
    assert scenario["steps"], "steps inherited from the base"


def _section_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "targets_section", ROOT / "tools" / "targets_section.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scenarios_page_has_the_current_targets_section() -> None:
    tool = _section_tool()
    page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert tool.HEADING in page, "run python tools/targets_section.py"
    assert tool.replace_section(page, tool.section_lines()) == page, (
        "docs/scenarios.md's targets section is stale: run python tools/targets_section.py"
    )


def test_section_lists_every_target_not_modelled_with_its_reason() -> None:
    text = "\n".join(_section_tool().section_lines())
    for entry in table():
        assert f"「{entry['quote']}」" in text, entry["id"]
        if "not_modelled" in entry:
            assert entry["not_modelled"].replace("|", "\\|") in text, entry["id"]
        for name in entry.get("encoded_by", []):
            assert name in text, entry["id"]


def test_section_replacement_keeps_the_page_above_it() -> None:
    tool = _section_tool()
    page = "# Title\n\nbody\n\n" + tool.HEADING + "\n\nold table\n"
    new = tool.replace_section(page, [tool.HEADING, "", "new table"])
    assert new == "# Title\n\nbody\n\n" + tool.HEADING + "\n\nnew table\n"
    appended = tool.replace_section("# Title\n\nbody\n", [tool.HEADING, "", "x"])
    assert appended == "# Title\n\nbody\n\n" + tool.HEADING + "\n\nx\n"
