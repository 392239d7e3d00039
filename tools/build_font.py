"""Build the CJK font bundled with ``simulate`` for chart labels.

Charts label axes and bars in Chinese. A fresh machine often has no CJK font, and then
matplotlib draws empty boxes and warns about missing glyphs. So the package ships its
own font: a subset of Noto Sans CJK SC (SIL Open Font License 1.1, copyright Adobe,
Reserved Font Name "Source"), renamed "Simulate Sans CJK" because the OFL forbids a
modified version to use the reserved name. The license and copyright notice are in
``simulate/fonts/OFL.txt`` and in the font's own name table.

The subset keeps:

* ASCII and Latin-1 (U+0020-007E, U+00A0-00FF);
* General Punctuation (U+2000-206F);
* CJK Symbols and Punctuation (U+3000-303F);
* Halfwidth and Fullwidth Forms (U+FF00-FFEF);
* the chart symbols in Arrows, Mathematical Operators, Enclosed Alphanumerics,
  Geometric Shapes and Dingbats (U+2190-21FF, 2200-22FF, 2460-24FF, 25A0-25FF,
  2700-27BF), which GB2312 covers only in part (it lacks U+2212 MINUS SIGN);
* every character encodable in GB2312 (the 6,763 common hanzi, plus the kana, Greek,
  Cyrillic, pinyin, box-drawing and symbol rows);
* every CJK character in ``../shared/seeds/*.txt`` (relative to the repository root;
  skipped if the folder is absent) and in ``scenarios/**/*.yaml``.

Hinting is dropped (charts do not need it), as are vertical metrics and the
layout features that horizontal Chinese text does not use. The cubic CFF outlines are
converted to quadratic TrueType ones (``SimulateSansCJK-Regular.ttf``): Agg and SVG
render either kind, but with ``pdf.fonttype``/``ps.fonttype`` 42 matplotlib embeds the
font as TrueType, which a CFF ``.otf`` is not. ``--format otf`` keeps the CFF outlines
(about 25% smaller); ``simulate/_fonts.py`` (``FONT_FILE``) would then need the new name.

Re-run it whenever the scenarios gain characters outside GB2312, from the repository
root::

    python tools/build_font.py /path/to/NotoSansCJKsc-Regular.otf

``NotoSansCJKsc-Regular.otf`` is in the ``mplfonts`` wheel (``mplfonts/fonts/``) or at
https://github.com/notofonts/noto-cjk. Use no other file from that wheel: its SimHei is
not openly licensed. ``simulate/fonts/OFL.txt`` is not generated: if you build from
another version of the source font, copy its copyright line (name ID 0) there.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont, newTable

REPO_ROOT = Path(__file__).resolve().parent.parent
FAMILY = "Simulate Sans CJK"
STYLE = "Regular"
PS_NAME = "SimulateSansCJK-Regular"

# Layout features HarfBuzz (matplotlib >= 3.11 shapes text through libraqm) applies by
# default to horizontal text. 'locl' is left out on purpose: in Noto Sans CJK SC it only
# maps to the Japanese, Korean and Traditional Chinese glyph variants, which would pull
# thousands of glyphs into the subset, and the Simplified Chinese forms are the default.
LAYOUT_FEATURES = ["ccmp", "liga", "calt", "kern"]

# Tables a chart renderer does not need: vertical metrics and baseline data.
DROP_TABLES = ["VORG", "vhea", "vmtx", "BASE"]

BLOCKS: dict[str, tuple[int, int]] = {
    "ASCII": (0x0020, 0x007E),
    "Latin-1": (0x00A0, 0x00FF),
    "General Punctuation": (0x2000, 0x206F),
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
    # Symbols that chart labels use and GB2312 covers only in part (U+2212 MINUS SIGN,
    # ≈, ≥, ✓, ⑪...). Cheap: only the few hundred the source font draws are kept.
    "Arrows": (0x2190, 0x21FF),
    "Mathematical Operators": (0x2200, 0x22FF),
    "Enclosed Alphanumerics": (0x2460, 0x24FF),
    "Geometric Shapes": (0x25A0, 0x25FF),
    "Dingbats": (0x2700, 0x27BF),
}

# What counts as a "CJK character" when scanning text files.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
    (0x20000, 0x3134F),  # CJK unified ideographs extensions B-G
)


def is_cjk(char: str) -> bool:
    """Return whether ``char`` is in one of the CJK blocks of :data:`CJK_RANGES`."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in CJK_RANGES)


def gb2312_codepoints() -> set[int]:
    """Return every code point encodable in GB2312 (the 2-byte EUC-CN code space)."""
    found: set[int] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            found.update(ord(c) for c in text)
    return found


def cjk_codepoints_in(paths: Iterable[Path]) -> set[int]:
    """Return the code points of every CJK character in the given UTF-8 text files."""
    found: set[int] = set()
    for path in paths:
        found.update(ord(c) for c in path.read_text(encoding="utf-8") if is_cjk(c))
    return found


