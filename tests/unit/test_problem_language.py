"""A broken scenario file is explained in the chosen language: every problem and its fix in
Chinese (naming only the file's own identifiers), and in English exactly as before."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import simulate as sim
from simulate.errors import ScenarioError
from simulate.io.schema import SCHEMA
from simulate.scenario.durations import UNITS

CJK = re.compile(r"[\u3400-\u9fff]")

#: Several kinds of mistake at once: an unknown key, a bad date, two kinds of arrivals, an
#: unknown desk, a negative duration, a P90 below its median, a parallel of one branch, a
#: step twice in the flow and a misspelt step.
BROKEN = """\
name: broken
lable: 燃气报装
start: 2024-13-01
arrivals: {per_working_day: 6, cohort: 3}
desks:
  window: {staff: 2}
steps:
  - id: apply
    desk: windw
    duration: {working_hours: -1}
  - id: review
    duration: {working_days: {median: 3, p90: 2}}
  - id: issue
    duration: {natural_days: 1}
flow: [apply, {parallel: [review]}, apply, isue]
"""

BROKEN_EN = """\
broken.yaml:2: [lable] unknown key 'lable'; did you mean 'label'?
broken.yaml:3: [start] must be a date YYYY-MM-DD, got '2024-13-01'; write e.g. 2024-03-01
broken.yaml:4: [arrivals] needs exactly one of per_working_day, cohort, csv; got ['per_working_day', 'cohort']; e.g. arrivals: {per_working_day: 6}
broken.yaml:10: [steps[0].duration.working_hours] must be >= 0, got -1; durations are positive lengths of time
broken.yaml:12: [steps[1].duration.working_days.p90] must be >= median (3), got 2; P90 is the value 90% of cases stay under
broken.yaml:15: [flow[1].parallel] needs a list of at least 2 branches, got ['review']; write {parallel: [a, [b, c]]}
broken.yaml:15: [flow[2]] step 'apply' appears twice in the flow; reference every step exactly once (use rework for repeats)
broken.yaml:15: [flow[3]] unknown step 'isue'; did you mean 'issue'?
broken.yaml:9: [steps[0].desk] unknown desk 'windw'; did you mean 'window'?
9 problems in broken.yaml; nothing was run."""

#: Sound to read, wrong once built: a step id twice, a step outside the flow, rework of an
#: unknown step.
DUPLICATE_STEP = """\
name: dup
start: 2024-03-01
arrivals: {per_working_day: 2}
desks:
  window: {staff: 2}
steps:
  - id: apply
    desk: window
    duration: {working_hours: 1}
  - id: apply
    duration: {working_hours: 2}
  - id: lost
    duration: {working_hours: 1}
flow: [apply]
rework:
  issue: {p_incomplete: 0.2, makeup: {natural_days: 1}}
