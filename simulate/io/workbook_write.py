"""Write a scenario mapping as a bilingual scenario workbook (``simulate template``, ``convert``).

The inverse of :mod:`simulate.io.workbook`: what it writes, the reader gives back as the
same mapping, so YAML -> workbook -> YAML keeps the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from simulate.io.workbook_layout import (
    DURATION_SHAPES,
    KEY_VALUE,
    SHEET_TITLES,
    TABLES,
    Column,
)

README = (
    "本工作簿描述一个办事流程情景，与 YAML 情景文件一一对应。",
    "每个工作表第1行为中文表头，第2行为字段代码（请勿修改），从第3行起填写。",
    "结构化的单元格（往返时间、环节时限、改革参数、并联流程等）用 YAML 单行写法，例如 {natural_hours: {median: 0.5, p90: 1}}。",
    "每个数字都应注明出处（source，如 000_f80ffa6c48ad881a.txt#L24）或假设说明（assumption）。",
    "检查：simulate validate 本文件.xlsx；运行：simulate run 本文件.xlsx；转为 YAML：simulate convert 本文件.xlsx 情景.yaml。",
)


def inline(value: Any) -> str:
    """One-line YAML of a structured value."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return str(text).strip().removesuffix("...").strip()


def table_rows(sheet: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of a table sheet for a scenario mapping."""
    if sheet == "desks":
        return [{"id": k, **dict(v or {})} for k, v in (data.get("desks") or {}).items()]
    if sheet == "steps":
        rows = []
        for step in data.get("steps") or []:
            row = {k: v for k, v in step.items() if k != "duration"}
            duration = dict(step.get("duration") or {})
            row["duration_source"] = duration.pop("source", None)
            row["duration_assumption"] = duration.pop("assumption", None)
            for unit, value in duration.items():
                row["duration_unit"] = unit
                if isinstance(value, Mapping):
                    for shape, x in value.items():
                        row[shape] = ", ".join(map(str, x)) if shape == "values" else x
                else:
                    row["fixed"] = value
            rows.append(row)
        return rows
    if sheet == "flow":
        flow = data.get("flow")
        if isinstance(flow, list) and len(flow) == 1 and not isinstance(flow[0], str):
            return [{"item": flow}]  # a one-item list stays a list: one row holding it
        items = flow if isinstance(flow, list) else [flow] if flow is not None else []
        return [{"item": item} for item in items]
    if sheet == "rework":
        return [{"step": k, **dict(v or {})} for k, v in (data.get("rework") or {}).items()]
    if sheet == "targets":
        rows = []
        if data.get("time_limit"):
            rows.append({"kind": "time_limit", **dict(data["time_limit"])})
        rows += [{"kind": "threshold", **dict(t)} for t in data.get("thresholds") or []]
        rows += [{"kind": "target", "definition": dict(t)} for t in data.get("targets") or []]
        return rows
    if sheet == "reforms":
        rows = []
        for entry in data.get("reforms") or []:
            if isinstance(entry, Mapping):
                name, params = next(iter(entry.items()))
                rows.append({"reform": name, "parameters": params})
            else:
                rows.append({"reform": entry})
        return rows
    raise KeyError(sheet)


def cell_value(column: Column, value: Any) -> Any:
    """What a cell holds for a field value."""
    if value is None:
        return None
    if column.inline and not isinstance(value, str | int | float | bool):
        return inline(value)
    if isinstance(value, list | dict):
        return inline(value)
    return value


def write_template(path: str | Path, data: Mapping[str, Any]) -> Path:
    """Write ``data`` (a scenario mapping, as a YAML file holds it) as a scenario workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    unknown = sorted(
        set(data)
        - {k for k, _, _ in KEY_VALUE["scenario"]}
        - {
            "arrivals",
            "desks",
            "steps",
            "flow",
            "rework",
            "time_limit",
            "thresholds",
            "targets",
            "reforms",
            "extends",
        }
    )
    if unknown:
        raise ValueError(f"keys the workbook has no place for: {', '.join(unknown)}")
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "说明"
    readme.column_dimensions["A"].width = 120
    for line in README:
        readme.append([line])
    readme.append([])
    for sheet, title in SHEET_TITLES.items():
        readme.append([f"{sheet}：{title}"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    grey = Font(color="808080", size=9)
    for sheet, keys in KEY_VALUE.items():
        ws = book.create_sheet(sheet)
        ws.append(["字段", "内容", "说明"])
        ws.append(["field", "value", "meaning"])
        section = data if sheet == "scenario" else dict(data.get("arrivals") or {})
        for key, zh, is_inline in keys:
            value = section.get(key)
            if key == "documents" and isinstance(value, list):
                value = ", ".join(value)
            elif value is not None and (is_inline or isinstance(value, list | dict)):
                value = inline(value)
            elif key in ("start", "date") and value is not None:
                value = str(value)
            ws.append([key, value, zh])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for cell in ws[2]:
            cell.font = grey
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 60
        ws.column_dimensions["C"].width = 36
        ws.freeze_panes = "B3"
    for sheet, columns in TABLES.items():
        ws = book.create_sheet(sheet)
        ws.append([c.zh for c in columns])
        ws.append([c.id for c in columns])
        for row in table_rows(sheet, data):
            ws.append([cell_value(c, row.get(c.id)) for c in columns])
        for i, column in enumerate(columns, start=1):
            head = ws.cell(row=1, column=i)
            head.font, head.fill = bold, fill
            head.alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row=2, column=i).font = grey
            wide = column.inline or column.id in ("label", "source", "assumption", "item")
            ws.column_dimensions[get_column_letter(i)].width = 36 if wide else 14
        ws.freeze_panes = "B3"
    path = Path(path)
    book.save(path)
    return path


__all__ = ["DURATION_SHAPES", "write_template"]
