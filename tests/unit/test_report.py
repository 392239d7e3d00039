"""The proposal appendix: open the Word document and check what it says against the run."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

import simulate as sim
from simulate.cli import main
from simulate.io.dump import data_to_yaml
from simulate.library import scenario_data

REPS, SEED = 2, 11


def short_copy(name: str, folder: Path) -> Path:
    """A shipped scenario as a file of its own, with a short horizon (reforms kept)."""
    data = scenario_data(name)
    data["horizon_working_days"] = 25
    data["warmup_working_days"] = 3
    path = folder / f"{name.replace('/', '_')}.yaml"
    path.write_text(data_to_yaml(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("report")
    files = [
        short_copy("company_registration/baseline", folder),
        short_copy("company_registration/half_day_parallel", folder),
    ]
    out = folder / "out"
    status = main(
        [
            "--lang",
            "zh",
            "report",
            *map(str, files),
            "--out",
            str(out),
            "-n",
            str(REPS),
            "--seed",
            str(SEED),
            "-q",
        ]
    )
    assert status == 0
    return out, files


def tables_by_caption(document: object) -> dict[str, list[list[str]]]:
    out = {}
    paragraphs = [p for p in document.paragraphs if p.style.name == "Caption"]  # type: ignore[attr-defined]
    captions = [p.text for p in paragraphs if p.text.startswith("表：")]
    for caption, table in zip(captions, document.tables, strict=True):  # type: ignore[attr-defined]
        out[caption] = [[c.text for c in row.cells] for row in table.rows]
    return out


def test_the_document_has_every_section(made: tuple[Path, list[Path]]) -> None:
    out, _ = made
    document = Document(str(out / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in (
        "一、办理流程",
        "二、参数与依据",
        "三、模拟结果",
        "四、目标判定",
        "五、情景对比",
        "六、改革措施贡献分解",
    ):
        assert title in headings


def test_the_process_and_assumptions_cite_their_sources(made: tuple[Path, list[Path]]) -> None:
    out, files = made
    scenario = sim.load_scenario(files[0])
    tables = tables_by_caption(Document(str(out / "report.docx")))
    process = tables[f"表：{scenario.label} 的办理环节"]
    assert [row[1] for row in process[1:]] == [s.label for s in scenario.steps]
    assert [row[6] for row in process[1:]] == [
        s.source or "假设（见参数表）" for s in scenario.steps
    ]
    params = tables[f"表：{scenario.label} 的参数及其依据"]
    arrivals = next(row for row in params if row[0] == "申请量")
    assert arrivals[1] == f"每工作日 {scenario.arrivals.per_working_day:g} 件"
    assert scenario.arrivals.source in arrivals[2]
    for desk in scenario.desks:
        row = next(r for r in params if r[0] == f"人员：{desk.label}")
        assert row[1] == f"{desk.staff} 人"
        assert str(desk.assumption) in row[2]


def test_results_targets_and_comparison_match_the_run(made: tuple[Path, list[Path]]) -> None:
    out, files = made
    comparison = sim.compare(files, replications=REPS, seed=SEED, progress=False)
    tables = tables_by_caption(Document(str(out / "report.docx")))
    for results in comparison.results:
        label = results.scenario.label
        summary = results.summary()
        shown = {row[0]: row for row in tables[f"表：{label} 的模拟结果"]}
        mean = summary.loc["mean_elapsed_working_days"]
        assert shown["平均办理时长（工作日）"][1] == f"{mean['value']:.2f}"
        assert (
            shown["平均办理时长（工作日）"][2] == f"[{mean['ci_low']:.2f}, {mean['ci_high']:.2f}]"
        )
        rate = summary.loc["on_time_rate", "value"]
        assert shown["按时办结率"][1] == f"{100 * rate:.1f}%"
        targets = tables[f"表：{label} 的目标判定"]
        limit_row = targets[1]
        assert limit_row[1] == "按时办结率不低于 90%"
        assert limit_row[5].startswith("达到" if rate >= 0.9 else "未达到")
    table = comparison.table().set_index(["metric", "scenario"])
    diff = table.loc[("mean_elapsed_working_days", comparison.names[1]), "diff"]
    rows = tables["表：各情景与参照情景的对比（共同随机数，配对差值）"]
    row = next(r for r in rows if r[0] == "平均办理时长（工作日）" and r[4] != "参照")
    assert row[4] == f"{diff:+.2f}"


def test_the_attribution_adds_up(made: tuple[Path, list[Path]]) -> None:
    out, _ = made
    tables = tables_by_caption(Document(str(out / "report.docx")))
    (caption,) = [c for c in tables if "各项改革的贡献" in c]
    rows = tables[caption][1:]
    parts = [float(r[1]) for r in rows[:-1]]
    total = float(rows[-1][1])
    base, full = map(float, re.findall(r"-?\d+\.\d+", rows[-1][2]))
    assert sum(parts) == pytest.approx(total, abs=0.011 * len(parts))
    assert full - base == pytest.approx(total, abs=0.006)


def test_charts_are_300_dpi_and_in_both_documents(made: tuple[Path, list[Path]]) -> None:
    out, _ = made
    charts = sorted((out / "charts").glob("*.png"))
    names = {p.stem for p in charts}
    assert {
        "elapsed",
        "comparison",
        "breakdown_1",
        "breakdown_2",
        "desks_1",
        "attribution_1",
    } <= names
    for chart in charts:
        with Image.open(chart) as image:
            assert image.info["dpi"][0] == pytest.approx(300, abs=1)
    document = Document(str(out / "report.docx"))
    pictures = [r for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(pictures) == len(charts)
    blob = pictures[0].target_part.blob
    with Image.open(io.BytesIO(blob)) as image:
        assert image.info["dpi"][0] == pytest.approx(300, abs=1)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(charts)
    assert "四、目标判定" in page
    assert 'lang="zh-CN"' in page
