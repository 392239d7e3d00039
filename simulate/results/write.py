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

from simulate.errors import OutputError
from simulate.results import Results
from simulate.results.rows import RowFormat, write_rows
from simulate.results.workbook import write_workbook

#: The list of files `simulate` wrote into an output folder, kept in that folder. A folder
#: holding any file not on its list (or without the list) is not replaced without ``force``.
MARKER = ".simulate-files"


def foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` that `simulate` did not write there (its :data:`MARKER` says which it did)."""
    try:
        listed = set(json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel != MARKER and not path.is_dir() and rel not in listed:
            out.append(rel)
    return out


def check_destination(target: str | Path, *, option: str = "", force: bool = False) -> None:
    """Raise :class:`OutputError` unless ``target`` can become an output folder.

    It must be a folder or not exist yet, under a folder this process may write in, and
    (unless ``force``) hold no file that `simulate` did not write there itself.
    ``option`` names the command-line option for the message (``--out``).
    """
    target = Path(target)
    what = f"{option} {target}" if option else str(target)
    if target.exists() and not target.is_dir():
        raise OutputError(what, "is an existing file, not a folder", "choose a new folder name")
    ancestor = target.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(
            what, f"lies under {ancestor}, which is a file", "choose a path under a folder"
        )
    try:  # a real write, not os.access: it also catches read-only and special file systems
        Path(tempfile.mkdtemp(prefix=".simulate-probe-", dir=ancestor)).rmdir()
    except OSError as err:
        raise OutputError(
            what,
            f"cannot be written: cannot create a folder in {ancestor} ({err.strerror or err})",
            "choose a folder you can write in",
        ) from None
    if target.is_dir() and not force:
        other = foreign_files(target)
        if other:
            shown = ", ".join(other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
            raise OutputError(
                what,
                f"holds files that simulate did not write ({shown}); it would be replaced whole",
                "choose another folder, or pass --force (force=True) to replace it",
            )


@contextmanager
def atomic_dir(target: str | Path, *, force: bool = False, option: str = "") -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole.

    The old folder's files do not mix with the new ones: the new folder is renamed into place
    and the old one removed. A folder holding files `simulate` did not write is replaced only
    with ``force`` (:func:`check_destination`); on any error or interruption the temporary
    folder is removed and ``target`` is left as it was.
    """
    target = Path(target)
    check_destination(target, option=option, force=force)
    what = f"{option} {target}" if option else str(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as err:
        raise OutputError(
            what, f"cannot be written ({err.strerror or err})", "choose a folder you can write in"
        ) from None
    try:
        yield tmp
        files = [p.relative_to(tmp).as_posix() for p in sorted(tmp.rglob("*")) if p.is_file()]
        (tmp / MARKER).write_text(
            json.dumps({"written_by": "simulate", "files": files}, indent=1) + "\n",
            encoding="utf-8",
        )
        _swap(tmp, target, what)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, target: Path, what: str) -> None:
    """Put folder ``new`` where ``target`` is: two renames, the old folder restored on failure."""
    old = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / target.name)
        try:
            os.replace(new, target)
        except OSError:
            if old is not None:
                os.replace(old / target.name, target)
            raise
    except OSError as err:
        raise OutputError(
            what,
            f"cannot be replaced ({err.strerror or err})",
            "close programs that have its files open, and try again",
        ) from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_results(
    results: Results,
    out: str | Path,
    *,
    excel: bool = True,
    extra: Callable[[Path], None] | None = None,
    rows: RowFormat = "csv",
    rows_in_workbook: bool = False,
    force: bool = False,
    option: str = "",
) -> list[Path]:
    """Write cases, steps (``rows``: CSV or Parquet), desks and summary (CSV), summary.txt,
    a manifest and the formatted Excel workbook (per-case rows in it only on request).

    The folder ``out`` is replaced whole (:func:`atomic_dir`); one that holds files `simulate`
    did not write is replaced only with ``force``. ``extra(folder)`` may add files (charts).
    """
    written: list[str] = []
    with atomic_dir(out, force=force, option=option) as tmp:
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
