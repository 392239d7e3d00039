"""Docs stay true: generated pages are current and every code sample runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import simulate
from simulate.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"```(python|bash)\n(.*?)```", re.S)


def test_generated_reference_pages_are_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
        },  # this checkout's package, not an installed one
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _blocks(path: Path, kind: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(path.read_text(encoding="utf-8")) if lang == kind]


@pytest.mark.parametrize(
    "path", [p for p in DOCS if _blocks(p, "python")], ids=lambda p: str(p.relative_to(ROOT))
)
def test_python_samples_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "__doc_sample__"}
    for code in _blocks(path, "python"):
        exec(compile(code, str(path), "exec"), namespace)


@pytest.mark.parametrize(
    "path", [p for p in DOCS if _blocks(p, "bash")], ids=lambda p: str(p.relative_to(ROOT))
)
def test_command_samples_run(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    ran = 0
    for code in _blocks(path, "bash"):
        for line in code.splitlines():
            if not line.startswith("simulate "):
                continue  # pip install / pytest lines are what CI itself runs
            args = shlex.split(line)[1:]
            for flag in ("--out", "-o", "--charts"):
                if flag in args:
                    i = args.index(flag)
                    args[i + 1] = str(tmp_path / Path(args[i + 1]).name)
            assert main(args) == 0, line
            ran += 1
    assert ran >= 0


def test_api_reference_lists_the_public_names() -> None:
    text = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^- `(\w+)[`(]", text, re.M))
    assert documented == set(simulate.__all__)


def test_readme_summary_is_what_the_command_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", readme, re.S)
    assert shown is not None
    args = ["run", "scenarios/example_gas.yaml", "--replications", "5", "--seed", "1"]
    assert main([*args, "--out", str(tmp_path / "o"), "--no-excel", "--lang", "zh"]) == 0
    printed = capsys.readouterr().out.split("\n已写出 ")[0].rstrip()
    assert printed == shown.group(1).rstrip(), (
        "run python tools/generate_docs.py to update the README example"
    )


def test_chart_gallery_is_current() -> None:
    """docs/gallery.md records a fingerprint of the chart code and its scenarios (no rendering)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "chart_gallery.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((gallery/[^)]+\.png)\)", page)
    assert len(images) >= 27  # nine chart kinds for three processes
    assert all((ROOT / "docs" / image).is_file() for image in images)