"""

DUPLICATE_STEP_EN = """\
dup.yaml:7: [steps[0].id] step id 'apply' is used 2 times; give every step its own id
dup.yaml:12: [steps[2].id] step 'lost' is not in the flow; add it to flow or remove the step
dup.yaml:16: [rework.issue] rework for unknown step 'issue'; known: apply, apply, lost
3 problems in dup.yaml; nothing was run."""

#: file name -> (text, the English message as it always read)
FILES = {
    "broken.yaml": (BROKEN, BROKEN_EN),
    "dup.yaml": (DUPLICATE_STEP, DUPLICATE_STEP_EN),
    "indent.yaml": (
        "name: bad\nstart: 2024-03-01\nsteps:\n  - id: apply\n   duration: {working_hours: 1}\n",
        "indent.yaml:5: broken YAML: expected <block end>, but found '<block mapping start>'; "
        "check indentation, colons and quotes on this line and the one before\n"
        "1 problem in indent.yaml; nothing was run.",
    ),
    "unclosed.yaml": (
        "name: bad\nflow: [apply, review\n",
        "unclosed.yaml:3: broken YAML: expected ',' or ']', but got '<stream end>'; "
        "check indentation, colons and quotes on this line and the one before\n"
        "1 problem in unclosed.yaml; nothing was run.",
    ),
    "colon.yaml": (
        "name: bad\nlabel: a: b\n",
        "colon.yaml:2: broken YAML: mapping values are not allowed here; "
        "check indentation, colons and quotes on this line and the one before\n"
        "1 problem in colon.yaml; nothing was run.",
    ),
    "twice.yaml": (
        "name: dup\nstart: 2024-03-01\nname: again\n",
        "twice.yaml:3: the key 'name' appears twice in one mapping; "
        "keep one of them (YAML would silently keep the last)\n"
        "1 problem in twice.yaml; nothing was run.",
    ),
    "loop.yaml": (
        "extends: loop.yaml\nname: x\n",
        "loop.yaml:1: [extends] extends itself in a loop (loop.yaml); "
        "point extends at a base scenario that does not extend this one\n"
        "1 problem in loop.yaml; nothing was run.",
    ),
}

#: Words a Chinese message may hold: the scenario format's own keys and units, and the
#: abbreviations a planner meets in it.
KEPT = {key for keys in SCHEMA.values() for key in keys} | set(UNITS)
KEPT |= {"YAML", "YYYY", "MM", "DD", "P90", "parallel", "rework", "flow"}


@pytest.fixture
def language() -> Iterator[None]:
    yield
    sim.set_language(None)


def _message(folder: Path, name: str, language: str) -> str:
    text, _ = FILES[name]
    path = folder / name
    path.write_text(text, encoding="utf-8")
    sim.set_language(language)
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(path)
    return str(info.value).replace(f"{folder}{Path('/')}", "").replace(str(folder), "")


@pytest.mark.parametrize("name", sorted(FILES))
def test_problems_read_as_before_in_english(tmp_path: Path, name: str, language: None) -> None:
    assert _message(tmp_path, name, "en") == FILES[name][1]


@pytest.mark.parametrize("name", sorted(FILES))
def test_problems_in_chinese_name_only_identifiers(
    tmp_path: Path, name: str, language: None
) -> None:
    message = _message(tmp_path, name, "zh")
    own = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]+", FILES[name][0] + name))
    lines = message.splitlines()
    assert len(lines) == len(FILES[name][1].splitlines())  # the same problems, one a line
    for line in lines:
        assert CJK.search(line), line
        problem = line.split(": ", 1)[1] if ": " in line else line  # past file:line
        problem = re.sub(r"^\[[^\]]*\]", "", problem)  # the field path
        words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]+", problem))
        assert words <= own | KEPT, (line, words - own - KEPT)


def test_chinese_problems_say_what_is_wrong(tmp_path: Path, language: None) -> None:
    broken = _message(tmp_path, "broken.yaml", "zh")
    assert "[lable] 未知的键 'lable'；是否想写 'label'？" in broken
    assert (
        "[steps[0].duration.working_hours] 应不小于 0，实际为 -1；办理时长必须是正的时间长度"
        in broken
    )
    assert "[steps[0].desk] 未知的窗口 'windw'；是否想写 'window'？" in broken
    assert "[start] 应为日期 YYYY-MM-DD，实际为 '2024-13-01'" in broken
    assert "环节 'apply' 在流程中出现了两次" in broken
    assert "未知的环节 'isue'；是否想写 'issue'？" in broken
    assert "per_working_day, cohort, csv 中应恰好写一个" in broken
    assert "应为至少 2 个分支的列表" in broken
    assert broken.endswith("共 9 个问题（broken.yaml）；未运行任何内容。")
    assert "环节编号 'apply' 用了 2 次" in _message(tmp_path, "dup.yaml", "zh")
    assert "缩进没有对齐" in _message(tmp_path, "indent.yaml", "zh")
    assert "却遇到了文件结尾" in _message(tmp_path, "unclosed.yaml", "zh")
    assert "键 'name' 在同一个映射中出现了两次" in _message(tmp_path, "twice.yaml", "zh")
    assert "extends 形成了循环" in _message(tmp_path, "loop.yaml", "zh")


def test_chinese_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: None
) -> None:
    monkeypatch.delenv("SIMULATE_LANG", raising=False)
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    sim.set_language(None)
    with pytest.raises(ScenarioError, match="未知的窗口 'windw'"):
        sim.load_scenario(path)
