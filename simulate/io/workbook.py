"""Read a scenario workbook into the same mapping a YAML file gives, with cell locations.

The mapping then goes through the same parser and checks as a YAML file, and every problem
points at its cell: ``plan.xlsx:steps!C4: [steps[1].desk] unknown desk ...``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from simulate.errors import Problem
from simulate.io.workbook_layout import DURATION_SHAPES, FIRST_ROW, KEY_VALUE, TABLES, Column
from simulate.io.yamlsrc import Located, PathKey, field_name
from simulate.strings import text as say

#: A cell that could not be read (already reported): its field is left out.
BROKEN = object()

TRUE = {"true", "yes", "y", "1", "是", "对", "√", "true()"}
FALSE = {"false", "no", "n", "0", "否", "", "false()"}


class CellLocated(Located):
    """Maps a field path to ``file:sheet!cell``, the way :class:`Located` maps it to a line."""

    def __init__(self, file: str, cells: dict[PathKey, str]) -> None:
        super().__init__(None)
        self.file = file
        self.cells = cells
        self.reform_sources = []

    def cell(self, path: PathKey) -> str | None:
        """``sheet!cell`` of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.cells:
                return self.cells[p]
            p = p[:-1]
        return None

    def where(self, path: PathKey) -> tuple[str | None, int | None]:
        """The file and cell a field path came from (the cell rides with the file name)."""
        cell = self.cell(path)
        return (f"{self.file}:{cell}" if cell else self.file), None

    def reform_problem(self, index: int, sub: PathKey, message: str, fix: str = "") -> Problem:
        """A :class:`Problem` pointing at row ``index`` of the reforms sheet."""
        return self.problem(("reforms", index, *sub), message, fix)


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _inline(value: Any) -> Any:
    """A cell of one-line YAML as its value (numbers and plain words pass through)."""
    if not isinstance(value, str):
        return value
    return yaml.safe_load(value)


