"""Reading an event log (办件库): files, column names, timestamps, and what is left out.

A log has one row per event (one 环节 of one 办件). :func:`read_log` reads CSV, Excel or
Parquet (or takes a DataFrame), finds the columns by their usual Chinese or English headers
(or by an explicit mapping), parses the timestamps into local wall-clock time, checks the
rows, and returns an :class:`EventLog`: a clean frame with the columns ``case``, ``activity``,
``start`` (NaT in a completion-only log), ``end``, ``resource``, ``group`` and ``submitted``,
and the list of rows it left out with the reason and the count. Input it cannot use gets a
:class:`~simulate.errors.ScenarioError` that names the file, the row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulate.errors import Problem, ScenarioError
from simulate.strings import text as catalogue_text

#: The roles of a log's columns and the headers recognised for each (compared without case,
#: spaces, ``_`` or ``:``). ``case``, ``activity`` and ``end`` are required.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "case": (
        "办件编号",
        "办件号",
        "案件编号",
        "业务编号",
        "申请编号",
        "受理编号",
        "流水号",
        "caseid",
        "case",
        "caseconceptname",
        "casenumber",
    ),
    "activity": (
        "环节名称",
        "环节",
        "办理环节",
        "活动",
        "活动名称",
        "事项环节",
        "activity",
        "conceptname",
        "task",
        "step",
        "event",
    ),
    "start": ("开始时间", "环节开始时间", "starttime", "start", "starttimestamp", "begin"),
    "end": (
        "办结时间",
        "完成时间",
        "结束时间",
        "环节办结时间",
        "办理时间",
        "endtime",
        "end",
        "completetimestamp",
        "timetimestamp",
        "timestamp",
        "time",
        "complete",
    ),
    "resource": (
        "经办人",
        "办理人",
        "处理人",
        "审批人",
        "resource",
        "orgresource",
        "user",
        "clerk",
    ),
    "group": ("科室", "窗口", "经办科室", "办理部门", "group", "orggroup", "team", "desk"),
    "submitted": (
        "受理时间",
        "申请时间",
        "提交时间",
        "submitted",
        "casesubmitted",
        "casestartdate",
        "arrival",
    ),
}
REQUIRED = ("case", "activity", "end")
TIME_ROLES = ("start", "end", "submitted")
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")


@dataclass(frozen=True, slots=True)
class EventLog:
    """A checked event log: the clean events and what was left out.

    Attributes
    ----------
    frame
        One row per event: ``case``, ``activity``, ``start``, ``end`` (naive local times),
        ``resource``, ``group`` (text, ``""`` when unknown) and ``submitted`` (the case's
        submission, NaT when the log has none), sorted by case and time.
    name
        The log's file name (or ``"<frame>"``).
    columns
        Which column of the file fills each role.
    has_start
        True when the log records start times (work and waiting can be told apart).
    date_only
        True when every timestamp is a date without a time of day.
    exclusions
        ``(reason, rows)`` for every group of rows left out.
    """

    frame: pd.DataFrame
    name: str
    columns: tuple[tuple[str, str], ...]
    has_start: bool
    date_only: bool
    exclusions: tuple[tuple[str, int], ...]

    @property
    def n_cases(self) -> int:
        """Number of cases (办件) in the clean log."""
        return int(self.frame["case"].nunique())

    def columns_text(self) -> str:
        """The columns used, e.g. ``case_id, activity, end``."""
        return ", ".join(original for _, original in self.columns)


def example_log() -> Path:
    """Path of the shipped example log (WABO permit receipts; cite it as its README says).

    Buijs, J.C.A.M., "Receipt phase of an environmental permit application process ('WABO'),
    CoSeLoG project", 4TU.ResearchData, DOI 10.4121/uuid:a07386a5-7be3-4367-9535-70bc9e77dbe6.
    """
    return Path(__file__).resolve().parent.parent / "data" / "wabo_receipt.csv.gz"


def _norm(text: object) -> str:
    return re.sub(r"[\s_:\-./]", "", str(text)).lower()


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV, Excel or Parquet file into a frame of text columns.

    Raises
    ------
    ScenarioError
        If the file is missing or of an unknown kind.
    """
    if not path.is_file():
        raise ScenarioError(
            [Problem(f"no such log file: {path}", file=str(path), fix="check the path")]
        )
    suffixes = [x.lower() for x in path.suffixes]
    suffix = (
        suffixes[-2]
        if len(suffixes) > 1 and suffixes[-1] in (".gz", ".zip")
        else path.suffix.lower()
    )
    if suffix in (".csv", ".txt", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(
                    path, sep=sep, dtype=str, encoding=encoding, keep_default_na=False
                )
            except UnicodeDecodeError:
                continue
        raise ScenarioError(
            [
                Problem(
                    "the file is neither UTF-8 nor GB18030 text",
                    file=str(path),
                    fix="save it as UTF-8 CSV",
                )
            ]
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return pd.read_excel(path, dtype=str).fillna("")
    if suffix in (".parquet", ".pq"):
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise ScenarioError(
                [
                    Problem(
                        "reading Parquet needs pyarrow",
                        file=str(path),
                        fix="pip install 'simulate[parquet]', or save the log as CSV",
                    )
                ]
            ) from None
    raise ScenarioError(
        [
            Problem(
                f"unknown log file type {suffix or '(none)'}",
                file=str(path),
                fix="give a .csv, .xlsx or .parquet file",
            )
        ]
    )


def find_columns(
    frame: pd.DataFrame, columns: Mapping[str, str] | None, name: str
) -> dict[str, str]:
    """Which column fills each role: the given mapping first, then the recognised headers."""
    given = dict(columns or {})
    problems: list[Problem] = []
    for role, column in given.items():
        if role not in COLUMN_NAMES:
            problems.append(
                Problem(
                    f"unknown column role {role!r}",
                    field=role,
                    file=name,
                    fix="roles are " + ", ".join(COLUMN_NAMES),
                )
            )
        elif column not in frame.columns:
            problems.append(
                Problem(
                    f"the log has no column {column!r} (given for {role})",
                    field=role,
                    file=name,
                    fix="its columns are " + ", ".join(map(str, frame.columns)),
                )
            )
    found: dict[str, str] = {r: c for r, c in given.items() if r in COLUMN_NAMES}
    by_norm = {_norm(c): str(c) for c in frame.columns}
    taken = set(found.values())
    for role, names in COLUMN_NAMES.items():
        if role in found:
            continue
        for candidate in names:
            match = by_norm.get(_norm(candidate))
            if match is not None and match not in taken:
                found[role] = match
                taken.add(match)
                break
    for role in REQUIRED:
        if role not in found:
            problems.append(
                Problem(
                    f"no {role} column found among " + ", ".join(map(str, frame.columns)),
                    field=role,
                    file=name,
                    fix=f"name it (e.g. {COLUMN_NAMES[role][0]} or {COLUMN_NAMES[role][-3]}) "
                    f"or pass columns={{'{role}': 'your header'}} (--column {role}=HEADER)",
                )
            )
    if problems:
        raise ScenarioError(problems, file=name)
    return found


def parse_times(values: pd.Series, column: str, name: str, time_zone: str | None) -> pd.Series:
    """Local wall-clock times of one column (NaT where empty).

    Offsets such as ``+02:00`` are honoured: without ``time_zone`` each time keeps the wall
    clock of its own offset (the local time it was recorded in); with ``time_zone`` every
    time is converted to that zone first. Numbers, datetimes and text are accepted.

    Raises
    ------
    ScenarioError
        Naming the row (as a 1-based data row, the header being row 1) and the value of the
        first few times that do not parse.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
        if getattr(values.dt, "tz", None) is not None:
            zone = time_zone or str(values.dt.tz)
            parsed = values.dt.tz_convert(zone).dt.tz_localize(None)
        return parsed.astype("datetime64[ns]")
    text = values.astype(str).str.strip()
    empty = (text == "") | text.str.lower().isin(("nan", "nat", "none", "null"))
    text = text.mask(empty, None)
    if time_zone is not None:
        parsed = pd.to_datetime(text, errors="coerce", utc=True, format="mixed")
        parsed = parsed.dt.tz_convert(time_zone).dt.tz_localize(None)
    else:
        wall = text.str.replace(_OFFSET, "", regex=True).str.replace("T", " ", regex=False)
        parsed = pd.to_datetime(wall, errors="coerce", format="mixed")
    bad = parsed.isna() & ~empty
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        shown = "; ".join(f"row {r + 2}: {values.iloc[r]!r}" for r in rows[:3])
        more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
        raise ScenarioError(
            [
                Problem(
                    f"{len(rows)} times do not parse: {shown}{more}",
                    field=column,
                    file=name,
                    line=int(rows[0]) + 2,
                    fix="write times as 2024-03-01 09:30 or 2024-03-01 (ISO 8601)",
                )
            ],
            file=name,
        )
    return parsed.astype("datetime64[ns]")


def read_log(
    source: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    time_zone: str | None = None,
    stages: Mapping[str, str] | str | Path | None = None,
) -> EventLog:
    """Read and check an event log.

    Parameters
    ----------
    source
        A CSV, Excel or Parquet file, or a DataFrame.
    columns
        Role -> column header, for headers that are not recognised (roles: case, activity,
        start, end, resource, group, submitted).
    time_zone
        Convert times with an offset to this zone (e.g. ``Asia/Shanghai``); default: keep
        each time's own wall clock.
    stages
        Group raw activities into stages: a mapping ``stage -> regular expression`` (first
        match wins) or a CSV file with columns ``activity,stage`` (exact names). Consecutive
        events of one stage in a case become one event.

    Raises
    ------
    ScenarioError
        Missing columns, unparseable times or an empty log, naming the column and row.
    """
    from simulate.calibration.stages import apply_stages

    if isinstance(source, pd.DataFrame):
        raw, name = source.reset_index(drop=True), "<frame>"
    else:
        path = Path(source)
        raw, name = read_table(path), path.name
    if raw.empty:
        raise ScenarioError(
            [Problem("the log has no rows", file=name, fix="give a log with at least one case")],
            file=name,
        )
    found = find_columns(raw, columns, name)
    exclusions: list[tuple[str, int]] = []
    frame = pd.DataFrame(index=raw.index)
    for role in ("case", "activity", "resource", "group"):
        if role in found:
            text = raw[found[role]].astype(str).str.strip()
            frame[role] = text.mask(text.str.lower().isin(("nan", "none")), "")
        else:
            frame[role] = ""
    for role in TIME_ROLES:
        if role in found:
            frame[role] = parse_times(raw[found[role]], found[role], name, time_zone)
        else:
            frame[role] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    missing = (frame["case"] == "") | (frame["activity"] == "") | frame["end"].isna()
    if missing.any():
        exclusions.append((catalogue_text("calibrate.exclusion.missing"), int(missing.sum())))
        frame = frame[~missing]
    has_start = "start" in found and bool(frame["start"].notna().any())
    if has_start:
        no_start = frame["start"].isna()
        if no_start.any():
            exclusions.append((catalogue_text("calibrate.exclusion.no_start"), int(no_start.sum())))
            frame = frame[~no_start]
        backwards = frame["end"] < frame["start"]
        if backwards.any():
            bad_cases = frame.loc[backwards, "case"].unique()
            first = int(np.flatnonzero(backwards.to_numpy())[0])
            row = int(frame.index[first]) + 2
            drop = frame["case"].isin(bad_cases)
            exclusions.append(
                (
                    catalogue_text(
                        "calibrate.exclusion.backwards",
                        row=row,
                        column=found["end"],
                        cases=len(bad_cases),
                    ),
                    int(drop.sum()),
                )
            )
            frame = frame[~drop]
    if stages is not None:
        frame, merged = apply_stages(frame, stages, has_start=has_start)
        if merged:
            exclusions.append((catalogue_text("calibrate.exclusion.merged"), merged))
    if frame.empty:
        raise ScenarioError(
            [
                Problem(
                    "no usable rows are left: " + "; ".join(f"{r}: {n}" for r, n in exclusions),
                    file=name,
                    fix="check the case, activity and time columns",
                )
            ],
            file=name,
        )
    frame = frame.sort_values(
        ["case", "start" if has_start else "end", "end"], kind="stable"
    ).reset_index(drop=True)
    times = pd.concat([frame["end"], frame["start"].dropna()])
    date_only = bool((times == times.dt.normalize()).all())
    used = tuple((role, found[role]) for role in COLUMN_NAMES if role in found)
    return EventLog(
        frame=frame,
        name=name,
        columns=used,
        has_start=has_start,
        date_only=date_only,
        exclusions=tuple(exclusions),
    )


__all__ = [
    "COLUMN_NAMES",
    "EventLog",
    "example_log",
    "find_columns",
    "parse_times",
    "read_log",
    "read_table",
]
