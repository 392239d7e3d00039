"""Writing results to a folder: all or nothing.

Files are written into a temporary folder beside the target and moved into place only when
every file is complete, so an interrupted or failed run never leaves half a file behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from simulate.results import Results
from simulate.results.rows import RowFormat, write_rows
from simulate.results.workbook import write_workbook


@contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success its files replace those of the same name in ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        target.mkdir(parents=True, exist_ok=True)
        for item in sorted(tmp.rglob("*")):
            rel = item.relative_to(tmp)
            dest = target / rel
            if item.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                os.replace(item, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_results(
    results: Results,
    out: str | Path,
    *,
    excel: bool = True,
    extra: Callable[[Path], None] | None = None,
    rows: RowFormat = "csv",
    rows_in_workbook: bool = False,
) -> list[Path]:
    """Write cases, steps (``rows``: CSV or Parquet), desks and summary (CSV), summary.txt,
    a manifest and the formatted Excel workbook (per-case rows in it only on request)."""
    written: list[str] = []
    with atomic_dir(out) as tmp:
        # the large row files are encoded by pyarrow, which lets go of the GIL: they are
        # written beside the summary files and the workbook rather than before them
        pool = ThreadPoolExecutor(max_workers=1)
        big = pool.submit(
            lambda: [
                write_rows(t, tmp / n, rows)
                for t, n in ((results.cases, "cases"), (results.steps, "steps"))
            ]
        )
        try:
            summary = results.summary()
            summary.to_csv(tmp / "summary.csv")
            results.desks.to_csv(tmp / "desks.csv", index=False)
            (tmp / "summary.txt").write_text(results.report(), encoding="utf-8")
            (tmp / "manifest.json").write_text(
                json.dumps(manifest(results), ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
            if excel:
                write_workbook(
                    results, tmp / "results.xlsx", summary=summary, rows=rows_in_workbook
                )
        finally:
            pool.shutdown(wait=True)
        big.result()  # raises what writing the rows raised
        if extra is not None:
            extra(tmp)
        written = [str(p.relative_to(tmp)) for p in sorted(tmp.rglob("*")) if p.is_file()]
    return [Path(out) / w for w in written]


def manifest(results: Results) -> dict[str, object]:
    """What is needed to reproduce a run (scenario digest, seed, replications, version), and
    whether its figures hold: ``overloaded_desks`` (empty when none) and ``steady``."""
    data = results.meta.as_dict()
    data["scenario_file"] = results.scenario.path
    data["command"] = (
        f"simulate run {results.scenario.path or '<scenario>'} --replications {results.meta.replications} --seed {results.meta.seed}"
    )
    # whether the figures can be trusted at all: overloaded desks and the steady-state check
    data["overloaded_desks"] = ", ".join(
        f"{d.desk} ({100 * d.utilisation:.0f}%, {d.staff_needed} staff for <= 85%)"
        for d in results.overloaded
    )
    data["steady"] = results.steady.steady
    return data


def write_excel(results: Results, path: Path, *, rows: bool = False) -> None:
    """The formatted results workbook (see :func:`simulate.results.workbook.write_workbook`)."""
    write_workbook(results, path, rows=rows)
