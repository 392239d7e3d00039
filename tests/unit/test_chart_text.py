"""Rare characters in charts, and SVG text that stays editable."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import simulate as sim
from simulate.plotting.fonts import style, system_cjk_family

GAS = Path(__file__).resolve().parents[2] / "scenarios" / "water_gas" / "gas_baseline.yaml"


def glyph_warnings(label: str) -> list[str]:
    """Missing-glyph warnings matplotlib gives when it draws ``label`` in the chart style."""
    import matplotlib.pyplot as plt

    with style(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title(label)
        fig.canvas.draw()
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def test_common_hanzi_draw_with_the_bundled_font_alone() -> None:
    assert glyph_warnings("燃气报装 并联审批 容缺受理") == []


def test_rare_hanzi_draw_when_a_system_cjk_font_is_installed() -> None:
    if system_cjk_family() is None:
        pytest.skip("no system CJK font (e.g. Debian's fonts-noto-cjk): 喆 and 堃 are boxes")
    assert glyph_warnings("王喆 李堃 窗口") == []


def test_svg_text_is_editable_on_request(tmp_path: Path) -> None:
    results = sim.run(sim.load_scenario(GAS), replications=1, seed=1, progress=False)
    sim_plot = pytest.importorskip("simulate.plotting")
    sim_plot.write_run_charts(results, tmp_path / "paths")
    sim_plot.write_run_charts(results, tmp_path / "text", svg_text=True)
    outlines = (tmp_path / "paths" / "elapsed.svg").read_text(encoding="utf-8")
    editable = (tmp_path / "text" / "elapsed.svg").read_text(encoding="utf-8")
    assert "<text" not in outlines
    assert "<text" in editable
    assert "Simulate Sans CJK" in editable  # the font is named, so an editor can match it
