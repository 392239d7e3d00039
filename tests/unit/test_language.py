"""What a planner reads speaks the chosen language: summary, comparison, CLI, errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import simulate as sim
from simulate.cli import main
from simulate.textfmt import display_width

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example_gas.yaml"
GAS = ROOT / "scenarios" / "water_gas" / "gas_baseline.yaml"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def chinese() -> Iterator[None]:
    sim.set_language("zh")
    yield
    sim.set_language(None)


@pytest.fixture
def english() -> Iterator[None]:
    sim.set_language("en")
    yield
    sim.set_language(None)


@pytest.fixture(scope="module")
def pair() -> sim.Comparison:
    base = sim.load_scenario(GAS)
    online = sim.apply_reform(base, "全程网办", steps=["apply"])
    return sim.compare([base, online], replications=3, seed=4, progress=False)


def scenario_words(*scenarios: sim.Scenario) -> set[str]:
    """The scenarios' own identifiers (names, step and desk ids, reform keys)."""
    words: set[str] = set()
    for s in scenarios:
        words |= {s.name, *(st.id for st in s.steps), *(d.id for d in s.desks)}
        words |= {r.name for r in s.reforms}
    return {part for w in words for part in re.findall(r"[A-Za-z]+", w)}


def english_words(text: str, allowed: set[str]) -> set[str]:
    kept = {"P", "CI", "A", "B", "Shapley"} | allowed
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in kept}


def test_chinese_summary_has_no_english(chinese: None) -> None:
    scenario = sim.load_scenario(EXAMPLE)
    report = sim.run(scenario, replications=2, seed=1, progress=False).report()
    assert "平均用时，工作日" in report
    assert "瓶颈" in report
    assert english_words(report, scenario_words(scenario)) == set(), report


def test_english_summary_has_no_chinese_but_the_scenarios_labels(english: None) -> None:
    scenario = sim.load_scenario(EXAMPLE)
    report = sim.run(scenario, replications=2, seed=1, progress=False).report()
    assert "mean elapsed, working days" in report
    assert "under these assumptions" in report
    title = report.splitlines()[0]
    body = "\n".join(report.splitlines()[1:])
    # verdicts name the steps they rest on, the bottleneck its desk, by their own labels
    for label in [*(st.label for st in scenario.steps), *(d.label for d in scenario.desks)]:
        body = body.replace(label, "")
    assert not CJK.search(body), report
    assert scenario.label in title  # the scenario's own label stays as written


def test_comparison_text_in_both_languages(pair: sim.Comparison) -> None:
    try:
        sim.set_language("zh")
        zh = pair.report()
        allowed = scenario_words(*pair.scenarios)
        assert "采用全程网办 / 不见面审批后" in zh
        assert "在这些假设下" in zh
        assert "统一按 10 个工作日的时限" in zh
        assert english_words(zh, allowed) == set(), english_words(zh, allowed)
        start = next(i for i, line in enumerate(zh.splitlines()) if line.startswith("指标"))
        block = zh.splitlines()[start : zh.splitlines().index("", start)]
        assert len({display_width(line) for line in block}) == 1  # aligned, double-width
        sim.set_language("en")
        en = pair.report()
        labels = [s.label for s in pair.scenarios]
        labels += [st.label for s in pair.scenarios for st in s.steps]  # verdicts name steps
        assert "under these assumptions" in en
        stripped = en
        for label in [*labels, "全程网办 / 不见面审批"]:  # the scenarios' and reforms' labels
            stripped = stripped.replace(label, "")
        assert not CJK.search(stripped), stripped
        assert "With 全程网办 / 不见面审批" in en
    finally:
        sim.set_language(None)


