"""Regenerate the reference pages that are derived from code, so they cannot drift.

    python tools/generate_docs.py          # rewrite docs/reference/*.md
    python tools/generate_docs.py --check  # exit 1 if a page is out of date (the tests do this)

Pages: scenario-file.md (from the loader's SCHEMA), results.md (from the column tables in
simulate.results.results), cli.md (from the argument parser), reforms.md (from the reform registry),
and the example output in README.md (what its first `simulate run` prints).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# document this checkout's package, not another copy installed in the environment
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT / "docs" / "reference"

SECTIONS = [
    ("scenario", "Top level", "A scenario file is one YAML mapping with these keys."),
    (
        "calendar",
        "calendar",
        "Which days are working days, and the standard office hours that define one working day.",
    ),
    ("arrivals", "arrivals", "Exactly one of `per_working_day`, `cohort` or `csv`."),
    (
        "time_limit",
        "time_limit",
        "The promised (承诺) or statutory (法定) limit of the whole case.",
    ),
    (
        "limit_class",
        "time_limit.by[]",
        "The limit of a class of cases (e.g. 简易低风险 projects, or connections up to 160 kW): "
        "each case is judged against the limit of the first class whose `when:` it meets, and "
        "against `time_limit`'s own `working_days` when it meets none. A limit per case (以内), "
        "so not with `statistic: mean`.",
    ),
    (
        "threshold",
        "thresholds[]",
        "Each entry adds a `share_within_N_working_days` metric to the summary.",
    ),
    ("desk", "desks.ID", "A pool of staff serving first come, first served, in its office hours."),
    ("step", "steps[]", "A step with a `desk` is staffed; one without is a pure delay."),
    ("duration", "durations", "Every `duration`, `travel` and `makeup` is `{UNIT: VALUE}`."),
    ("duration_value", "duration values", "VALUE is a number (fixed) or one of these shapes."),
    ("limit", "steps[].limit", "A step's own limit."),
    (
        "batch",
        "steps[].batch",
        "集中办理: cases gather before the step and start it together, at the next session or "
        "as soon as `size` have gathered, whichever comes first; then each does the step's work "
        "as usual (queueing for its desk's staff, if any).",
    ),
    ("rework", "rework.STEP", "补正: documents found incomplete after the step."),
    (
        "target",
        "targets[]",
        "A target of the plan, checked after the run with a 95% interval and shown in the "
        "summary, the notebook display, the verdicts and the workbook. `kind` says what is "
        "measured per case: `time` (counted working days, as the limit counts), `stage` (from "
        "entering the first of `steps` to the end of the last), `steps` (staffed procedure "
        "steps passed, 环节数), `visits` (跑动次数), `documents` (the steps' `documents`, 材料数), "
        "`fees` (the steps' `fee`) or `online` (share of cases submitted online, 网办率).",
    ),
    (
        "attribute",
        "attributes.NAME",
        "A typed attribute every case carries, drawn when it arrives: a category from "
        "`shares` or a number from a `distribution`. It becomes a column of `results.cases`.",
    ),
    (
        "condition",
        "when",
        "`when:` on a step or a target: `{NAME: {min: a, max: b}}` for a number, "
        "`{NAME: value}` or `{NAME: [values]}` for a category (`channel`: `online` or "
        "`in_person`). Every condition must hold; a step skipped by its conditions takes no time.",
    ),
    (
        "channels",
        "channels",
        "The channel mix: a share of cases submits online, the rest in person; a `channel` "
        "column of `results.cases` says which.",
    ),
]

FLOW = """## flow

The flow says how steps compose. Every step appears exactly once.

