"""The bundled CJK font renders Chinese chart labels, and nothing global changes."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulate.plotting import fonts

REPO_ROOT = Path(__file__).resolve().parents[2]
REBUILD = "rebuild it: python tools/build_font.py /path/to/NotoSansCJKsc-Regular.otf"

TITLE = "燃气报装 并联审批 容缺受理 营商环境 办结率"
TICKS = ["开办企业", "获得电力", "工程建设项目审批", "不动产登记"]

PLANNER_TERMS = """
开办企业 营业执照 印章刻制 涉税 发票 社保 公积金 银行开户 获得电力 低压 高压 用水用气
工程建设项目审批 立项用地规划许可 施工许可 竣工验收 消防设计审查 不动产登记 出口退税
工作日 自然日 窗口 科室 补正 公示 告知承诺制 一窗受理 全程网办 联合图审 多评合一
区域评估 帮代办 秒批 拿地即开工 减环节 压时限 超时默认 增窗增人
燃气报装 并联审批 容缺受理 营商环境 办结率 办理时限 申请材料 审批环节 跑动次数
“一件事” 《实施方案》 （试行） 、，。；：？！ 0123456789 % ± × ÷ ≤ ≥ → − ℃ №
"""


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF


def _scenario_cjk() -> set[str]:
    chars: set[str] = set()
    for path in sorted((REPO_ROOT / "scenarios").rglob("*.yaml")):
        chars.update(c for c in path.read_text(encoding="utf-8") if _is_cjk(c))
    return chars


def _snapshot() -> dict[str, object]:
    # dict.items reads the stored values: going through rcParams[...] would resolve the
    # "backend" entry, which imports pyplot.
    return dict(dict.items(matplotlib.rcParams))  # type: ignore[arg-type]


def _glyph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    messages = [str(w.message) for w in caught]
    return [m for m in messages if "glyph" in m.lower() or "missing" in m.lower()]


def _chart() -> Figure:
    fig = Figure(figsize=(6, 3.5))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bars = ax.bar(TICKS, [3, 5, 40, 5])
    ax.bar_label(bars, labels=["3 个工作日", "5 个工作日", "40 个工作日", "5 个工作日"])
    ax.set_title(TITLE)
    ax.set_ylabel("办理时限（工作日）")
    return fig


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_chinese_chart_renders_without_missing_glyphs(fmt: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with fonts.style():
            fig = _chart()
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt)  # "svg" switches to the SVG backend for this save
    assert buffer.getvalue()
    assert _glyph_warnings(caught) == []


def test_missing_glyph_would_be_caught() -> None:
    """The check above is not vacuous: a glyph the font lacks does warn."""
    family = fonts.ensure_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": [family]}):
            fig = Figure()
            FigureCanvasAgg(fig)
            fig.suptitle("办结率 \u0e01")  # THAI CHARACTER KO KAI: not in the font
            fig.savefig(io.BytesIO(), format="png")
    assert _glyph_warnings(caught)


def test_style_uses_the_bundled_font() -> None:
    with fonts.style():
        found = font_manager.findfont(font_manager.FontProperties(), fallback_to_default=False)
    assert Path(found) == fonts.font_path()


def test_ensure_font_is_idempotent() -> None:
    assert fonts.ensure_font() == fonts.ensure_font() == fonts.FAMILY
    path = str(fonts.font_path())
    assert len([e for e in font_manager.fontManager.ttflist if e.fname == path]) == 1


def test_font_covers_planner_vocabulary_and_scenarios() -> None:
    cmap = TTFont(fonts.font_path()).getBestCmap()
    sample = {c for c in PLANNER_TERMS if not c.isspace()} | set(TITLE.replace(" ", ""))
    sample |= _scenario_cjk()
    missing = sorted(c for c in sample if ord(c) not in cmap)
    assert missing == [], f"characters missing from the bundled font: {missing}; {REBUILD}"


def test_font_is_renamed_and_licensed() -> None:
    names = TTFont(fonts.font_path())["name"]
    for name_id in (1, 4, 6, 16):
        value = str(names.getDebugName(name_id))
        assert "Simulate" in value
        assert "Source" not in value
        assert "Noto" not in value
    assert "Adobe" in str(names.getDebugName(0))
    licence = (fonts.font_path().parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name 'Source'" in licence


def test_style_restores_rcparams() -> None:
    before = _snapshot()
    with fonts.style():
        assert matplotlib.rcParams["axes.unicode_minus"] is False
        assert matplotlib.rcParams["font.family"][0] == fonts.FAMILY
    assert _snapshot() == before


def test_import_changes_nothing_global() -> None:
    code = textwrap.dedent(
        """
        import sys
        import matplotlib
        import matplotlib.font_manager
        before = dict(dict.items(matplotlib.rcParams))
        fonts_before = len(matplotlib.font_manager.fontManager.ttflist)
        import simulate.plotting.fonts
        assert "matplotlib.pyplot" not in sys.modules
        assert dict(dict.items(matplotlib.rcParams)) == before
        assert len(matplotlib.font_manager.fontManager.ttflist) == fonts_before
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


def test_import_does_not_import_matplotlib() -> None:
    code = "import sys, simulate; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)
