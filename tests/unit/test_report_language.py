"""The results workbook and the proposal appendix speak the chosen language.

In Chinese (the default) their own words hold no English beyond identifiers and a kept list;
in English they hold no Chinese at all, checked on a scenario written in ASCII so that any
Chinese left must be the package's own. The workbook is opened with openpyxl, the report
with python-docx; sheet names and machine ids stay the same in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import simulate as sim
from simulate.cli import main
from simulate.results.workbook import write_workbook

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

#: Latin words the Chinese workbook and report may keep: abbreviations and the tool's name.
KEPT = {"P90", "P95", "CI", "Shapley", "simulate", "reforms", "CSV"}

#: The scenario's own words in each language: labels, description and assumptions.
WORDS = {
    "zh": {
        "label": "测试报装（改革前）",
        "reformed": "测试报装（并联审批后）",
        "description": "一个用于测试的小流程：受理、两项并行前的审查、现场核验。",
        "counter": "受理窗口",
        "team": "核验班组",
        "intake": "申请受理",
        "review_a": "规划审查",
        "review_b": "消防审查",
        "inspect": "现场核验",
        "assumed": "测试用的假设",
        "five": "五个工作日",
        "three": "三个工作日",
        "visits": "最多跑一次",
    },
    "en": {
        "label": "Test connection (before)",
        "reformed": "Test connection (parallel reviews)",
        "description": "A small process for tests: intake, two reviews, an inspection.",
        "counter": "Intake counter",
        "team": "Inspection team",
        "intake": "Intake",
        "review_a": "Planning review",
        "review_b": "Fire review",
        "inspect": "Inspection",
        "assumed": "assumed for the test",
        "five": "five working days",
        "three": "three working days",
        "visits": "one trip at most",
    },
}

SCENARIO = """\
name: lang_base
label: "{label}"
description: "{description}"
start: 2023-03-01
horizon_working_days: 30
warmup_working_days: 3
arrivals: {{per_working_day: 3, assumption: "{assumed}"}}
time_limit: {{working_days: 8, source: "doc.txt#L3"}}
thresholds:
  - {{working_days: 5, target_share: 0.5, label: "{five}", assumption: "{assumed}"}}
  - {{working_days: 3, label: "{three}", assumption: "{assumed}"}}
targets:
  - {{kind: visits, max: 1, label: "{visits}", assumption: "{assumed}"}}
desks:
  counter: {{label: "{counter}", staff: 2, assumption: "{assumed}"}}
  team: {{label: "{team}", staff: 2, assumption: "{assumed}"}}
steps:
  - id: intake
    label: "{intake}"
    desk: counter
    visit: true
    duration: {{working_hours: {{median: 0.5, p90: 1}}, assumption: "{assumed}"}}
    travel: {{natural_hours: {{median: 0.5, p90: 1}}, assumption: "{assumed}"}}
    source: "doc.txt#L3"
  - id: review_a
    label: "{review_a}"
    limit: {{working_days: 3, source: "doc.txt#L4"}}
    duration: {{working_days: {{median: 1, p90: 2}}, assumption: "{assumed}"}}
  - id: review_b
    label: "{review_b}"
    duration: {{working_days: {{min: 0.5, mode: 1, max: 2}}, assumption: "{assumed}"}}
  - id: inspect
    label: "{inspect}"
    desk: team
    duration: {{working_hours: {{median: 1.5, p90: 3}}, assumption: "{assumed}"}}
flow: [intake, review_a, review_b, inspect]
rework:
  intake: {{p_incomplete: 0.2, makeup: {{natural_days: {{median: 1, p90: 3}}}}, max_rounds: 2, assumption: "{assumed}"}}
"""

REFORMED = """\
extends: base.yaml
name: lang_parallel
label: "{reformed}"
description: "{description}"
reforms:
  - parallel_approval: {{steps: [review_a, review_b], source: "doc.txt#L5"}}
