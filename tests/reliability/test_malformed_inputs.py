"""Every class of malformed input: exit 2, a located message, no traceback, nothing written,
bounded time and memory; through the command line and the Python API.

The cases (``malformed.py``) run in one worker process (``harness.py``) with its address space
capped, so a case that would take gigabytes fails there instead of on the machine running the
tests; this module checks each case's record.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import HANG_SECONDS
from tests.reliability.malformed import CASES, Case

ROOT = Path(__file__).resolve().parents[2]

#: Peak memory a single case may add to the worker, MB (the 50 MB file is read only in part).
MEMORY_MB = 300


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    if not Path("/proc").is_dir() or not Path("/dev/zero").exists():
        pytest.skip("the table uses /proc and /dev/zero (Linux)")
    root = tmp_path_factory.mktemp("malformed")
    out = root / "records.json"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "CI": "1"}
    for name in ("SIMULATE_MAX_FILE_BYTES", "SIMULATE_MAX_YAML_NODES", "SIMULATE_MAX_ARRIVALS"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reliability.harness", str(out), str(root / "cases")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))}


def test_the_table_covers_at_least_70_classes() -> None:
    assert len(CASES) >= 70
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_a_located_error_with_nothing_written(
    case: Case, records: dict[str, dict[str, Any]]
) -> None:
    record = records[case.name]
    assert record["escaped"] == "", record["escaped"]
    assert record["status"] == 2, record["stderr"]
    assert "Traceback" not in record["stderr"]
    assert case.where in record["stderr"], record["stderr"]
    assert record["left"] == [], f"left behind: {record['left']}"
    assert record["seconds"] < HANG_SECONDS
    assert record["memory_mb"] < MEMORY_MB


@pytest.mark.parametrize("case", [c for c in CASES if c.api], ids=[c.name for c in CASES if c.api])
def test_bad_input_through_the_api_is_a_located_scenario_error(
    case: Case, records: dict[str, dict[str, Any]]
) -> None:
    api = records[case.name]["api"]
    assert api.startswith("ScenarioError: "), api
    assert case.where in api, api