def test_cli_messages_follow_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps: []\n", encoding="utf-8")
    assert main(["--lang", "zh", "run", str(bad), "--out", str(tmp_path / "o")]) == 2
    zh = capsys.readouterr().err
    assert "个问题" in zh
    assert "未运行任何内容" in zh
    assert "缺少必填的键 'start'" in zh  # the common field messages are translated too
    assert main(["run", str(bad), "--lang", "en", "--out", str(tmp_path / "o")]) == 2
    en = capsys.readouterr().err
    assert "nothing was run" in en
    assert "missing required key 'start'" in en
    assert "个问题" not in en
    assert "缺少" not in en
    assert main(["--lang", "zh", "run", str(EXAMPLE), "-n", "0"]) == 2
    err = capsys.readouterr().err
    assert "--replications: 应为 1 到 100,000 之间的整数，实际为 0" in err
    assert main(["--lang", "zh", "run", str(EXAMPLE), "--jobs", "0"]) == 2
    assert "--jobs 应在 1 到 256 之间" in capsys.readouterr().err


def test_version_and_bare_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert re.fullmatch(r"simulate \S+\n", capsys.readouterr().out)
    assert main([]) == 0  # help, not a usage error
    out = capsys.readouterr().out
    assert all(word in out for word in ("run", "compare", "--lang"))