"""

#: Identifiers of the test scenario (ids, names, reform keys, source files): kept anywhere.
IDENTIFIERS = {"lang", "base", "parallel", "intake", "review", "inspect", "counter", "team"}
IDENTIFIERS |= {"parallel_approval", "doc", "txt"}


def write_scenarios(folder: Path, language: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base, reformed = folder / "base.yaml", folder / "reformed.yaml"
    base.write_text(SCENARIO.format(**WORDS[language]), encoding="utf-8")
    reformed.write_text(REFORMED.format(**WORDS[language]), encoding="utf-8")
    return [base, reformed]


def english_words(text: str) -> set[str]:
    """Latin words of two letters or more that are neither kept nor identifiers."""
    return set(re.findall(r"[A-Za-z_]{2,}[0-9]*", text)) - KEPT - IDENTIFIERS


@pytest.fixture
def language() -> Iterator[None]:
    yield
    sim.set_language(None)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, sim.Results]:
    folder = tmp_path_factory.mktemp("scenarios")
    return {
        language: sim.run(
            sim.load_scenario(write_scenarios(folder / language, language)[0]),
            replications=2,
            seed=7,
            progress=False,
        )
        for language in ("zh", "en")
    }


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``simulate --lang zh|en report`` of the base and the reformed scenario."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for language in ("zh", "en"):
        files = write_scenarios(folder / f"scenarios_{language}", language)
        target = folder / f"report_{language}"
        args = ["--lang", language, "report", *map(str, files), "--out", str(target)]
        assert main([*args, "-n", "2", "--seed", "7", "-q"]) == 0
        out[language] = target
    return out


#: Columns holding machine ids (left as they are in both languages), by sheet.
ID_COLUMNS = {"summary": {0}, "targets": {1}, "desks": {0}, "steps": {0, 2}}


def workbook_texts(path: Path) -> tuple[list[str], list[str]]:
    """The header cells and the other text cells the package writes (ids left out)."""
    book = openpyxl.load_workbook(path)
    headers, cells = [], []
    for ws in book.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        headers += [str(v) for v in rows[0] if v is not None]
        if ws.title not in ID_COLUMNS:
            continue  # manifest: machine keys and values, under a translated header
        for row in rows[1:]:
            cells += [
                v for i, v in enumerate(row) if isinstance(v, str) and i not in ID_COLUMNS[ws.title]
            ]
    return headers, cells


def write_in(language: str, results: sim.Results, path: Path) -> Path:
    sim.set_language(language)
    write_workbook(results, path)
    return path


def test_chinese_workbook_has_no_english_words(
    runs: dict[str, sim.Results], tmp_path: Path, language: None
) -> None:
    headers, cells = workbook_texts(write_in("zh", runs["zh"], tmp_path / "zh.xlsx"))
    assert "指标代码" in headers
    assert "结论" in headers
    assert {"达到", "未达到", "仅报告"} & {c.split("（")[0] for c in cells}
    for value in headers + cells:
        assert not english_words(value), value


def test_english_workbook_has_no_chinese(
    runs: dict[str, sim.Results], tmp_path: Path, language: None
) -> None:
    path = write_in("en", runs["en"], tmp_path / "en.xlsx")
    headers, cells = workbook_texts(path)
    assert "metric id" in headers
    assert "verdict" in headers
    assert "reported only" in cells  # the threshold without a target share
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not CJK.search(str(cell.value or "")), (
                    ws.title,
                    cell.coordinate,
                    cell.value,
                )
    charts = [ch for ws in book.worksheets for ch in ws._charts]
    assert charts  # the native charts' titles are written in English too
    for chart in charts:
        title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r or ())
        assert title
        assert not CJK.search(title), title


def test_sheet_names_and_ids_do_not_change_with_the_language(
    runs: dict[str, sim.Results], tmp_path: Path, language: None
) -> None:
    zh = openpyxl.load_workbook(write_in("zh", runs["en"], tmp_path / "zh.xlsx"))
    en = openpyxl.load_workbook(write_in("en", runs["en"], tmp_path / "en.xlsx"))
    assert zh.sheetnames == en.sheetnames
    assert zh.sheetnames[:4] == ["summary", "targets", "desks", "steps"]
    for name in ("summary", "desks", "steps"):
        ids = [[r[0].value for r in book[name].iter_rows(min_row=2)] for book in (zh, en)]
        assert ids[0] == ids[1]
        assert ids[0]
    assert zh["summary"]["B2"].value != en["summary"]["B2"].value  # the names do change


def test_chinese_is_the_default(
    runs: dict[str, sim.Results],
    tmp_path: Path,
    language: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SIMULATE_LANG", raising=False)
    sim.set_language(None)
    path = tmp_path / "default.xlsx"
    write_workbook(runs["en"], path)
    assert openpyxl.load_workbook(path)["summary"]["A1"].value == "指标代码"


def docx_texts(path: Path) -> tuple[list[str], list[str]]:
    """The document's paragraphs (title, headings, captions, sentences) and table cells."""
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return paragraphs, cells


def html_text(path: Path) -> str:
    """The page's visible text (style, tags and embedded images left out)."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_chinese_report_has_no_english_words(reports: dict[str, Path]) -> None:
    paragraphs, cells = docx_texts(reports["zh"] / "report.docx")
    for heading in ("一、办理流程", "四、目标判定", "五、情景对比", "六、改革措施贡献分解"):
        assert heading in paragraphs
    assert any(p.startswith("表：") for p in paragraphs)
    assert any(p.startswith("图：") for p in paragraphs)
    for value in paragraphs + cells:
        assert not english_words(value), value
    page = (reports["zh"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    assert not english_words(html_text(reports["zh"] / "report.html"))


def test_english_report_has_no_chinese(reports: dict[str, Path]) -> None:
    paragraphs, cells = docx_texts(reports["en"] / "report.docx")
    for heading in ("1. The process", "4. Targets", "5. Comparison of the scenarios"):
        assert heading in paragraphs
    assert "6. What each reform contributes" in paragraphs  # the attribution ran
    assert any(p.startswith("Table: the steps of") for p in paragraphs)
    assert any(p.startswith("Figure:") for p in paragraphs)
    assert {"met", "not met", "reported only"} & {c.split(" (")[0] for c in cells}
    for value in paragraphs + cells:
        assert not CJK.search(value), value
    page = (reports["en"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    text = html_text(reports["en"] / "report.html")
    assert "2. Parameters and their basis" in text
    assert not CJK.search(text), CJK.findall(text)[:20]


def test_both_reports_hold_the_same_tables(reports: dict[str, Path]) -> None:
    zh, en = (Document(str(reports[k] / "report.docx")) for k in ("zh", "en"))
    assert len(zh.tables) == len(en.tables) > 0
    for a, b in zip(zh.tables, en.tables, strict=True):
        assert (len(a.rows), len(a.columns)) == (len(b.rows), len(b.columns))
