"""The shipped scenario library: find and describe scenario files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulate.errors import ScenarioError
from simulate.io.loader import load_scenario


def scenario_files(folder: str | Path = "scenarios") -> list[Path]:
    """Every scenario YAML file under ``folder`` (sorted; policy sources excluded)."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*.yaml") if "sources" not in p.relative_to(root).parts)


def list_scenarios(folder: str | Path = "scenarios") -> pd.DataFrame:
    """One row per scenario file: file, name, label, process, documents, reforms, status."""
    rows = []
    root = Path(folder)
    for path in scenario_files(root):
        try:
            s = load_scenario(path)
        except ScenarioError as err:
            rows.append(
                {
                    "file": str(path.relative_to(root)),
                    "name": "",
                    "label": "",
                    "process": "",
                    "documents": "",
                    "reforms": "",
                    "status": f"invalid ({len(err.problems)} problems)",
                }
            )
            continue
        rows.append(
            {
                "file": str(path.relative_to(root)),
                "name": s.name,
                "label": s.label,
                "process": s.process,
                "documents": ", ".join(d.split("_")[0] for d in s.documents),
                "reforms": ", ".join(r.name for r in s.reforms),
                "status": "ok",
            }
        )
    return pd.DataFrame(
        rows, columns=["file", "name", "label", "process", "documents", "reforms", "status"]
    )
