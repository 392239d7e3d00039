"""The results workbook a planner opens: summaries, targets, desks and steps, formatted.

The workbook is written with openpyxl's streaming (write-only) mode, so even the optional
per-case sheets cost little memory. Headers, names, units and verdicts are in the chosen
language (Chinese by default, :func:`simulate.set_language`); the first column of each sheet
keeps the machine id (metric, desk or step id) and the sheets keep their machine names
(summary, targets, desks, steps, cases, manifest), so a formula or script can find a row.
Shares carry a percent format, days two decimals; headers are frozen and columns sized;
native Excel charts show desk utilisation and where the time goes by step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from simulate.results.overview import (
    DECIMAL,
    PERCENT,
    desk_table,
    number_format,
    step_table,
    summary_table,
    target_table,
    unit_name,
    verdict_word,
)
from simulate.results.results import Results
from simulate.results.sheet_rows import fill_sheet
from simulate.results.split import SPLIT_COLUMNS
from simulate.strings import text

#: The machine columns that carry a header of their own (``workbook.header.<column>``).
HEADED = frozenset(
    (
        "metric",
        "name",
        "value",
        "ci_low",
        "ci_high",
        "unit",
        "target",
        "judged_by",
        "goal",
        "verdict",
        "desk",
        "label",
        "staff",
        "utilisation",
        "mean_queue_length",
        "max_queue_length",
        "mean_wait_working_days",
        "served_per_replication",
        "step",
        "passes_per_replication",
        "mean_work_working_days",
        "mean_elapsed_working_days",
        "share_over_limit",
        "key",
        *SPLIT_COLUMNS,
    )
)


def header_text(column: str) -> str:
    """The header of a machine column in the chosen language (its id when it has none)."""
    return text(f"workbook.header.{column}") if column in HEADED else column


#: Number format of each column (columns not named here are text or integers).
COLUMN_FORMATS = {
    "utilisation": PERCENT,
    "share_over_limit": PERCENT,
    "mean_queue_length": DECIMAL,
    "mean_wait_working_days": DECIMAL,
    "mean_work_working_days": DECIMAL,
    "mean_elapsed_working_days": DECIMAL,
    "served_per_replication": "#,##0.0",
    "passes_per_replication": "#,##0.0",
}


#: Number formats of the sheets that split the results by an attribute.
SPLIT_FORMATS = {c: DECIMAL for c in SPLIT_COLUMNS if c.endswith("_days")}


def write_workbook(
    results: Results,
    path: str | Path,
    *,
    summary: pd.DataFrame | None = None,
    rows: bool = False,
    max_rows: int = 1_048_575,
) -> None:
    """Write the formatted results workbook.

    Parameters
    ----------
    results
        The run.
    path
        The ``.xlsx`` file to write.
    summary
        ``results.summary()`` if already computed (it is not cheap on large runs).
    rows
        Also write the per-case rows (sheet ``cases``), streamed straight into the file
        (:mod:`simulate.results.sheet_rows`); cut at Excel's row limit, with a note. The per-step rows stay in their CSV or Parquet file.
    max_rows
        Rows per sheet at most (Excel's limit, less the header).
    """
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    summary = results.summary() if summary is None else summary
    book = Workbook(write_only=True)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")

    def headed(
        title: str, columns: Sequence[Any], widths: Sequence[int], freeze: str, wrap: bool
    ) -> Any:
        """A new sheet with its column widths, frozen panes and a styled header row."""
        ws = book.create_sheet(title)
        ws.freeze_panes = freeze
        for i, width in enumerate(widths):
            ws.column_dimensions[_column_letter(i)].width = width
        header = []
        for column in columns:
            cell = _cell(ws, header_text(str(column)))
            cell.font = head_font
            cell.fill = head_fill
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        ws.append(header)
        return ws

    def sheet(
        title: str, frame: pd.DataFrame, formats: dict[str, str], widths: Sequence[int]
    ) -> Any:
        ws = headed(title, list(frame.columns), widths, "B2", wrap=True)
        for record in frame.itertuples(index=False):
            out = []
            for column, item in zip(frame.columns, record, strict=True):
                cell = _cell(ws, _plain(item))
                fmt = formats.get(str(column))
                if fmt:
                    cell.number_format = fmt
                out.append(cell)
            ws.append(out)
        return ws

    # summary: one number format per row, by the metric's unit
    table = summary_table(results, summary)
    ws = headed("summary", list(table.columns), (30, 34, 12, 14, 14, 12), "C2", wrap=False)
    for r in table.itertuples(index=False):
        fmt = number_format(r.unit)
        cells = [_cell(ws, r.metric), _cell(ws, r.name)]
        for x in (r.value, r.ci_low, r.ci_high):
            cell = _cell(ws, _plain(x))
            cell.number_format = fmt
            cells.append(cell)
        cells.append(_cell(ws, unit_name(str(r.unit))))
        ws.append(cells)

    targets = target_table(results, summary)
    shown = targets.assign(
        verdict=[verdict_word(m, f) for m, f in zip(targets["met"], targets["firm"], strict=True)],
        unit=[unit_name(str(u)) for u in targets["unit"]],
    )[["target", "metric", "judged_by", "goal", "value", "ci_low", "ci_high", "unit", "verdict"]]
    widths = (26, 30, 34, 10, 10, 14, 14, 10, 30)
    ws = headed("targets", list(shown.columns), widths, "B2", wrap=False)
    for r, raw_unit in zip(shown.itertuples(index=False), targets["unit"], strict=True):
        fmt = number_format(str(raw_unit))
        cells = [_cell(ws, r.target), _cell(ws, r.metric), _cell(ws, r.judged_by)]
        for x in (r.goal, r.value, r.ci_low, r.ci_high):
            cell = _cell(ws, _plain(x))
            cell.number_format = fmt
            cells.append(cell)
        cells += [_cell(ws, r.unit), _cell(ws, r.verdict)]
        ws.append(cells)
    if targets.empty:
        ws.append([_cell(ws, text("overview.no_targets"))])

    desks = desk_table(results)
    ws = sheet("desks", desks, COLUMN_FORMATS, (22, 22, 8, 12, 14, 14, 18, 18))
    if len(desks):
        chart = BarChart()
        chart.type = "bar"
        chart.title = text("workbook.chart.desks")
        chart.y_axis.title = text("workbook.chart.desks_axis")
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.legend = None
        data = Reference(ws, min_col=4, min_row=1, max_row=len(desks) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=len(desks) + 1))
        chart.height, chart.width = 7 + 0.4 * len(desks), 16
        ws.add_chart(chart, "J2")

    steps = step_table(results)
    ws = sheet("steps", steps, COLUMN_FORMATS, (20, 24, 20, 16, 18, 18, 20, 14))
    if len(steps):
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = text("workbook.chart.steps")
        chart.x_axis.scaling.orientation = "maxMin"
        data = Reference(ws, min_col=5, max_col=6, min_row=1, max_row=len(steps) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=len(steps) + 1))
        chart.height, chart.width = 7 + 0.5 * len(steps), 18
        ws.add_chart(chart, "J2")

    # the results split by each category attribute and the channel: a sheet each
    splits = [a.name for a in results.scenario.attributes if a.categorical]
    for name in [*(["channel"] if "channel" in results.cases else []), *splits]:
        split = results.by(name).reset_index()
        formats = {c: PERCENT for c in split.columns if "rate" in c or c == "share_of_cases"}
        sheet(f"by_{name}"[:31], split, {**formats, **SPLIT_FORMATS}, (18,) + (14,) * 9)

    notes = []
    streamed: list[tuple[int, pd.DataFrame]] = []
    if rows:
        for title, frame in (("cases", results.cases),):
            ws = book.create_sheet(title)
            ws.freeze_panes = "A2"
            ws.append([str(c) for c in frame.columns])
            # the rows are streamed in after saving (sheet_rows), not cell by cell here
            streamed.append((len(book.worksheets), frame.iloc[:max_rows]))
            if len(frame) > max_rows:
                notes.append(
                    text("workbook.rows_cut", title=title, max_rows=max_rows, total=len(frame))
                )
    ws = book.create_sheet("manifest")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 80
    ws.append([_cell(ws, header_text("key")), _cell(ws, text("workbook.header.content"))])
    meta = results.meta.as_dict()
    meta.pop("extra", None)
    for key, item in meta.items():
        ws.append([key, str(item)])
    for note in notes:
        ws.append(["note", note])
    book.save(Path(path))
    for sheet_index, frame in streamed:
        fill_sheet(Path(path), sheet_index, frame)


def _cell(ws: Any, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(ws, value=value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _plain(value: object) -> object:
    """A value openpyxl can store: NaN and NA become empty, numpy scalars plain Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime(warn=False)
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            plain = value.item()
        except (ValueError, AttributeError):
            return str(value)
        if isinstance(plain, float) and plain != plain:
            return None
        return plain
    return value
