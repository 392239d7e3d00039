"""Write a :class:`~simulate.reporting.content.Report` as one self-contained HTML page."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from simulate.reporting.content import Figure, Heading, Paragraph, Report, Table
from simulate.strings import get_language

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       max-width: 60em; margin: 2em auto; line-height: 1.6; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #dde6f0; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
"""


def write_html(report: Report, path: str | Path) -> Path:
    """Write ``report`` as ``path`` (.html), the charts embedded, so it travels as one file."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if get_language() == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
    ]
    for block in report.blocks:
        if isinstance(block, Heading):
            level = block.level + 1
            parts.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{e(block.text)}</p>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{e(h)}</th>" for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            parts.append(
                f"<table><caption>{e(block.caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )
        elif isinstance(block, Figure):
            data = base64.b64encode(Path(block.path).read_bytes()).decode("ascii")
            parts.append(
                f'<figure><img alt="{e(block.caption)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{e(block.caption)}</figcaption></figure>"
            )
    parts.append("</body></html>")
    path = Path(path)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
