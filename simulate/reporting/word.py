"""Write a :class:`~simulate.reporting.content.Report` as a Word document (python-docx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulate.reporting.content import Figure, Heading, Paragraph, Report, Table

#: Body and heading fonts: 宋体 and 黑体 for Chinese (the faces Word and WPS have), with a
#: Latin face beside each.
EAST_ASIAN_BODY = "宋体"
EAST_ASIAN_HEADING = "黑体"
LATIN = "Times New Roman"


def _east_asian(run_or_style: Any, face: str) -> None:
    """Set the East Asian font of a run or style (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn

    element = run_or_style.element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), face)


def write_docx(report: Report, path: str | Path) -> Path:
    """Write ``report`` as ``path`` (.docx): headings, paragraphs, tables and 300 dpi charts."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(10.5)  # 五号
    _east_asian(normal, EAST_ASIAN_BODY)
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        style = document.styles[name]
        style.font.name = LATIN
        _east_asian(style, EAST_ASIAN_HEADING)
    document.add_heading(report.title, level=0)
    width = section.page_width - section.left_margin - section.right_margin
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Table):
            document.add_paragraph(block.caption, style="Caption")
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            shares = block.widths or (1.0,) * len(block.header)
            column_widths = [int(width * w / sum(shares)) for w in shares]
            table.autofit = False
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
                    run.font.size = Pt(9)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
            for column, column_width in zip(table.columns, column_widths, strict=True):
                column.width = column_width  # the grid (LibreOffice, WPS) and each cell (Word)
                for cell in column.cells:
                    cell.width = column_width
            document.add_paragraph()
        elif isinstance(block, Figure):
            document.add_picture(str(block.path), width=width)
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.add_paragraph(block.caption, style="Caption")
    path = Path(path)
    document.save(str(path))
    return path
