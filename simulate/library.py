"""The shipped scenario library: find, describe and load scenarios by library name.

The library is the repository's ``scenarios/`` folder. An installed package carries a copy
as package data (``simulate/library_data``, made when the wheel is built); a checkout or an
editable install reads ``scenarios/`` itself. A library name is a scenario file's path
inside the library without ``.yaml``: ``power/low_voltage_baseline``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulate.errors import Problem, ScenarioError, did_you_mean
from simulate.io import loader
from simulate.scenario.model import Scenario

#: Where an installed package keeps its copy of the library.
PACKAGED = Path(__file__).resolve().parent / "library_data"

#: The repository's library, for a checkout or an editable install.
CHECKOUT = Path(__file__).resolve().parents[1] / "scenarios"


def library_root() -> Path:
    """The folder of the shipped scenario library (installed copy, else the checkout's)."""
    if PACKAGED.is_dir():
        return PACKAGED
    return CHECKOUT


def library_names() -> list[str]:
    """Every shipped scenario by library name (``power/low_voltage_baseline``), sorted."""
    root = library_root()
    return [p.relative_to(root).with_suffix("").as_posix() for p in scenario_files(root)]


def resolve(name_or_path: str | Path) -> Path:
    """A scenario file: ``name_or_path`` itself when it exists, else the library's file.

    Raises
    ------
    ScenarioError
        When it is neither a file nor a library name (with the closest library name).
    """
    path = Path(name_or_path)
    if path.exists() or path.suffix.lower() in (".yaml", ".yml", ".xlsx"):
        return path
    text = path.as_posix().removeprefix("library:")
    candidate = library_root() / f"{text}.yaml"
    if candidate.is_file():
        return candidate
    raise ScenarioError(
        [
            Problem(
                "no such file and no scenario of that name in the library",
                file=str(name_or_path),
                fix=f"{did_you_mean(text, library_names())}; `simulate list` shows them all",
            )
        ]
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and build a scenario from a file or a library name.

    Parameters
    ----------
    path
        A scenario file (YAML, or an .xlsx workbook from ``simulate template``), or the
        library name of a shipped scenario, e.g. ``"power/low_voltage_baseline"``.

    Returns
    -------
    Scenario
        The scenario with its ``reforms:`` applied, in order.

    Raises
    ------
    ScenarioError
        Listing every problem in the file (and the files it extends), each located.
    """
    return loader.load_scenario(resolve(path))


def scenario_files(folder: str | Path | None = None) -> list[Path]:
    """Every scenario YAML file under ``folder`` (default: the library; sources excluded)."""
    root = library_root() if folder is None else Path(folder)
    return sorted(p for p in root.rglob("*.yaml") if "sources" not in p.relative_to(root).parts)


def list_scenarios(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per scenario file: file, name, label, process, documents, reforms, status."""
    rows = []
    root = library_root() if folder is None else Path(folder)
    for path in scenario_files(root):
        try:
            s = loader.load_scenario(path)
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


def scenario_data(name_or_path: str | Path) -> dict[str, object]:
    """A scenario as one self-contained mapping: ``extends:`` folded in, ``reforms:`` kept.

    What ``simulate init`` writes and ``simulate convert`` and ``simulate template`` start
    from: the base process as written, then its reforms as a list, so it reads and edits
    like the original without the files it extended.
    """
    from simulate.io.dump import scenario_to_data

    base, reforms = loader.load_bundle(resolve(name_or_path))
    data = scenario_to_data(base)
    if reforms:
        data["reforms"] = [name if not params else {name: params} for name, params in reforms]
    return data