| node | meaning |
|---|---|
| `step_id` | one step |
| `[a, b, c]` | a sequence: one after another |
| `{parallel: [a, [b, c]]}` | branches start together; the case goes on when all are done |
| `{choice: [{p: 0.3, do: x}, {p: 0.7, do: []}]}` | exactly one option, with these probabilities (sum to 1) |
| `{choice: [{when: {project: simple}, do: x}, {p: 1, do: y}]}` | by the case's attributes: the first option whose `when:` holds; a case that meets none draws among the options without `when:` (their `p` sum to 1; a single one may leave out `p`) |
| `{optional: x, p: 0.3}` | shorthand for a choice between `x` and nothing |
| `{detached: x, share: 0.2}` | a share of cases trigger `x` off their path: it loads desks but does not delay the case (nor do its 容缺 make-ups: one that fails is done again off the path) |
"""


def scenario_page() -> str:
    """The scenario file reference."""
    from simulate.io.loader import SCHEMA

    out = [
        "# Scenario file reference",
        "",
        "Generated from the loader's schema by `python tools/generate_docs.py`; do not edit by hand.",
        "Every number that comes from a plan carries `source:`; every other number carries",
        "`assumption:` (see the provenance rule in [the scenario library](../scenarios.md)).",
        "",
    ]
    for key, title, intro in SECTIONS:
        out += [f"## {title}", "", intro, "", "| key | meaning |", "|---|---|"]
        out += [f"| `{k}` | {v} |" for k, v in SCHEMA[key].items()]
        out.append("")
    out.append(FLOW)
    return "\n".join(out)


def results_page() -> str:
    """The results columns with their units."""
    from simulate.results import CASE_COLUMNS, DESK_COLUMNS, METRIC_UNITS, STEP_COLUMNS
    from simulate.results.metrics import NAMES

    out = [
        "# Results reference",
        "",
        "Generated by `python tools/generate_docs.py`; do not edit by hand. Units are part of",
        "every column name: `_working_days` (office time on the work calendar, standard office",
        "hours per day), `_natural_days` (calendar time), `_h` (clock hours since 00:00 of the",
        "scenario's start date).",
        "",
    ]
    for title, cols in (
        ("results.cases", CASE_COLUMNS),
        ("results.steps", STEP_COLUMNS),
        ("results.desks", DESK_COLUMNS),
    ):
        out += [f"## `{title}`", "", "| column | meaning |", "|---|---|"]
        out += [f"| `{k}` | {v} |" for k, v in cols.items()]
        if title == "results.cases":
            out += [
                "",
                "Only where the scenario declares them: `channel` (`online` or `in_person`, with",
                "`channels:`) and one column per case attribute, named as in `attributes:` (a",
                "category or a number drawn when the case arrives). With limits per class",
                "(`time_limit: {by: [...]}`): `time_limit_working_days`, each case's own limit.",
            ]
        out.append("")
    out += [
        "## `results.summary()`",
        "",
        "One row per metric: `value` (mean over replications), `ci_low`, `ci_high` (95% Student-t",
        "interval over replications) and `unit`. Cases submitted during the warm-up are left out.",
        "Each declared target (`targets:`) adds a metric `target_<n>_<kind>_...` (n counts from",
        "1 in file order): the share of cases within its mark, its mean, or the online share.",
        "",
        "| metric | meaning | unit |",
        "|---|---|---|",
    ]
    out += [f"| `{k}` | {NAMES.get(k, k)} | {u} |" for k, u in METRIC_UNITS.items()]
    out += [
        "| `share_within_N_working_days` | share done within each threshold of `thresholds:` | share |",
        "| `utilisation:DESK` | share of the desk's staff office time that was busy | share |",
        "",
    ]
    return "\n".join(out)


def cli_page() -> str:
    """The command-line reference from the argument parser (a stable table, not help text)."""
    from simulate.cli import build_parser

    parser = build_parser()
    out = [
        "# Command line reference",
        "",
        "Generated by `python tools/generate_docs.py`; do not edit by hand.",
        "",
    ]
    out += [
        "Exit status: 0 success; 2 a bad scenario file or bad arguments (every problem is listed as",
        "`file:line: [field] what is wrong; fix`, and nothing is written); 1 any other failure.",
        "`simulate COMMAND --help` prints the same information.",
        "",
    ]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    for name, p in sub.choices.items():
        out += [
            f"## `simulate {name}`",
            "",
            f"{helps.get(name, '')}.",
            "",
            "| argument | meaning | default |",
            "|---|---|---|",
        ]
        for action in p._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            names = ", ".join(action.option_strings) or action.dest.upper()
            if action.nargs in ("+", "*"):
                names += " ..."
            default = (
                ""
                if action.default in (None, False, [], argparse.SUPPRESS)
                or not action.option_strings
                else f"`{action.default}`"
            )
            out.append(f"| `{names}` | {action.help or ''} | {default} |")
        out.append("")
    return "\n".join(out)


def reforms_page() -> str:
    """The reform table from the registry."""
    from simulate.reforms import reforms_markdown

    return reforms_markdown()


#: Sections of the API page: the package a name is defined in, and its heading.
API_SECTIONS = (
    ("simulate.io", "Reading and writing scenario files"),
    ("simulate.library", "The shipped scenario library"),
    ("simulate.scenario", "Scenarios, steps and flows"),
    ("simulate.reforms", "Reforms"),
    ("simulate.experiments", "Running, comparing and attributing"),
    ("simulate.calibration", "Calibrating from event logs"),
    ("simulate.results", "Results"),
    ("simulate.offered_load", "Offered load (before a run)"),
    ("simulate.calendar", "Calendar"),
    ("simulate.explore", "Exploring in a notebook"),
    ("simulate.errors", "Errors"),
    ("simulate.reporting", "The proposal appendix (Word and HTML)"),
    ("simulate.strings", "Language (中文 / English)"),
)


def api_page() -> str:
    """The public API (``simulate.__all__``), grouped by the room each name lives in."""
    import inspect

    import simulate

    def home(name: str) -> str:
        obj = getattr(simulate, name)
        module = getattr(obj, "__module__", None)
        if name == "Flow":  # a type alias: it lives with the flow types
            module = "simulate.scenario.flow"
        if name == "REFORMS":
            module = "simulate.reforms.registry"
        return str(module)

    def summary(name: str) -> str:
        obj = getattr(simulate, name)
        if name == "Flow":
            return "the flow type: a step id, or a `Serial`, `Parallel`, `Choice` or `Detached` of flows."
        if name == "REFORMS":
            return "every registered reform by name (label, meaning, citation); a read-only view."
        doc = inspect.getdoc(obj) or ""
        return doc.split("\n\n")[0].replace("\n", " ").strip()

    out = [
        "# Python API",
        "",
        "Generated from `simulate.__all__` by `python tools/generate_docs.py`; do not edit by hand.",
        "Everything a notebook needs is in `import simulate as sim` (charts: `from simulate",
        "import plotting`). The rooms of the package and their rules are in",
        "[architecture](../background/architecture.md).",
    ]
    placed: set[str] = set()
    for package, heading in API_SECTIONS:
        names = [n for n in simulate.__all__ if home(n).startswith(package)]
        if not names:
            continue
        out += ["", f"## {heading} (`{package}`)", ""]
        for name in sorted(names, key=lambda n: (n[0].islower(), n)):
            obj = getattr(simulate, name)
            shown = f"`{name}`"
            if inspect.isfunction(obj):
                # annotations are strings (postponed evaluation): show them without quotes
                signature = re.sub(r"(: |-> )'([^'=]+)'", r"\1\2", str(inspect.signature(obj)))
                shown = f"`{name}{signature}`"
            out.append(f"- {shown}: {summary(name)}")
            placed.add(name)
    missing = sorted(set(simulate.__all__) - placed)
    if missing:
        raise SystemExit(f"API names in no section: {', '.join(missing)}")
    return "\n".join(out)


PAGES: dict[str, Callable[[], str]] = {
    "api.md": api_page,
    "scenario-file.md": scenario_page,
    "results.md": results_page,
    "cli.md": cli_page,
    "reforms.md": reforms_page,
}


README_COMMAND = ["run", "scenarios/example_gas.yaml", "--replications", "5", "--seed", "1"]


def readme_text() -> str:
    """README.md with its example output block replaced by what the first run prints now."""
    import contextlib
    import io
    import os
    import re
    import tempfile

    from simulate.cli import main as cli_main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    buffer = io.StringIO()
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(buffer):
        os.chdir(ROOT)
        try:
            # the README shows what a planner sees by default: the Chinese summary
            cli_main([*README_COMMAND, "--out", tmp, "--no-excel", "--lang", "zh"])
        finally:
            os.chdir(here)
    printed = re.split(r"\n(?:wrote|已写出) ", buffer.getvalue())[0].rstrip()
    return re.sub(
        r"```text\n.*?```", lambda _: f"```text\n{printed}\n```", readme, count=1, flags=re.S
    )


def main() -> int:
    """Rewrite (or with --check, compare) the generated pages."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="fail if a page is out of date")
    args = ap.parse_args()
    from simulate.strings import set_language

    set_language("en")  # the reference pages are English, whatever SIMULATE_LANG says
    stale = []
    for name, make in PAGES.items():
        text = make().rstrip() + "\n"
        path = REFERENCE / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    readme = readme_text()
    if args.check:
        if (ROOT / "README.md").read_text(encoding="utf-8") != readme:
            stale.append("README.md (example output)")
    else:
        (ROOT / "README.md").write_text(readme, encoding="utf-8")
        print("wrote README.md example output")
    if stale:
        print("out of date: " + ", ".join(stale) + "; run python tools/generate_docs.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
