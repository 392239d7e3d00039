"""Outputs are swapped in whole, re-runs replace them, SIGTERM is Ctrl-C, workers end with the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import simulate as sim
from simulate.cli import main
from simulate.errors import OutputError
from simulate.results import write as results_write
from simulate.results.write import MARKER, write_results
from tests.reliability.malformed import BASE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example_gas.yaml"
LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@pytest.fixture
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario of a few working days (fast to run and chart)."""
    path = tmp_path_factory.mktemp("scenario") / "tiny.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


@pytest.fixture
def command(tiny: Path) -> list[str]:
    """``simulate run`` of the tiny scenario, one replication, quiet."""
    return ["run", str(tiny), "-n", "1", "--quiet"]


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_a_rerun_replaces_the_folder_whole(command: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([*command, "--seed", "1", "--out", str(out)]) == 0
    assert (out / "results.xlsx").is_file()
    assert main([*command, "--seed", "2", "--out", str(out), "--no-excel"]) == 0
    assert not (out / "results.xlsx").exists()  # the old workbook does not stay beside new CSVs
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left
    listed = set(json.loads((out / MARKER).read_text(encoding="utf-8"))["files"])
    assert listed == files(out) - {MARKER}


def test_a_folder_with_other_files_is_refused_unless_forced(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    assert main([*command, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out}: holds files that simulate did not write (notes.txt)" in err
    assert "--force" in err
    assert files(out) == {"notes.txt"}
    assert main([*command, "--out", str(out), "--force"]) == 0
    assert not (out / "notes.txt").exists()
    assert (out / "cases.csv").is_file()


def test_the_api_refuses_a_foreign_folder_too(tiny: Path, tmp_path: Path) -> None:
    results = sim.run(sim.load_scenario(tiny), replications=1)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="holds files that simulate did not write"):
        write_results(results, out, excel=False)
    assert files(out) == {"keep.txt"}
    write_results(results, out, excel=False, force=True)
    assert "keep.txt" not in files(out)
    with pytest.raises(OutputError, match="is an existing file"):
        write_results(results, out / "cases.csv", excel=False)


def test_charts_inside_the_output_folder_go_in_with_the_tables(
    command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = [*command, "--out", str(out), "--no-excel", "--charts", str(out / "charts")]
    assert main(argv) == 0
    assert (out / "charts" / "elapsed.png").is_file()
    assert main(argv) == 0  # the charts are the folder's own files: a re-run is not refused
    assert (out / "charts" / "elapsed.png").is_file()
    assert (out / "cases.csv").is_file()


def test_bad_charts_folder_is_refused_before_the_run(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    assert main([*command, "--out", str(out), "--charts", str(tmp_path / "taken")]) == 2
    assert "--charts" in capsys.readouterr().err
    assert not out.exists()  # nothing written, the tables included


def test_sigterm_while_writing_leaves_nothing(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SIGTERM arriving half-way through writing: no output, no hidden partial folder."""
    out = tmp_path / "out"

    def terminated(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this sleep

    monkeypatch.setattr(results_write, "write_workbook", terminated)
    assert main([*command, "--out", str(out)]) == 128 + signal.SIGTERM
    assert "terminated; no output was written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_sigterm_keeps_the_previous_output(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert main([*command, "--seed", "1", "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def terminated(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)

    monkeypatch.setattr(results_write, "write_workbook", terminated)
    assert main([*command, "--seed", "2", "--out", str(out)]) == 128 + signal.SIGTERM
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text[text.rindex(")") + 2 :].split()[0] != "Z"


def start_pool_run(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """``simulate run --jobs 2`` with many replications, once its workers are up."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "simulate", "run", str(EXAMPLE), "-n", "400", "-j", "2"),
            *("--out", str(tmp_path / "out"), "--quiet"),
        ],
        cwd=ROOT,
        env={**os.environ, "CI": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = children(proc.pid)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(1.0)
    return proc, workers


@LINUX
def test_sigterm_stops_the_parent_and_its_workers(tmp_path: Path) -> None:
    proc, workers = start_pool_run(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=90)  # generous: a loaded machine starts workers slowly
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)
    assert list(tmp_path.iterdir()) == []


@LINUX
def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    proc, workers = start_pool_run(tmp_path)
    proc.kill()  # SIGKILL: no handler runs in the parent; the workers notice it is gone
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)


def test_failed_charts_leave_no_tables_either(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Charts in another folder are swapped in together with the tables, or neither is."""
    from simulate import plotting

    def broken(*args: object, **kwargs: object) -> None:
        raise sim.SimulateError("the chart could not be drawn")

    monkeypatch.setattr(plotting, "write_run_charts", broken)
    out, charts = tmp_path / "out", tmp_path / "charts"
    assert main([*command, "--out", str(out), "--charts", str(charts)]) == 1
    assert list(tmp_path.iterdir()) == []
