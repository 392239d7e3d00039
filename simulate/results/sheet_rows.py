"""Stream many rows into a sheet of an .xlsx file, far faster than cell-by-cell writing.

openpyxl builds an object per cell (some 40 thousand cells a second). Here the sheet's rows
are formatted a column at a time with numpy and pandas and streamed into the workbook's zip
as SpreadsheetML: numbers as numbers, true/false as Excel booleans, text as inline strings,
date-times as text (``2023-03-01 09:01:21``). The workbook is first saved by openpyxl with
the sheet holding its header row only; this module fills it in.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

#: Rows formatted at a time (bounds the memory of the text).
CHUNK_ROWS = 20_000

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column_cells(column: pd.Series) -> list[str]:
    """The ``<c>`` element of every value of a column."""
    if pd.api.types.is_bool_dtype(column.dtype):
        values = column.astype("boolean")
        out = np.where(
            values.fillna(False).to_numpy(dtype=bool),
            '<c t="b"><v>1</v></c>',
            '<c t="b"><v>0</v></c>',
        )
        return list(np.where(values.isna().to_numpy(), "<c/>", out))
    if pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.to_numpy(dtype=float, na_value=np.nan)
        text = numbers.astype(str)
        cells = np.char.add(np.char.add("<c><v>", text), "</v></c>")
        return list(np.where(np.isfinite(numbers), cells, "<c/>"))
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        text = column.dt.strftime("%Y-%m-%d %H:%M:%S")
    else:
        text = column.astype("string")
    missing = text.isna().to_numpy()
    strings = text.fillna("").map(lambda s: escape(_CONTROL.sub("", s)))
    cells = '<c t="inlineStr"><is><t xml:space="preserve">' + strings + "</t></is></c>"
    return list(np.where(missing, "<c/>", cells.to_numpy(dtype=object)))


def rows_xml(frame: pd.DataFrame) -> Iterator[str]:
    """SpreadsheetML ``<row>`` elements of ``frame``, a chunk of rows at a time."""
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        columns = [_column_cells(chunk[name]) for name in chunk.columns]
        yield "".join("<row>" + "".join(cells) + "</row>" for cells in zip(*columns, strict=True))


def fill_sheet(path: Path, sheet_index: int, frame: pd.DataFrame) -> None:
    """Append ``frame``'s rows after the header row of sheet ``sheet_index`` (1-based file number).

    The sheet must have been written by openpyxl's write-only mode (``sheet<N>.xml``) with
    its header only.
    """
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    source = path.with_name(path.name + ".part")
    shutil.move(path, source)
    try:
        with (
            zipfile.ZipFile(source) as old,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
        ):
            for info in old.infolist():
                if info.filename != member:
                    new.writestr(info, old.read(info.filename))
                    continue
                text = old.read(member).decode("utf-8")
                head, marker, tail = text.partition("</sheetData>")
                if not marker:
                    raise ValueError(f"{member} has no sheetData")
                last = len(frame) + 1
                head = re.sub(
                    r'<dimension ref="[^"]*"/>',
                    f'<dimension ref="A1:{_letters(len(frame.columns))}{last}"/>',
                    head,
                )
                with new.open(zipfile.ZipInfo(member), "w", force_zip64=True) as out:
                    out.write(head.encode("utf-8"))
                    for block in rows_xml(frame):
                        out.write(block.encode("utf-8"))
                    out.write((marker + tail).encode("utf-8"))
    finally:
        source.unlink(missing_ok=True)


def _letters(count: int) -> str:
    """Excel column letters of column number ``count`` (1 -> A)."""
    out = ""
    while count:
        count, rest = divmod(count - 1, 26)
        out = chr(65 + rest) + out
    return out or "A"
