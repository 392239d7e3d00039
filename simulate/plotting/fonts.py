"""The CJK font bundled with `simulate`, and the chart style that uses it.

Chart labels are Chinese, and a fresh machine often has no CJK font: matplotlib then
draws empty boxes and warns about missing glyphs. `simulate` ships its own font,
"Simulate Sans CJK" (``simulate/fonts/SimulateSansCJK-Regular.ttf``, a subset of Noto
Sans CJK SC under the SIL Open Font License 1.1, see ``simulate/fonts/OFL.txt``; rebuild
it with ``tools/build_font.py``).

Nothing happens at import time: this module does not even import matplotlib. Plot code
wraps its drawing in :func:`style`, which registers the font with matplotlib's font
manager on first use and sets the chart look through a ``matplotlib.rc_context``, so
``rcParams`` are back as they were when the block ends::

    with style():
        fig = Figure()
        ...
"""

from __future__ import annotations

import contextlib
import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "FAMILY",
    "FONT_FILE",
    "SYSTEM_CJK",
    "ensure_font",
    "font_path",
    "style",
    "system_cjk_family",
]

FAMILY = "Simulate Sans CJK"
"""Family name of the bundled font, as matplotlib's font manager lists it."""

FONT_FILE = "SimulateSansCJK-Regular.ttf"
"""File name of the bundled font inside ``simulate/fonts``."""

FALLBACK = "DejaVu Sans"
"""matplotlib's own font, used for any character the bundled font lacks."""

_lock = threading.Lock()
_registered_with: object | None = None  # the font manager the font was added to
_family = FAMILY


def font_path() -> Path:
    """Return the path of the bundled CJK font file.

    Returns
    -------
    Path
        ``<site-packages>/simulate/fonts/SimulateSansCJK-Regular.ttf`` (or the same
        place in a source checkout).
    """
    return Path(__file__).resolve().parent.parent / "fonts" / FONT_FILE


def ensure_font() -> str:
    """Register the bundled font with matplotlib, once, and return its family name.

    Safe to call any number of times and from several threads: the font is added to
    ``matplotlib.font_manager.fontManager`` only if it is not listed there already
    (again if that font manager has been replaced). ``rcParams`` are not touched.

    Returns
    -------
    str
        The family name to use in ``font.family`` (``"Simulate Sans CJK"``).

    Raises
    ------
    FileNotFoundError
        If the font file is missing from the installed package.
    """
    global _registered_with, _family
    from matplotlib import font_manager

    manager = font_manager.fontManager
    with _lock:
        if _registered_with is manager:
            return _family
        path = font_path()
        if not path.is_file():
            raise FileNotFoundError(
                f"bundled font {path} is missing; reinstall simulate, or rebuild it with "
                "`python tools/build_font.py /path/to/NotoSansCJKsc-Regular.otf`"
            )
        entries = [e for e in manager.ttflist if e.fname == str(path)]
        if not entries:
            manager.addfont(path)
            entries = [e for e in manager.ttflist if e.fname == str(path)]
        _family = str(entries[0].name)
        _registered_with = manager
        return _family


def style() -> contextlib.AbstractContextManager[None]:
    """Return a context manager that sets the chart look and the CJK font.

    The settings last only for the ``with`` block (it is a ``matplotlib.rc_context``);
    draw *and* save the figure inside it, since text is laid out when it is drawn.

    Returns
    -------
    contextlib.AbstractContextManager[None]
        Sets, among others, ``font.family`` to the bundled font, then a system CJK font
        when one is installed (:func:`system_cjk_family`), then DejaVu Sans,
        ``axes.unicode_minus`` to False, ``svg.fonttype`` to ``"path"``, hides the top
        and right spines, draws a light horizontal grid and saves at 150 dpi.

    Notes
    -----
    ``font.family`` names the two fonts itself rather than ``"sans-serif"``: matplotlib
    resolves a generic family to one font only, so a character missing from the CJK
    font (a rare symbol, say) would be a box; with both named it falls back per glyph
    to DejaVu Sans. ``font.sans-serif`` lists the same fonts first, for text that asks
    for ``family="sans-serif"``.
    """
    import matplotlib

    family = ensure_font()
    return matplotlib.rc_context(_rc(family))


#: System CJK fonts that cover the whole 通用规范汉字表 (and far more), best first: used per
#: glyph for a character the bundled subset lacks (喆, 堃 ...) when one is installed, e.g.
#: Debian's ``fonts-noto-cjk`` or ``fonts-wqy-zenhei``.
SYSTEM_CJK = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)


#: Files of those fonts, found when matplotlib's cached font list predates them.
SYSTEM_CJK_FILES = frozenset(
    {"NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "wqy-zenhei.ttc", "wqy-microhei.ttc"}
)


@functools.cache
def system_cjk_files() -> tuple[str, ...]:
    """Paths of the :data:`SYSTEM_CJK_FILES` installed (looked up once per session)."""
    from matplotlib import font_manager

    return tuple(
        sorted(p for p in font_manager.findSystemFonts() if Path(p).name in SYSTEM_CJK_FILES)
    )


def system_cjk_family() -> str | None:
    """The first of :data:`SYSTEM_CJK` installed on this machine, or None.

    The bundled font covers GB2312 (6,763 hanzi) and the characters of the shipped
    scenarios, not every character of the 通用规范汉字表 (8,105): a rarer one (喆, 堃,
    many names of people and places) needs a system CJK font, else it is drawn as a box.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    installed = {entry.name for entry in manager.ttflist}
    found = next((name for name in SYSTEM_CJK if name in installed), None)
    if found is None:  # installed after matplotlib cached its font list: add the files
        for path in system_cjk_files():
            manager.addfont(path)
        installed = {entry.name for entry in manager.ttflist}
        found = next(
            (name for name in (*SYSTEM_CJK, "Noto Sans CJK JP") if name in installed), None
        )
    return found


def _rc(family: str) -> dict[RcKeyType, Any]:
    """Return the rcParams that :func:`style` sets."""
    system = system_cjk_family()
    fonts = [family, *([system] if system else []), FALLBACK]
    return {
        "font.family": fonts,
        "font.sans-serif": fonts,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "figure.titlesize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "#d9d9d9",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "savefig.dpi": 150,
    }