def _flag(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return value  # left for the parser to report with the field's name


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value.strip()
    return value


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number_text(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text.strip()  # left for the parser to report


def read_workbook(path: str | Path) -> tuple[dict[str, Any] | None, CellLocated, list[Problem]]:
    """The scenario mapping of a workbook, where each field came from, and what stops it."""
    from openpyxl import load_workbook

    path = Path(path)
    name = str(path)
    located = CellLocated(name, {})
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        return (
            None,
            located,
            [Problem(say("problem.workbook.not_found"), file=name, fix=say("problem.check_path"))],
        )
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        return (
            None,
            located,
            [
                Problem(
                    say("problem.workbook.unread", error=err),
                    file=name,
                    fix=say("problem.workbook.save"),
                )
            ],
        )
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    try:
        sheets = {
            ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets
        }
    finally:
        book.close()
    for sheet in (*KEY_VALUE, *TABLES):
        if sheet not in sheets:
            problems.append(
                Problem(
                    say("problem.workbook.sheet", sheet=sheet),
                    file=name,
                    fix=say("problem.workbook.template"),
                )
            )
    if problems:
        return None, located, problems

    def cell(sheet: str, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{sheet}!{get_column_letter(column + 1)}{row}"

    def parse(sheet: str, row: int, column: int, key: PathKey, value: Any, how: Any) -> Any:
        located.cells[key] = cell(sheet, row, column)
        try:
            return how(value)
        except yaml.YAMLError as err:
            problems.append(
                Problem(
                    say("problem.workbook.inline", error=str(err).splitlines()[0]),
                    field=field_name(key),
                    file=f"{name}:{cell(sheet, row, column)}",
                    fix=say(
                        "problem.workbook.inline_fix",
                        example="{natural_hours: {median: 0.5, p90: 1}}",
                    ),
                )
            )
            return BROKEN

    # key/value sheets
    for sheet, keys in KEY_VALUE.items():
        known = {k: inline for k, _, inline in keys}
        section: dict[str, Any] = {}
        for offset, row in enumerate(sheets[sheet][FIRST_ROW - 1 :]):
            r = FIRST_ROW + offset
            key = _text(row[0]) if row else None
            value = _text(row[1]) if len(row) > 1 else None
            if key is None or value is None:
                continue
            where: PathKey = (str(key),) if sheet == "scenario" else ("arrivals", str(key))
            how: Any = _inline if known.get(str(key)) else _number
            if key in ("start", "date"):
                how = _date
            elif key == "documents":
                how = lambda v: [d.strip() for d in str(v).split(",") if d.strip()]  # noqa: E731
            elif key == "any_hour":
                how = _flag
            parsed = parse(sheet, r, 1, where, value, how)
            if parsed is not BROKEN:
                section[str(key)] = parsed
        if sheet == "scenario":
            data.update(section)
        elif section:
            data["arrivals"] = section
            located.cells[("arrivals",)] = f"{sheet}!A{FIRST_ROW}"

    # table sheets
    for sheet, columns in TABLES.items():
        rows = sheets[sheet]
        ids = [
            str(_text(v) or "") for v in (rows[FIRST_ROW - 2] if len(rows) >= FIRST_ROW - 1 else [])
        ]
        by_id = {c.id: c for c in columns}
        records: list[tuple[int, dict[str, Any]]] = []
        for offset, row in enumerate(rows[FIRST_ROW - 1 :]):
            r = FIRST_ROW + offset
            values = {ids[i]: _text(v) for i, v in enumerate(row) if i < len(ids) and ids[i]}
            if all(v is None for v in values.values()):
                continue
            records.append((r, values))
        table: list[Any] = []
        counters = {"threshold": 0, "target": 0}
        for position, (r, values) in enumerate(records):
            index = position
            if sheet == "targets" and values.get("kind") != "time_limit":
                kind = "target" if values.get("kind") == "target" else "threshold"
                index = counters[kind]
                counters[kind] += 1
            item: dict[str, Any] = {}
            for column_index, field in enumerate(ids):
                value = values.get(field)
                if not field or value is None:
                    continue
                column = by_id.get(field)
                how = (
                    _inline
                    if column is None or column.inline
                    else _flag
                    if column.flag
                    else _number
                )
                key = _table_key(sheet, index, values, field)
                parsed = parse(sheet, r, column_index, key, value, how)
                if parsed is not BROKEN:
                    item[field] = parsed
            located.cells.setdefault(_table_key(sheet, index, values, None), cell(sheet, r, 0))
            table.append(item)
        _place(sheet, table, data, columns)
    return data, located, problems


def _table_key(sheet: str, index: int, values: Mapping[str, Any], field: str | None) -> PathKey:
    """The field path a cell of a table sheet fills."""
    tail: tuple[str, ...] = () if field is None else (field,)
    if sheet == "steps":
        unit = str(values.get("duration_unit"))
        if field == "fixed":
            tail = ("duration", unit)
        elif field in DURATION_SHAPES:
            tail = ("duration", unit, str(field))
        elif field == "duration_unit":
            tail = ("duration",)
        elif field in ("duration_source", "duration_assumption"):
            tail = ("duration", field.removeprefix("duration_"))
        return ("steps", index, *tail)
    if sheet == "desks":
        return ("desks", str(values.get("id")), *tail)
    if sheet == "rework":
        return ("rework", str(values.get("step")), *tail)
    if sheet == "flow":
        return ("flow", index)
    if sheet == "reforms":
        return ("reforms", index) if field != "parameters" else ("reforms", index, "parameters")
    if sheet == "targets":
        if values.get("kind") == "time_limit":
            return ("time_limit", *tail)
        if values.get("kind") == "target":
            return ("targets", index)
        return ("thresholds", index, *tail)
    return (sheet, index, *tail)


def _place(
    sheet: str, table: list[dict[str, Any]], data: dict[str, Any], columns: tuple[Column, ...]
) -> None:
    """Put a table sheet's rows where the YAML file has them."""
    del columns
    if sheet == "desks" and table:
        data["desks"] = {str(row.pop("id", "")): row for row in table}
    elif sheet == "rework" and table:
        data["rework"] = {str(row.pop("step", "")): row for row in table}
    elif sheet == "flow" and table:
        items = [row.get("item") for row in table]
        # one row holding a node or a whole list is the flow itself
        one = len(items) == 1 and isinstance(items[0], Mapping | list)
        data["flow"] = items[0] if one else items
    elif sheet == "reforms" and table:
        data["reforms"] = [
            row.get("reform")
            if row.get("parameters") is None
            else {row.get("reform"): row.get("parameters")}
            for row in table
        ]
    elif sheet == "targets":
        thresholds, targets = [], []
        for row in table:
            kind = row.pop("kind", "threshold")
            if kind == "time_limit":
                data["time_limit"] = row
            elif kind == "target":
                targets.append(row.get("definition"))
            else:
                thresholds.append(row)
        if thresholds:
            data["thresholds"] = thresholds
        if targets:
            data["targets"] = targets
    elif sheet == "steps" and table:
        steps = []
        for row in table:
            unit = row.pop("duration_unit", None)
            shapes = {k: row.pop(k) for k in DURATION_SHAPES if k in row}
            duration: dict[str, Any] = {}
            if "values" in shapes:
                shapes["values"] = [
                    _number_text(v)
                    for v in str(shapes["values"]).replace("，", ",").split(",")
                    if v.strip()
                ]
            if unit is not None or shapes:
                value: Any = shapes.pop("fixed") if set(shapes) == {"fixed"} else shapes
                duration[str(unit)] = value
            for part in ("source", "assumption"):
                if f"duration_{part}" in row:
                    duration[part] = row.pop(f"duration_{part}")
            if duration:
                row["duration"] = duration
            steps.append(row)
        data["steps"] = steps


__all__ = ["CellLocated", "read_workbook"]
