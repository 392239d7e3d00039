"""Writing a comparison to disk: its tables, text report, workbook and manifest, all or nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from simulate.experiments.comparison import Comparison
from simulate.results.write import atomic_dir


def write_comparison(
    comparison: Comparison,
    out: str | os.PathLike[str],
    *,
    excel: bool = True,
    force: bool = False,
    option: str = "",
    extra: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write a comparison's tables, text report and manifest into a folder, all or nothing.

    Files: ``comparison.csv`` (:meth:`Comparison.table`), ``per_replication.csv``,
    ``comparison.txt`` (the report), ``comparison.xlsx`` (sheets ``comparison``,
    ``per_replication``, ``manifest``) and ``manifest.json``.

    Parameters
    ----------
    comparison
        The comparison to write.
    out
        The folder; replaced as a whole once every file is written.
    excel
        Also write ``comparison.xlsx``.
    force
        Replace ``out`` even when it holds files `simulate` did not write there.
    option
        The command-line option that named ``out``, for messages.
    extra
        ``extra(folder)`` adds files to the folder before it is swapped in (charts).

    Returns
    -------
    list of pathlib.Path
        The paths written.
    """
    written: list[str] = []
    with atomic_dir(Path(out), force=force, option=option) as tmp:
        table, per_rep = comparison.table(), comparison.per_replication()
        info = comparison_manifest(comparison)
        table.to_csv(tmp / "comparison.csv", index=False)
        per_rep.to_csv(tmp / "per_replication.csv", index=False)
        (tmp / "comparison.txt").write_text(comparison.report(), encoding="utf-8")
        text = json.dumps(info, ensure_ascii=False, indent=2, default=str)
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
        if excel:
            sheet = table.copy()
            sheet.insert(1, "meaning", [comparison.metric_label(m) for m in sheet["metric"]])
            flat = {k: v for k, v in info.items() if k != "scenarios"}
            for i, entry in enumerate(_scenario_entries(comparison)):
                flat.update({f"scenarios[{i}].{k}": v for k, v in entry.items()})
            keys = pd.DataFrame(list(flat.items()), columns=["key", "value"]).astype(str)
            with pd.ExcelWriter(tmp / "comparison.xlsx", engine="openpyxl") as xl:
                sheet.to_excel(xl, sheet_name="comparison", index=False)
                per_rep.to_excel(xl, sheet_name="per_replication", index=False)
                keys.to_excel(xl, sheet_name="manifest", index=False)
        if extra is not None:
            extra(tmp)
        written = [str(p.relative_to(tmp)) for p in sorted(tmp.rglob("*")) if p.is_file()]
    return [Path(out) / w for w in written]


def comparison_manifest(comparison: Comparison) -> dict[str, object]:
    """What reproduces a comparison: each scenario's name, digest and file; seed; version."""
    files = " ".join(s.path or "<scenario>" for s in comparison.scenarios)
    return {
        "kind": "comparison",
        "reference": comparison.names[0],
        "scenarios": _scenario_entries(comparison),
        "seed": comparison.seed,
        "replications": comparison.replications,
        "version": comparison.results[0].meta.version,
        "command": (
            f"simulate compare {files} --replications {comparison.replications} "
            f"--seed {comparison.seed}"
        ),
    }


def _scenario_entries(comparison: Comparison) -> list[dict[str, object]]:
    """One manifest entry per scenario: unique name, label, digest as given, file, reforms."""
    digests = comparison.digests or tuple(s.digest() for s in comparison.scenarios)
    return [
        {
            "name": n,
            "label": s.label,
            "digest": d,
            "path": s.path,
            "reforms": [r.name for r in s.reforms],
        }
        for n, s, d in zip(comparison.names, comparison.scenarios, digests, strict=True)
    ]


__all__ = ["comparison_manifest", "write_comparison"]
