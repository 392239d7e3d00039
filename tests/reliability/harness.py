"""Run every malformed-input case in one worker process, under a memory cap and a time bound.

``python -m tests.reliability.harness OUT.json`` runs :data:`~tests.reliability.malformed.CASES`
one after another in this process (one import of the package for all of them), each in its
own folder, through :func:`simulate.cli.main`, and writes one record per case: exit status,
standard error, whether a traceback escaped, the files it left behind, the seconds it took
and how much the process's peak memory grew. The address space is capped, so a case that
tries to allocate gigabytes fails with MemoryError (recorded as an escaped exception) instead
of taking the machine down; an alarm stops a case that hangs.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

from tests.reliability.malformed import CASES, Case

#: The address-space cap of the worker, bytes.
MEMORY_CAP = 3 * 2**30
#: Seconds after which a case counts as hung.
HANG_SECONDS = 30


class HungError(Exception):
    """A case ran past :data:`HANG_SECONDS`."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise HungError(f"no answer within {HANG_SECONDS} s")


def prepare(case: Case, folder: Path) -> None:
    """Write the case's files, and make its special ones."""
    folder.mkdir(parents=True)
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.special == "folder":
        (folder / "scenario.yaml").mkdir()
    elif case.special == "devzero":
        (folder / "scenario.yaml").symlink_to("/dev/zero")
    elif case.special == "bigfile":
        from tests.reliability.malformed import BASE

        pad = "# " + "x" * 98 + "\n"
        with (folder / "scenario.yaml").open("w", encoding="utf-8") as fh:
            fh.write(BASE)
            fh.write(pad * (50 * 2**20 // len(pad)))
    elif case.special == "csvfolder":
        (folder / "arrivals.csv").mkdir()
    elif case.special == "csvzero":
        (folder / "arrivals.csv").symlink_to("/dev/zero")


def snapshot(folder: Path) -> set[str]:
    """Every path under ``folder``, hidden ones included (links not followed)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run_case(case: Case, folder: Path) -> dict[str, object]:
    from simulate.cli import main

    prepare(case, folder)
    before = snapshot(folder)
    err = io.StringIO()
    escaped = ""
    status: int | None = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    cwd = os.getcwd()
    os.chdir(folder)
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(list(case.argv))
    except BaseException as exc:  # recorded: the test decides
        escaped = "".join(traceback.format_exception(exc))[-3000:]
    finally:
        signal.alarm(0)
        os.chdir(cwd)
    seconds = time.monotonic() - start
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    left = sorted(snapshot(folder) - before)
    api = run_api(case, folder) if case.api else ""
    return {
        "api": api,
        "name": case.name,
        "status": status,
        "stderr": err.getvalue()[-3000:],
        "escaped": escaped,
        "left": left,
        "seconds": round(seconds, 3),
        "memory_mb": round(grown_kb / 1024, 1),
    }


def run_api(case: Case, folder: Path) -> str:
    """The same input through the Python API: load the scenario, then run it.

    Returns what happened: ``ScenarioError: <message>``, ``ok`` or the escaped traceback.
    """
    import simulate as sim

    signal.alarm(HANG_SECONDS)
    try:
        scenario = sim.load_scenario(folder / "scenario.yaml")
        sim.run(scenario, replications=1, progress=False)
        return "ok"
    except sim.ScenarioError as err:
        return f"ScenarioError: {err}"
    except BaseException as exc:  # recorded: the test decides
        return "escaped: " + "".join(traceback.format_exception(exc))[-3000:]
    finally:
        signal.alarm(0)


def main(argv: list[str]) -> int:
    out, root = Path(argv[0]), Path(argv[1])
    names = set(argv[2:])
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    signal.signal(signal.SIGALRM, _alarm)
    records = []
    for i, case in enumerate(CASES):
        if names and case.name not in names:
            continue
        records.append(run_case(case, root / f"case{i:03d}"))
        out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
