"""The catalogue of texts: complete in both languages, same fields, and the switch."""

from __future__ import annotations

import re
import string

import pytest

import simulate as sim
from simulate.engine.columns import CASE_COLUMNS, DESK_COLUMNS, STEP_COLUMNS
from simulate.experiments.comparison import TABLE_COLUMNS
from simulate.io.schema import SCHEMA
from simulate.results.metrics import METRIC_UNITS
from simulate.scenario.durations import UNITS
from simulate.strings import CATALOGUE, column_labels, get_language, language_code, text

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Latin words a Chinese text may keep: identifiers, abbreviations, the command's own words.
LATIN_KEPT = {
    "P90", "P95", "CI", "YAML", "SIMULATE_LANG", "Shapley", "COMMAND", "DIR", "PNG", "SVG",
    "Excel", "WPS", "PowerPoint", "svg", "fonttype", "none", "zh", "en", "simulate", "reforms",
    "validate", "run", "results", "scenarios", "reform", "online", "steps", "apply",
    "parallel_approval", "reform_a", "reform_b", "mean_elapsed_working_days", "assumption",
    "source", "replications", "jobs", "group", "lang", "NAME", "YYYY", "MM", "DD", "true",
    "false", "limit", "mean_counted_working_days", "CSV", "Parquet", "ROLE", "HEADER", "ECDF", "case", "activity", "start", "end",
    "resource", "submitted", "stage", "holdout", "txt", "xlsx", "column",
    "list", "low_voltage_baseline", "power",
    "force",
    "yaml",
    "example_gas",
    "docx", "dpi", "html", "report",
    "Morris",
    "desks", "staff", "window", "edges",
    "ADDRESS", "DASK_SCHEDULER_ADDRESS", "Dask", "dask", "host", "tcp",
}  # fmt: skip
#: The words a scenario file is written in are identifiers too: its problems name them.
LATIN_KEPT |= {key for keys in SCHEMA.values() for key in keys} | set(UNITS)
LATIN_KEPT |= {"do", "parallel", "choice", "optional", "detached", "channel"}
LATIN_KEPT |= {"official", "weekdays", "every_day", "UTF", "NUL", "HH", "template", "FILE"}
LATIN_KEPT |= {"NaN", "export", "horizon_working_days", "holidays", "years", "calendar"}
LATIN_KEPT |= {"intake", "agency", "applicant", "third_party"}
#: Reform keys and reform parameters the reforms' problems name.
LATIN_KEPT |= {"accept_incomplete", "cap_duration", "reading", "speedup", "inspection"}
LATIN_KEPT |= {"prep_steps"}
LATIN_KEPT |= {"shared_documents", "staffing", "cancel", "filing", "commitment", "counter"}
#: Example ids in the fixes of the later reforms.
LATIN_KEPT |= {"food_permit", "fire_check", "food_accept", "food_review"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_exists_in_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert zh.strip() or key == "compare.and", f"{key}: Chinese missing"
    assert en.strip(), f"{key}: English missing"
    # English may need a plural ending Chinese does not; no other field may differ
    assert fields(zh) <= fields(en), key
    assert fields(en) - fields(zh) <= {"plural"}, key
    values = dict.fromkeys(fields(en), 1)
    assert text(key, language="zh", **values)
    assert text(key, language="en", **values)


def test_chinese_texts_have_no_english_words_and_english_ones_no_chinese() -> None:
    for key, (zh, en) in CATALOGUE.items():
        words = set(re.findall(r"[A-Za-z_]{2,}[0-9]*", re.sub(r"\{[^}]*\}", "", zh)))
        assert words <= LATIN_KEPT, (key, words - LATIN_KEPT)
        assert not CJK.search(en) or key in {
            "cli.run.reform",
            "cli.lang",
            "cli.calibrate.column_example",
        }, (key, en)


def test_every_result_column_and_metric_has_a_label() -> None:
    columns = {*CASE_COLUMNS, *STEP_COLUMNS, *DESK_COLUMNS, *TABLE_COLUMNS}
    for language in ("zh", "en"):
        labels = column_labels(language)
        assert columns <= set(labels), columns - set(labels)
        assert len(set(labels.values())) > 0.9 * len(labels)  # labels tell columns apart
    assert column_labels("zh")["arrival_h"] == "提交时刻（小时）"
    assert column_labels("en")["arrival_h"] == "submitted (hours)"
    assert all(f"metric.{m}" in CATALOGUE for m in METRIC_UNITS)


def test_language_follows_set_language_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SIMULATE_LANG", raising=False)
    try:
        sim.set_language(None)
        assert get_language() == "zh"  # the default
        monkeypatch.setenv("SIMULATE_LANG", "en_US.UTF-8")
        assert get_language() == "en"
        sim.set_language("zh-CN")  # the call outranks the environment
        assert get_language() == "zh"
        assert text("report.bottleneck", desk="窗口 d", percent=50) == "瓶颈：窗口 d，忙碌 50%"
    finally:
        sim.set_language(None)
    with pytest.raises(ValueError, match="zh"):
        language_code("fr")
