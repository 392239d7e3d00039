"""Bad scenario files give clear errors: ``file:line: [field] what is wrong, got value; fix``.

Each error class of the scenario format is produced from a small valid file by changing one
line; the test finds the changed line in the text itself and checks that the message names
the file, that line and the field. The command line lists the same problems, exits with
status 2 and writes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import simulate as sim
from simulate import cli
from simulate.errors import ScenarioError
from simulate.results.write import atomic_dir

VALID = """\
name: errors
start: 2024-03-01
horizon_working_days: 20
arrivals: {per_working_day: 2}
desks:
  counter: {staff: 2}
steps:
  - id: apply
    desk: counter
    visit: true
    duration: {working_hours: 1}
  - id: review
    desk: counter
    duration: {working_days: {mean: 1}}
  - id: issue
    duration: {natural_hours: 2}
flow: [apply, review, issue]
rework:
  apply: {p_incomplete: 0.2, makeup: {natural_days: 1}}
"""


def _write(folder: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_the_valid_file_loads(tmp_path: Path) -> None:
    s = sim.load_scenario(_write(tmp_path, VALID))
    assert [st.id for st in s.steps] == ["apply", "review", "issue"]


# (case id, line to change, its replacement, field, words the message must contain[, text on
# the line the error points at when it is not the changed line])
CASES = [
    (
        "unknown_key",
        "horizon_working_days: 20",
        "horizon_workng_days: 20",
        "horizon_workng_days",
        ["unknown key 'horizon_workng_days'", "did you mean 'horizon_working_days'?"],
    ),
    (
        "unknown_nested_key",
        "counter: {staff: 2}",
        "counter: {staff: 2, lable: 窗口}",
        "desks.counter.lable",
        ["unknown key 'lable'", "did you mean 'label'?"],
    ),
    (
        "unknown_duration_unit",
        "duration: {natural_hours: 2}",
        "duration: {natral_hours: 2}",
        "steps[2].duration.natral_hours",
        ["unknown key 'natral_hours'", "did you mean 'natural_hours'?"],
    ),
    (
        "wrong_type_number",
        "counter: {staff: 2}",
        "counter: {staff: two}",
        "desks.counter.staff",
        ["must be an integer", "got 'two'"],
    ),
    (
        "wrong_type_flag",
        "    visit: true",
        "    visit: often",
        "steps[0].visit",
        ["must be true or false", "got 'often'"],
    ),
    (
        "stage_not_a_name",
        "    visit: true",
        "    visit: true\n    stage: [立项, 施工]",
        "steps[0].stage",
        ["stage's name on one line", "stage: 工程建设许可"],
        "stage: [立项",
    ),
    (
        "wrong_type_whole_number",
        "counter: {staff: 2}",
        "counter: {staff: 1.5}",
        "desks.counter.staff",
        ["must be a whole number", "got 1.5"],
    ),
    (
        "negative_duration",
        "duration: {natural_hours: 2}",
        "duration: {natural_hours: -2}",
        "steps[2].duration.natural_hours",
        ["must be >= 0", "got -2"],
    ),
    (
        "zero_mean_duration",
        "duration: {working_days: {mean: 1}}",
        "duration: {working_days: {mean: 0}}",
        "steps[1].duration.working_days.mean",
        ["must be > 0", "got 0"],
    ),
    (
        "zero_median_duration",
        "duration: {working_days: {mean: 1}}",
        "duration: {working_days: {median: 0, p90: 2}}",
        "steps[1].duration.working_days.median",
        ["must be > 0", "got 0"],
    ),
    (
        "zero_staff",
        "counter: {staff: 2}",
        "counter: {staff: 0}",
        "desks.counter.staff",
        ["must be >= 1", "got 0"],
    ),
    (
        "unknown_desk",
        "    desk: counter\n    duration: {working_days",
        "    desk: countr\n    duration: {working_days",
        "steps[1].desk",
        ["unknown desk 'countr'", "did you mean 'counter'?"],
    ),
    (
        "unknown_step",
        "flow: [apply, review, issue]",
        "flow: [apply, reviw, review, issue]",
        "flow[1]",
        ["unknown step 'reviw'", "did you mean 'review'?"],
    ),
    (
        "step_twice",
        "flow: [apply, review, issue]",
        "flow: [apply, review, review, issue]",
        "flow[2]",
        ["step 'review' appears twice in the flow"],
    ),
    (
        "step_missing",
        "flow: [apply, review, issue]",
        "flow: [apply, review]",
        "steps[2].id",
        ["step 'issue' is not in the flow"],
        "- id: issue",
    ),
    (
        "probability_rework",
        "p_incomplete: 0.2",
        "p_incomplete: 1.5",
        "rework.apply.p_incomplete",
        ["must be a probability in [0, 1]", "got 1.5"],
    ),
    (
        "probability_optional",
        "flow: [apply, review, issue]",
        "flow: [apply, {optional: review, p: 1.2}, issue]",
        "flow[1].p",
        ["must be a probability in [0, 1]", "got 1.2"],
    ),
    (
        "probability_choice",
        "flow: [apply, review, issue]",
        "flow: [apply, {choice: [{p: -0.2, do: review}, {p: 1.2, do: []}]}, issue]",
        "flow[1].choice[0].p",
        ["must be a probability in [0, 1]", "got -0.2"],
    ),
    (
        "start_outside_calendar_data",
        "start: 2024-03-01",
        "start: 2031-03-01",
        "start",
        ["no official holidays for 2031", "2004-2026"],
    ),
    (
        "horizon_past_calendar_data",
        "horizon_working_days: 20",
        "horizon_working_days: 2000",
        "horizon_working_days",
        ["run past the calendar's last day"],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "field", "words", "at"),
    [(*c[1:5], c[5] if len(c) > 5 else None) for c in CASES],
    ids=[str(c[0]) for c in CASES],
)
def test_error_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, words: list[str], at: str | None
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    path = _write(tmp_path, text)
    problems = _problems(path)
    line = _line(text, at or new.splitlines()[0])
    where = f"{path}:{line}: [{field}] "
    matching = [p for p in problems if p.startswith(where)]
    assert matching, f"no problem starts with {where!r}; got {problems}"
    for word in words:
        assert any(word in p for p in matching), f"{word!r} missing from {matching}"


def test_make_up_due_before_a_parallel_branch_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace(
        "flow: [apply, review, issue]", "flow: [{parallel: [apply, review]}, issue]"
    ).replace(
        "makeup: {natural_days: 1}}", "makeup: {natural_days: 1}, alongside: true, before: review}"
    )
    problems = _problems(_write(tmp_path, text))
    assert any(
        "[rework.apply.before] 'review' does not come after 'apply' on every path" in p
        for p in problems
    ), problems


def test_start_outside_calendar_data_gives_a_fix(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, VALID.replace("start: 2024-03-01", "start: 2031-03-01")))
    assert any("calendar: {holidays: [...], years: [2031]}" in p for p in problems)


def test_supplied_holidays_make_a_later_year_valid(tmp_path: Path) -> None:
    text = VALID.replace(
        "start: 2024-03-01", "start: 2031-03-03\ncalendar: {years: [2031], holidays: [2031-05-01]}"
    )
    s = sim.load_scenario(_write(tmp_path, text))
    assert s.calendar.years == (2031,)


def test_impossible_date_is_a_located_error(tmp_path: Path) -> None:
    text = VALID.replace("start: 2024-03-01", "start: 2024-13-01")
    path = _write(tmp_path, text)
    problems = _problems(path)
    assert any(p.startswith(f"{path}:2: [start] ") and "2024-13-01" in p for p in problems)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("arrivals: {per_working_day: 2}", "arrivals: {per_working_day: 2"),
        ("    desk: counter\n    visit: true", "   desk: counter\n    visit: true"),
        ("flow: [apply, review, issue]", "flow: [apply, review, issue]]"),
    ],
    ids=["unclosed_brace", "bad_indentation", "stray_bracket"],
)
def test_broken_yaml_names_the_line(tmp_path: Path, old: str, new: str) -> None:
    text = VALID.replace(old, new, 1)
    path = _write(tmp_path, text)
    problems = _problems(path)
    assert len(problems) == 1
    match = re.match(rf"{re.escape(str(path))}:(\d+): broken YAML: ", problems[0])
    assert match, problems
    changed = _line(text, new.splitlines()[0])
    # PyYAML reports the line where it noticed the problem: the changed line or the next one
    assert changed <= int(match.group(1)) <= changed + 1


def test_extends_cycle(tmp_path: Path) -> None:
    a = _write(tmp_path, "extends: b.yaml\nname: a\n", "a.yaml")
    _write(tmp_path, "# the base\nextends: a.yaml\nname: b\n", "b.yaml")
    problems = _problems(a)
    assert any(
        p.startswith(f"{tmp_path / 'b.yaml'}:2: [extends] extends itself in a loop")
        for p in problems
    ), problems


def test_extends_itself(tmp_path: Path) -> None:
    a = _write(tmp_path, "name: a\nextends: a.yaml\n", "a.yaml")
    assert any(p.startswith(f"{a}:2: [extends] extends itself in a loop") for p in _problems(a))


def test_extends_missing_base(tmp_path: Path) -> None:
    a = _write(tmp_path, "name: a\nextends: nowhere.yaml\n", "a.yaml")
    assert any(p.startswith(f"{a}:2: [extends] base scenario not found") for p in _problems(a))


def test_every_problem_is_listed_in_one_go(tmp_path: Path) -> None:
    text = (
        VALID.replace("horizon_working_days: 20", "horizon_workng_days: 20")
        .replace("counter: {staff: 2}", "counter: {staff: two}")
        .replace("natural_hours: 2", "natural_hours: -2")
        .replace("p_incomplete: 0.2", "p_incomplete: 1.5")
    )
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(path)
    fields = {p.field for p in info.value.problems}
    assert {
        "horizon_workng_days",
        "desks.counter.staff",
        "steps[2].duration.natural_hours",
        "rework.apply.p_incomplete",
    } <= fields
    assert all(p.line is not None and p.file == str(path) for p in info.value.problems)
    assert str(info.value).endswith(
        f"{len(info.value.problems)} problems in {path}; nothing was run."
    )


def test_python_scenario_errors_name_the_field() -> None:
    good = sim.scenario_from_dict(
        {
            "name": "py",
            "start": "2024-03-01",
            "arrivals": {"cohort": 1, "date": "2024-03-01"},
            "desks": {"counter": {"staff": 1}},
            "steps": [{"id": "a", "desk": "counter", "duration": {"working_hours": 1}}],
            "flow": ["a"],
        }
    )
    bad = good.with_changes(
        steps=(sim.Step(id="a", desk="nowhere", duration=sim.Duration.fixed(1.0)),)
    )
    with pytest.raises(ScenarioError, match=r"\[steps\[0\]\.desk\] unknown desk 'nowhere'"):
        sim.validate(bad)
    with pytest.raises(ScenarioError, match=r"unknown desk 'nowhere'"):
        sim.run(bad, replications=1, seed=1)


# -- the command line ---------------------------------------------------------------------
def test_validate_exits_2_and_lists_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, VALID.replace("start: 2024-03-01", "start: 2031-03-01"))
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2: [start] no official holidays for 2031" in err
    assert "Traceback" not in err


def test_validate_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, VALID)
    assert cli.main(["validate", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_run_bad_file_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = VALID.replace(
        "desk: counter\n    duration: {working_days", "desk: countr\n    duration: {working_days"
    )
    path = _write(tmp_path, text.replace("natural_hours: 2", "natural_hours: -2"))
    out = tmp_path / "results" / "run"
    assert (
        cli.main(["run", str(path), "--out", str(out), "--replications", "1", "--seed", "1"]) == 2
    )
    err = capsys.readouterr().err
    assert f"{path}:{_line(text, 'desk: countr')}: [steps[1].desk] unknown desk 'countr'" in err
    assert "[steps[2].duration.natural_hours] must be >= 0, got -2" in err
    assert "2 problems" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not (tmp_path / "results").exists() or not any((tmp_path / "results").iterdir())


# -- all-or-nothing output ----------------------------------------------------------------
def _write_and_stop(target: Path, interruption: type[BaseException]) -> None:
    """Start writing two files into ``target`` and stop half-way through the second."""
    with atomic_dir(target) as tmp:
        (tmp / "cases.csv").write_text("new run\n", encoding="utf-8")
        (tmp / "steps.csv").write_text("half a fi", encoding="utf-8")
        raise interruption("stopped while writing")


@pytest.mark.parametrize("interruption", [RuntimeError, KeyboardInterrupt])
def test_interrupted_write_leaves_no_file(
    tmp_path: Path, interruption: type[BaseException]
) -> None:
    target = tmp_path / "out"
    with pytest.raises(interruption):
        _write_and_stop(target, interruption)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind


@pytest.mark.parametrize("interruption", [RuntimeError, KeyboardInterrupt])
def test_interrupted_write_keeps_previous_output(
    tmp_path: Path, interruption: type[BaseException]
) -> None:
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "cases.csv").write_text("previous run\n", encoding="utf-8")
    with pytest.raises(interruption):
        _write_and_stop(target, interruption)
    assert (target / "cases.csv").read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_completed_write_replaces_files(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "cases.csv").write_text("previous run\n", encoding="utf-8")
        (tmp / "old.csv").write_text("only in the previous run\n", encoding="utf-8")
    with atomic_dir(target) as tmp:
        (tmp / "cases.csv").write_text("new run\n", encoding="utf-8")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "x.txt").write_text("x", encoding="utf-8")
    assert (target / "cases.csv").read_text(encoding="utf-8") == "new run\n"
    assert (target / "sub" / "x.txt").read_text(encoding="utf-8") == "x"
    assert not (target / "old.csv").exists()  # replaced whole: no file of the old run is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_every_bad_reform_entry_is_listed_with_its_line(tmp_path: Path) -> None:
    text = VALID + (
        "reforms:\n"
        "  - parallel_approval: {steps: [review, isue]}\n"
        "  - online: {stepz: [apply]}\n"
        "  - commitment_limit: {statutory_working_days: 20, speedup: 0.6}\n"
    )
    path = _write(tmp_path, text)
    problems = _problems(path)
    first = text.splitlines().index("reforms:") + 2
    assert problems[0].startswith(
        f"{path}:{first}: [reforms[0].parallel_approval.steps[1]] unknown step 'isue'"
    )
    assert problems[1].startswith(
        f"{path}:{first + 1}: [reforms[1].online.stepz] unknown parameter 'stepz'"
    )
    assert "did you mean 'steps'?" in problems[1]
    assert problems[2].startswith(f"{path}:{first + 2}: [reforms[2].commitment_limit.reading]")
    assert len(problems) == 3
