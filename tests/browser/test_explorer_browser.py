"""The explorer in a real browser: JupyterLab started here, driven by Playwright on Chromium.

A notebook that shows ``sim.explore(...)`` is opened and run in JupyterLab; the test types
a new staff number into the first desk's slider and checks that the numbers and the chart
change. It uses the system Chromium (Debian package ``chromium``, installed by ``.ci/run``)
and is skipped, saying so, only where that browser is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "company_registration" / "half_day_parallel.yaml"
TOKEN = "simulate-browser-test"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no system Chromium (Debian: apt-get install chromium; .ci/run installs it)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on a free port, serving a folder with one explorer notebook."""
    import nbformat

    folder = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import simulate as sim\nsim.explore({str(SCENARIO)!r}, replications=2)"
        )
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / "explore.ipynb")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTER_CONFIG_DIR=str(folder / ".config"))
    log = (folder / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", "--allow-root",
            f"--ServerApp.root_dir={folder}", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + (folder / "lab.log").read_text())
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_moving_a_slider_changes_the_chart_and_the_numbers(lab: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab}/lab/tree/explore.ipynb?token={TOKEN}")
            editor = page.locator(".jp-Notebook .jp-Cell .cm-content").first
            editor.wait_for(timeout=90_000)
            # wait for the kernel before running the cell
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
                timeout=90_000
            )
            numbers = page.locator(".simulate-explore-numbers")
            for _attempt in range(4):  # a key press before the notebook is ready is lost
                editor.click()
                page.keyboard.press("Shift+Enter")
                try:
                    numbers.wait_for(timeout=30_000)
                    break
                except PlaywrightTimeout:
                    continue
            numbers.wait_for(timeout=60_000)
            page.wait_for_function(
                "() => document.querySelector('.simulate-explore-numbers b') !== null",
                timeout=120_000,
            )
            image = page.locator(".simulate-explore-chart")
            before_text = numbers.inner_text()
            before_src = image.get_attribute("src")
            assert before_src, "the chart was not drawn"
            # the first desk's slider: type a smaller staff number into its readout
            readout = page.locator(".simulate-explore .widget-slider .widget-readout").first
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("1")
            page.keyboard.press("Enter")
            page.wait_for_function(
                "(old) => { const n = document.querySelector('.simulate-explore-numbers');"
                " return n && n.innerText !== old; }",
                arg=before_text,
                timeout=120_000,
            )
            # the chart is redrawn after the numbers: wait for its new picture
            page.wait_for_function(
                "(old) => { const i = document.querySelector('.simulate-explore-chart');"
                " return i && i.src && i.src !== old; }",
                arg=before_src,
                timeout=60_000,
            )
            after_src = image.get_attribute("src")
            after_text = numbers.inner_text()
        finally:
            browser.close()
    assert after_text != before_text
    assert after_src
    assert after_src != before_src
