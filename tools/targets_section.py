"""The section of docs/scenarios.md on the plans' targets, from scenarios/sources/targets.yaml.

    python tools/targets_section.py            # rewrite the section in docs/scenarios.md
    python tools/targets_section.py --check    # exit 1 if the section is not current

tools/scenario_report.py ends the page with the same section, so a full regeneration keeps it;
this tool updates it alone, without running any simulation.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "scenarios" / "sources" / "targets.yaml"
PAGE = ROOT / "docs" / "scenarios.md"
HEADING = "## The plans' targets: what is checked and what is not"

UNIT_LABELS = {
    "working_days": "working days",
    "working_hours": "working hours",
    "natural_days": "days",
    "hours": "hours",
    "share": "",
    "count": "",
    "percent": "%",
}


def _targets(table: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(table.read_text(encoding="utf-8"))
    return list(data["targets"])


def _where(t: dict[str, Any]) -> str:
    doc = str(t["document"])[:3]
    line = t["line"]
    return f"{doc} L{line}" if isinstance(line, int) else f"{doc} 「{line}」"


def _value(t: dict[str, Any]) -> str:
    value, unit = t["value"], t["unit"]
    if unit == "share":
        return f"{100 * value:g}%"
    label = UNIT_LABELS.get(unit, unit)
    return f"{value:g} {label}".strip()


def _reason_group(reason: str) -> str:
    if reason.startswith("not yet checkable"):
        return "Not yet checkable: the results need a target kind that does not exist yet"
    if reason.startswith("not a queueing question"):
        return "Not a queueing question"
    if "not a result" in reason or "an input" in reason:
        return "A scope rule or an input of the model, not a result to check"
    return "No shipped process, or covered by another limit"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def section_lines(table: Path = TABLE) -> list[str]:
    """The markdown lines of the section (heading first, no trailing blank line)."""
    targets = _targets(table)
    encoded = [t for t in targets if "encoded_by" in t]
    repeated = [t for t in targets if "same_as" in t]
    open_ = [t for t in targets if "not_modelled" in t]
    lines = [
        HEADING,
        "",
        "Generated from `scenarios/sources/targets.yaml` (one entry per quantitative target of the",
        "five plans that bears on a service process; `tests/scenarios/test_targets.py` checks every",
        "quote against its line and every encoding against the scenario files). "
        f"{len(targets)} targets: {len(encoded)} encoded as a time limit, average limit, threshold "
        f"or step limit of a shipped scenario, {len(repeated)} the same promise repeated in another "
        f"plan, {len(open_)} not modelled.",
        "",
        "### Encoded",
        "",
        "| plan line | quote | target | scenario files |",
        "|---|---|---|---|",
    ]
    for t in encoded:
        # no backticks in rows: the report's own rows are the ones that name scenarios in code
        files = ", ".join(str(f) for f in t["encoded_by"])
        lines.append(
            f"| {_where(t)} | 「{_cell(t['quote'])}」 | {t['kind']}: {_value(t)} | {files} |"
        )
    for t in repeated:
        lines.append(
            f"| {_where(t)} | 「{_cell(t['quote'])}」 | {t['kind']}: {_value(t)} | "
            f"same as {t['same_as']} |"
        )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in open_:
        groups[_reason_group(str(t["not_modelled"]))].append(t)
    lines += ["", "### Not modelled, and why"]
    for group in sorted(groups):
        lines += [
            "",
            f"**{group}**",
            "",
            "| plan line | quote | process | target | why |",
            "|---|---|---|---|---|",
        ]
        for t in groups[group]:
            lines.append(
                f"| {_where(t)} | 「{_cell(t['quote'])}」 | {t['process']} | "
                f"{t['kind']}: {_value(t)} | {_cell(str(t['not_modelled']))} |"
            )
    return lines


def replace_section(page: str, lines: list[str]) -> str:
    """``page`` with the section replaced (or appended): it runs from its heading to the end."""
    head = page.split(HEADING, 1)[0].rstrip("\n")
    return head + "\n\n" + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or check) the section in docs/scenarios.md."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if the section is not current")
    ap.add_argument("--page", type=Path, default=PAGE)
    args = ap.parse_args(argv)
    page = args.page.read_text(encoding="utf-8")
    new = replace_section(page, section_lines())
    if args.check:
        if new != page:
            print(f"{args.page}: the targets section is stale; run python tools/targets_section.py")
            return 1
        return 0
    args.page.write_text(new, encoding="utf-8")
    print(f"wrote the targets section of {args.page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