@pytest.mark.parametrize("command", ["run", "validate", "compare", "attribute", "diff", "list"])
def test_every_option_is_described(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from simulate.cli import build_parser

    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args([command, "--help"])
    subparser = parser._subparsers._group_actions[0].choices[command]
    for action in subparser._actions:
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
    capsys.readouterr()


def test_chinese_reform_names_everywhere(tmp_path: Path) -> None:
    base = sim.load_scenario(GAS)
    by_key = sim.apply_reform(base, "online", steps=["apply"])
    by_name = sim.apply_reform(base, "全程网办", steps=["apply"])
    assert by_name.reforms == by_key.reforms  # recorded under its key
    assert sim.apply_reform(base, "不见面审批", steps=["apply"]).reforms == by_key.reforms
    # YAML
    variant = tmp_path / "v.yaml"
    variant.write_text(
        f"extends: {GAS}\nname: v\nreforms:\n  - 全程网办: {{steps: [apply]}}\n", encoding="utf-8"
    )
    assert [r.name for r in sim.load_scenario(variant).reforms][-1] == "online"
    # did-you-mean across keys and names
    with pytest.raises(sim.ScenarioError, match="did you mean '全程网办'"):
        sim.apply_reform(base, "全程网", steps=["apply"])
    with pytest.raises(sim.ScenarioError, match="did you mean 'online'"):
        sim.apply_reform(base, "onlin", steps=["apply"])


def test_reform_run_has_its_own_folder_and_exact_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["run", str(GAS), "-n", "1", "--seed", "3", "-q", "--no-excel"]
    assert main(args) == 0
    assert main([*args, "--reform", "全程网办: {steps: [apply]}"]) == 0
    name = sim.load_scenario(GAS).name
    folders = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert folders == [name, f"{name}+online"]
    manifest = json.loads((tmp_path / "results" / f"{name}+online" / "manifest.json").read_text())
    command = manifest["command"]
    assert "--reform '全程网办: {steps: [apply]}'" in command
    # the command reproduces the run: same cases, byte for byte
    import shlex

    again = [*shlex.split(command)[1:], "-q", "--no-excel", "--out", str(tmp_path / "again")]
    assert main(again) == 0
    first = (tmp_path / "results" / f"{name}+online" / "cases.csv").read_bytes()
    assert (tmp_path / "again" / "cases.csv").read_bytes() == first


def test_diff_separates_numbers_from_notes(tmp_path: Path) -> None:
    base = sim.load_scenario(GAS)
    step = base.steps[0]
    duration = step.duration
    assert duration is not None
    import dataclasses

    noted = dataclasses.replace(duration, assumption="a different reason for the same number")
    only_note = base.with_changes(
        steps=(dataclasses.replace(step, duration=noted), *base.steps[1:])
    )
    diff = sim.diff_scenarios(base, only_note)
    assert [c.kind for c in diff.changes] == ["note"]
    assert diff.numbers == ()
    assert "a different reason" in diff.notes[0].after
    moved = dataclasses.replace(noted, params=tuple(2 * x for x in noted.params))
    both = base.with_changes(steps=(dataclasses.replace(step, duration=moved), *base.steps[1:]))
    changed = sim.diff_scenarios(base, both)
    assert [c.kind for c in changed.changes] == ["duration"]  # a number changed, notes and all
    assert changed.notes == ()
    text = str(diff)
    assert text.index("changed notes only") < text.index("a different reason")


def test_diff_speaks_the_chosen_language(chinese: None) -> None:
    base = sim.load_scenario(GAS)
    variant = sim.load_scenario(GAS.parent / "gas_parallel_permits_002.yaml")
    text = str(sim.diff_scenarios(base, variant))
    assert "改为并联" in text
    assert "made parallel" not in text


def overloaded() -> sim.Scenario:
    """One desk of 1 staff offered 8 h of work a day in 7 open hours (114%)."""
    return sim.scenario_from_dict(
        {
            "name": "overloaded",
            "start": "2024-03-04",
            "horizon_working_days": 60,
            "arrivals": {"per_working_day": 4, "assumption": "four a day"},
            "time_limit": {"working_days": 3},
            "desks": {"counter": {"staff": 1, "label": "综合窗口"}},
            "steps": [
                {
                    "id": "serve",
                    "label": "受理",
                    "desk": "counter",
                    "duration": {"working_hours": 2},
                    "assumption": "two hours a case",
                }
            ],
            "flow": ["serve"],
        }
    )


def test_load_warning_verdict_and_steady_note_in_both_languages(chinese: None) -> None:
    scenario = overloaded()
    (load,) = sim.offered_load(scenario)
    zh = load.warning()
    assert "窗口超负荷" in zh
    assert "配备 2 人可把忙碌率降至 85% 以下" in zh
    assert english_words(zh, scenario_words(scenario)) == set(), zh
    results = sim.run(scenario, replications=2, seed=1, progress=False)
    (verdict,) = results.verdicts()
    assert "在这些假设下" in verdict.statement
    assert "主要取决于：受理（serve）" in verdict.statement
    assert "到达量（假设）" in verdict.statement
    assert "未达稳态" in verdict.statement  # the queue grows: the verdict says so
    assert results.steady.note.startswith("未达稳态：结果随模拟时长变化")
    assert english_words(verdict.statement, scenario_words(scenario)) == set()
    sim.set_language("en")
    assert "2 staff bring it to <= 85%" in load.warning()
    assert not CJK.search(load.warning().replace("综合窗口", ""))
    (verdict,) = results.verdicts()
    assert "under these assumptions; rests most on 受理 (serve)" in verdict.statement
    assert "not steady" in verdict.statement
    assert verdict.metric == "on_time_rate"  # identifiers never change with the language


def test_compare_counted_metrics_and_limit_error_in_chinese(
    pair: sim.Comparison, chinese: None
) -> None:
    headline = pair.headline("p90_counted_working_days")
    assert "90%的办件计入时限的用时在" in headline
    assert "P90，计入时限的用时" in headline
    assert pair.metric_label("on_time_rate") == "按时办结率（各情景统一按 10 个工作日的时限计）"
    with pytest.raises(sim.ScenarioError, match="--limit 应为正的工作日数"):
        sim.Comparison.from_results(pair.results, limit=-1)


def test_calibrate_prints_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    log = ROOT / "simulate" / "data" / "wabo_receipt.csv.gz"
    assert main(["--lang", "zh", "calibrate", str(log)]) == 0
    zh = capsys.readouterr().out
    assert zh.startswith("按办件记录 wabo_receipt.csv.gz 校准：")
    assert "\n说明：\n" in zh
    assert "记录只有完成时间" in zh
    assert main(["--lang", "en", "calibrate", str(log)]) == 0
    en = capsys.readouterr().out
    assert en.startswith("Calibration of wabo_receipt.csv.gz:")
    assert "\nnotes:\n" in en
    assert not CJK.search(en)
