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
from contextlib import contextmanager
from pathlib import Path

from simulate.results import Results


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
) -> list[Path]:
    """Write cases, steps, desks and summary (CSV), summary.txt, a manifest and an Excel workbook."""
    written: list[str] = []
    with atomic_dir(out) as tmp:
        summary = results.summary()
        summary.to_csv(tmp / "summary.csv")
        results.cases.to_csv(tmp / "cases.csv", index=False)
        results.steps.to_csv(tmp / "steps.csv", index=False)
        results.desks.to_csv(tmp / "desks.csv", index=False)
        (tmp / "summary.txt").write_text(results.report(), encoding="utf-8")
        (tmp / "manifest.json").write_text(
            json.dumps(manifest(results), ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
        if excel:
            write_excel(results, tmp / "results.xlsx")
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


#: Excel's row limit, less the header.
EXCEL_ROWS = 1_048_575


def write_excel(results: Results, path: Path) -> None:
    """One workbook, one sheet per table, the summary first (what planners pass around)."""
    import pandas as pd

    from simulate.results.metrics import metric_name

    summary = results.summary().reset_index()
    summary.insert(
        1, "meaning", [metric_name(m, results.meta.thresholds) for m in summary["metric"]]
    )
    notes = []
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        summary.to_excel(xl, sheet_name="summary", index=False)
        for name, table in (
            ("cases", results.cases),
            ("steps", results.steps),
            ("desks", results.desks),
        ):
            if len(table) > EXCEL_ROWS:
                notes.append(
                    f"{name}: first {EXCEL_ROWS:,} of {len(table):,} rows; the CSV has all"
                )
                table = table.iloc[:EXCEL_ROWS]
            table.to_excel(xl, sheet_name=name, index=False)
        if notes:
            pd.DataFrame({"note": notes}).to_excel(xl, sheet_name="notes", index=False)
        pd.DataFrame(sorted(manifest(results).items()), columns=["key", "value"]).astype(
            str
        ).to_excel(xl, sheet_name="manifest", index=False)