def text_sources(root: Path) -> list[Path]:
    """Return the seed documents and scenario files whose characters the font must cover."""
    seeds = root.parent / "shared" / "seeds"
    paths = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    scenarios = root / "scenarios"
    if scenarios.is_dir():
        paths += sorted(scenarios.rglob("*.yaml"))
    return paths


def wanted_codepoints(root: Path) -> tuple[set[int], set[int], dict[str, int]]:
    """Return the code points to keep, those of them that must not be missing, and counts.

    The Unicode blocks are kept as far as the source font covers them; GB2312 and the
    characters of the seed and scenario files are required.
    """
    counts: dict[str, int] = {}
    wanted: set[int] = set()
    for name, (lo, hi) in BLOCKS.items():
        block = set(range(lo, hi + 1))
        counts[name] = len(block)
        wanted |= block
    gb = gb2312_codepoints()
    counts["GB2312"] = len(gb)
    sources = text_sources(root)
    extra = cjk_codepoints_in(sources)
    counts[f"CJK in {len(sources)} seed/scenario files"] = len(extra)
    counts["  of which outside GB2312"] = len(extra - gb)
    required = gb | extra
    return wanted | required, required, counts


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    """Cut ``font`` down, in place, to ``codepoints`` and the features in use."""
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.layout_features = LAYOUT_FEATURES
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.name_IDs = ["*"]  # keep the copyright (0), trademark (7) and license (13, 14)
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def rename(font: TTFont) -> None:
    """Rename the family to :data:`FAMILY`; the copyright and license records stay."""
    version = font["head"].fontRevision
    new = {
        1: FAMILY,
        2: STYLE,
        3: f"{version:.3f};{PS_NAME}",
        4: f"{FAMILY} {STYLE}",
        6: PS_NAME,
        16: FAMILY,
        17: STYLE,
    }
    name = font["name"]
    for record in name.names:
        if record.nameID in new:
            record.string = new[record.nameID]
    for name_id in (16, 17):  # typographic names, if the source lacked a Windows one
        if name.getName(name_id, 3, 1, 0x409) is None:
            name.setName(new[name_id], name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames[0] = PS_NAME
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} {STYLE}"
        top.FamilyName = FAMILY
        for fd in getattr(top, "FDArray", []):
            fd_name = getattr(fd, "FontName", None)
            if fd_name:
                fd.FontName = fd_name.replace(old, PS_NAME)
    leftover = [
        r.nameID
        for r in name.names
        if r.nameID not in (0, 7, 13) and re.search(r"\bSource\b|Noto Sans CJK", r.toUnicode())
    ]
    if leftover:
        raise SystemExit(f"name IDs {leftover} still carry the old or reserved name")


def cff_to_ttf(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF outlines of ``font`` by quadratic TrueType ``glyf`` outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for glyph_name in order:
        pen = TTGlyphPen(None)
        glyph_set[glyph_name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[glyph_name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    hmtx = font["hmtx"]
    for glyph_name, glyph in glyf.glyphs.items():  # TrueType wants lsb == xMin
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[glyph_name]
        hmtx[glyph_name] = (advance, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, out_dir: Path, fmt: str) -> Path:
    """Subset, rename and save the font; return the path written."""
    codepoints, required, counts = wanted_codepoints(REPO_ROOT)
    font = TTFont(source, lazy=False, recalcTimestamp=False)  # reproducible output
    if "CFF " not in font:
        raise SystemExit(f"{source} has no CFF outlines; expected NotoSansCJKsc-Regular.otf")
    available = set(font.getBestCmap())
    subset_font(font, codepoints)
    rename(font)
    if fmt == "ttf":
        cff_to_ttf(font)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{PS_NAME}.{fmt}"
    font.save(out)

    for label, n in counts.items():
        print(f"{label:>40}: {n:6d} code points")
    kept = TTFont(out)
    n_glyphs = len(kept.getGlyphOrder())
    print(f"{'kept':>40}: {len(kept.getBestCmap()):6d} code points, {n_glyphs} glyphs")
    missing = "".join(chr(c) for c in sorted(required - available))
    if missing:
        print(f"{'required but not in the source font':>40}: {len(missing):6d} {missing[:200]}")
    size = out.stat().st_size
    print(f"wrote {out} ({size:,} bytes, {size / 2**20:.2f} MiB)")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and build the font."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="path to NotoSansCJKsc-Regular.otf")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=REPO_ROOT / "simulate" / "fonts",
        help="output folder (default: simulate/fonts)",
    )
    parser.add_argument(
        "--format",
        choices=("otf", "ttf"),
        default="ttf",
        help=(
            "ttf (default) converts the outlines to TrueType, which every matplotlib "
            "backend embeds correctly; otf keeps the CFF outlines (about 25%% smaller), "
            "but pdf.fonttype/ps.fonttype 42 then embed them as broken TrueType"
        ),
    )
    args = parser.parse_args(argv)
    build(args.source, args.out_dir, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())
