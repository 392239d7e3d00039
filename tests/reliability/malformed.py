"""The table of malformed inputs: each class of bad input, the files that make it, the command.

Every case is a small folder of files (``scenario.yaml`` unless it says otherwise) and a
command line. The contract each case checks (see ``harness.py``): exit status 2, the message
names the file and line (or the option at fault), no traceback, nothing written, and the
command returns within a time and memory bound.

Placeholders in the command line: ``{dir}`` is the case's folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: A small valid scenario (a few working days, one desk) the cases break one field at a time.
BASE = """\
name: tiny
label: 小例子
start: 2024-03-04
horizon_working_days: 5
replications: 1
seed: 1
arrivals:
  per_working_day: 3
  assumption: test
desks:
  counter: {staff: 1, assumption: test}
steps:
  - id: apply
    desk: counter
    duration: {working_hours: 1, assumption: test}
  - id: review
    duration: {working_days: {median: 1, p90: 2}, assumption: test}
flow: [apply, review]
rework:
  apply: {p_incomplete: 0.1, makeup: {natural_days: 1}, max_rounds: 2, assumption: test}
"""

RUN = ["run", "scenario.yaml", "-n", "1", "--out", "out", "--no-excel", "--quiet"]
VALIDATE = ["validate", "scenario.yaml"]
BIG = "1" + "0" * 400


def with_line(old: str, new: str, text: str = BASE) -> str:
    """``text`` with the one line containing ``old`` replaced by ``new``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


@dataclass(frozen=True)
class Case:
    """One class of bad input.

    ``where`` is the text the error must contain to locate the problem: ``file:line`` for a
    file, the option's name for a command-line option. ``special`` names a file the harness
    makes itself (a link to /dev/zero, a large file). ``api``: the file is also loaded and run
    through the Python API, which must raise a located :class:`ScenarioError` too.
    """

    name: str
    argv: tuple[str, ...]
    where: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    special: str = ""
    api: bool = False


def case(
    name: str,
    text: str | bytes | None,
    where: str,
    argv: list[str] | None = None,
    *,
    extra: dict[str, str | bytes] | None = None,
    special: str = "",
) -> Case:
    files: dict[str, str | bytes] = {} if text is None else {"scenario.yaml": text}
    files.update(extra or {})
    return Case(name, tuple(argv or RUN), where, files, special, api=True)


def _csv_scenario() -> str:
    return with_line("  per_working_day: 3\n", "  csv: arrivals.csv\n")


def _cases() -> list[Case]:
    out: list[Case] = []
    add = out.append
    s = "scenario.yaml"
    # -- the file itself -------------------------------------------------------------------
    add(case("missing file", None, "scenario.yaml", VALIDATE))
    add(case("empty file", "", s, VALIDATE))
    add(case("only a comment", "# nothing\n", s, VALIDATE))
    add(case("a list, not a mapping", "- a\n- b\n", f"{s}:1", VALIDATE))
    add(case("a scalar, not a mapping", "hello\n", f"{s}:1", VALIDATE))
    add(
        case("broken indentation", with_line("seed: 1\n", "seed: 1\n  bad: [\n"), f"{s}:", VALIDATE)
    )
    add(
        case(
            "tab indentation",
            with_line("  per_working_day: 3\n", "\tper_working_day: 3\n"),
            f"{s}:",
            VALIDATE,
        )
    )
    add(case("unclosed quote", with_line("label: 小例子\n", 'label: "小例子\n'), f"{s}:", VALIDATE))
    add(case("not UTF-8 (GBK)", BASE.encode("gbk"), f"{s}:2", VALIDATE))
    add(case("binary file", b"\x00\x01\x02\xff" * 100, f"{s}:1", VALIDATE))
    add(case("a folder as the scenario", None, "scenario.yaml", VALIDATE, special="folder"))
    add(case("/dev/zero as the scenario", None, "scenario.yaml", VALIDATE, special="devzero"))
    add(case("50 MB file", None, "scenario.yaml", VALIDATE, special="bigfile"))
    add(
        case(
            "duplicate top-level key",
            with_line("seed: 1\n", "seed: 1\nseed: 2\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "duplicate nested key",
            with_line(
                "  counter: {staff: 1, assumption: test}\n", "  counter: {staff: 1, staff: 2}\n"
            ),
            f"{s}:11",
            VALIDATE,
        )
    )
    add(
        case(
            "recursive alias",
            with_line("seed: 1\n", "seed: 1\ndocuments: &d [a, *d]\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    bomb = "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n"
        if i
        else "l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for i in range(7)
    )
    add(case("alias bomb (600 bytes)", bomb + BASE, f"{s}:", VALIDATE))
    bomb9 = "".join(
        f"m{i}: &m{i} [{', '.join([f'*m{i - 1}'] * 9)}]\n"
        if i
        else "m0: &m0 [x, x, x, x, x, x, x, x, x]\n"
        for i in range(9)
    )
    add(case("alias bomb of 9 levels", bomb9 + BASE, f"{s}:", VALIDATE))
    deep = "flow: " + "[" * 5000 + "apply" + "]" * 5000 + "\n"
    add(
        case(
            "flow nested 5,000 deep",
            with_line("flow: [apply, review]\n", deep),
            f"{s}:18",
            VALIDATE,
        )
    )
    deep_map = "description: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"
    add(
        case(
            "mapping nested 3,000 deep",
            with_line("seed: 1\n", "seed: 1\n" + deep_map),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "unknown tag",
            with_line("seed: 1\n", "seed: !!python/object:os.system 1\n"),
            f"{s}:6",
            VALIDATE,
        )
    )
    # -- names and identifiers ---------------------------------------------------------------
    add(case("empty name", with_line("name: tiny\n", 'name: ""\n'), f"{s}:1"))
    add(case("null name", with_line("name: tiny\n", "name:\n"), f"{s}:1"))
    add(case("name with a slash", with_line("name: tiny\n", "name: ../evil\n"), f"{s}:1"))
    add(case("name of 300 characters", with_line("name: tiny\n", f"name: {'a' * 300}\n"), f"{s}:1"))
    add(case("name a list", with_line("name: tiny\n", "name: [a, b]\n"), f"{s}:1", VALIDATE))
    add(
        case(
            "missing steps",
            with_line("flow: [apply, review]\n", "flow: [apply]\n").split("steps:")[0]
            + "flow: [apply]\n",
            f"{s}:",
            VALIDATE,
        )
    )
    # -- numbers out of range -----------------------------------------------------------------
    add(case("huge integer: seed", with_line("seed: 1\n", f"seed: {BIG}\n"), f"{s}:6", VALIDATE))
    add(
        case(
            "huge integer: horizon",
            with_line("horizon_working_days: 5\n", f"horizon_working_days: {BIG}\n"),
            f"{s}:4",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: replications",
            with_line("replications: 1\n", f"replications: {BIG}\n"),
            f"{s}:5",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: arrivals",
            with_line("  per_working_day: 3\n", f"  per_working_day: {BIG}\n"),
            f"{s}:8",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: staff",
            with_line("{staff: 1, assumption: test}", f"{{staff: {BIG}, assumption: test}}"),
            f"{s}:11",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: fixed duration",
            with_line(
                "{working_hours: 1, assumption: test}",
                f"{{working_hours: {BIG}, assumption: test}}",
            ),
            f"{s}:15",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: median",
            with_line("{median: 1, p90: 2}", f"{{median: 1, p90: {BIG}}}"),
            f"{s}:17",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: empirical value",
            with_line("{median: 1, p90: 2}", f"{{values: [1, {BIG}]}}"),
            f"{s}:17",
            RUN,
        )
    )
    add(
        case(
            "huge integer: p_incomplete",
            with_line("p_incomplete: 0.1", f"p_incomplete: {BIG}"),
            f"{s}:20",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: max_rounds",
            with_line("max_rounds: 2", f"max_rounds: {BIG}"),
            f"{s}:20",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: time limit",
            BASE + f"time_limit: {{working_days: {BIG}}}\n",
            f"{s}:21",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: threshold",
            BASE + f"thresholds: [{{working_days: {BIG}}}]\n",
            f"{s}:21",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: documents",
            with_line("    desk: counter\n", f"    desk: counter\n    documents: {BIG}\n"),
            f"{s}:",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: cohort",
            with_line("  per_working_day: 3\n", f"  cohort: {BIG}\n  date: 2024-03-04\n"),
            f"{s}:8",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: reform parameter",
            BASE
            + f"reforms:\n  - commitment_limit: {{statutory_working_days: {BIG}, speedup: 0.5, reading: time_cut}}\n",
            f"{s}:22",
            VALIDATE,
        )
    )
    add(
        case(
            "huge integer: calendar year",
            with_line("seed: 1\n", f"seed: 1\ncalendar: {{years: [{BIG}]}}\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "integer of 5,000 digits",
            with_line("seed: 1\n", f"seed: 1{'0' * 5000}\n"),
            f"{s}:6",
            VALIDATE,
        )
    )
    add(
        case(
            "infinite float: horizon",
            with_line("horizon_working_days: 5\n", "horizon_working_days: .inf\n"),
            f"{s}:4",
            VALIDATE,
        )
    )
    add(
        case(
            "NaN: arrivals",
            with_line("  per_working_day: 3\n", "  per_working_day: .nan\n"),
            f"{s}:8",
            VALIDATE,
        )
    )
    add(case("negative seed", with_line("seed: 1\n", "seed: -1\n"), f"{s}:6", VALIDATE))
    add(case("seed above 2^63", with_line("seed: 1\n", f"seed: {2**64}\n"), f"{s}:6", VALIDATE))
    add(
        case(
            "seed above 2^53 (would round)",
            with_line("seed: 1\n", f"seed: {2**53 + 1}.0\n"),
            f"{s}:6",
            VALIDATE,
        )
    )
    add(case("fractional seed", with_line("seed: 1\n", "seed: 1.5\n"), f"{s}:6", VALIDATE))
    add(
        case("max_rounds 10,000,000", with_line("max_rounds: 2", "max_rounds: 10000000"), f"{s}:20")
    )
    add(
        case(
            "cohort of 1e8",
            with_line("  per_working_day: 3\n", "  cohort: 100000000\n  date: 2024-03-04\n"),
            f"{s}:8",
        )
    )
    add(
        case(
            "cohort of 1e9",
            with_line("  per_working_day: 3\n", "  cohort: 1000000000\n  date: 2024-03-04\n"),
            f"{s}:8",
        )
    )
    add(
        case(
            "Poisson rate of 1e7 a day",
            with_line("  per_working_day: 3\n", "  per_working_day: 10000000\n"),
            f"{s}:8",
        )
    )
    add(
        case(
            "horizon of 1e6 working days",
            with_line("horizon_working_days: 5\n", "horizon_working_days: 1000000\n"),
            f"{s}:4",
            VALIDATE,
        )
    )
    # -- dates and the calendar ---------------------------------------------------------------
    add(
        case(
            "calendar year 10000",
            with_line("seed: 1\n", "seed: 1\ncalendar: {years: [10000]}\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "calendar year 0",
            with_line("seed: 1\n", "seed: 1\ncalendar: {years: [0]}\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "weekday calendar from 9990",
            with_line(
                "start: 2024-03-04\n",
                "start: 9990-01-04\n",
                with_line("seed: 1\n", "seed: 1\ncalendar: {days: weekdays}\n"),
            ),
            f"{s}:",
            VALIDATE,
        )
    )
    add(
        case(
            "every-day calendar in 9999",
            with_line(
                "start: 2024-03-04\n",
                "start: 9999-12-01\n",
                with_line("seed: 1\n", "seed: 1\ncalendar: {days: every_day}\n"),
            ),
            f"{s}:",
            VALIDATE,
        )
    )
    add(
        case(
            "start in year 1",
            with_line(
                "start: 2024-03-04\n",
                "start: 0001-01-01\n",
                with_line("seed: 1\n", "seed: 1\ncalendar: {days: weekdays}\n"),
            ),
            f"{s}:",
            VALIDATE,
        )
    )
    add(
        case(
            "impossible date",
            with_line("start: 2024-03-04\n", "start: 2024-13-01\n"),
            f"{s}:3",
            VALIDATE,
        )
    )
    add(
        case(
            "cases run past the calendar's data",
            with_line(
                "start: 2024-03-04\n",
                "start: 2099-12-20\n",
                with_line("seed: 1\n", "seed: 1\ncalendar: {years: [2099]}\n"),
            ),
            f"{s}:",
            VALIDATE,
        )
    )
    add(
        case(
            "horizon past the official data",
            with_line("horizon_working_days: 5\n", "horizon_working_days: 2500\n"),
            f"{s}:4",
            VALIDATE,
        )
    )
    add(
        case(
            "holiday a list of lists",
            with_line("seed: 1\n", "seed: 1\ncalendar: {holidays: [[2024-03-05]]}\n"),
            f"{s}:7",
            VALIDATE,
        )
    )
    add(
        case(
            "office hours nonsense",
            with_line("seed: 1\n", 'seed: 1\ncalendar: {office_hours: ["25:00-26:00"]}\n'),
            f"{s}:7",
            VALIDATE,
        )
    )
    # -- arrival CSV files ---------------------------------------------------------------------
    csv_s = _csv_scenario()
    add(
        case(
            "arrival CSV not UTF-8",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": "submitted,备注\n2024-03-04,中文\n".encode("gbk")},
        )
    )
    add(
        case(
            "arrival CSV field over 128 KB",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": 'submitted\n"' + "x" * 200_000 + '"\n'},
        )
    )
    add(
        case(
            "arrival CSV without a submitted column",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": "when\n2024-03-04\n"},
        )
    )
    add(
        case(
            "arrival CSV bad date",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": "submitted\n2024-02-30\n"},
        )
    )
    add(
        case(
            "arrival CSV before the start",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": "submitted\n2020-01-06\n"},
        )
    )
    add(
        case(
            "arrival CSV in year 9999",
            csv_s,
            f"{s}:7",
            VALIDATE,
            extra={"arrivals.csv": "submitted\n9999-12-31 23:00\n"},
        )
    )
    add(case("arrival CSV a folder", csv_s, f"{s}:8", VALIDATE, special="csvfolder"))
    add(case("arrival CSV /dev/zero", csv_s, f"{s}:8", VALIDATE, special="csvzero"))
    add(case("arrival CSV empty", csv_s, "arrivals.csv", VALIDATE, extra={"arrivals.csv": ""}))
    add(
        case(
            "arrival CSV with NUL bytes",
            csv_s,
            "arrivals.csv",
            VALIDATE,
            extra={"arrivals.csv": b"submitted\n2024-03-04\x00\n"},
        )
    )
    # -- extends -------------------------------------------------------------------------------
    add(
        case(
            "extends a 300-character name",
            with_line("name: tiny\n", f"name: tiny\nextends: {'b' * 300}.yaml\n"),
            f"{s}:2",
            VALIDATE,
        )
    )
    add(
        case(
            "extends the folder itself",
            with_line("name: tiny\n", "name: tiny\nextends: .\n"),
            f"{s}:2",
            VALIDATE,
        )
    )
    add(
        case(
            "extends /dev/zero",
            with_line("name: tiny\n", "name: tiny\nextends: /dev/zero\n"),
            f"{s}:2",
            VALIDATE,
        )
    )
    add(
        case(
            "extends a GBK file",
            with_line("name: tiny\n", "name: tiny\nextends: base.yaml\n"),
            "base.yaml:2",
            VALIDATE,
            extra={"base.yaml": BASE.encode("gbk")},
        )
    )
    add(
        case(
            "extends a list",
            with_line("name: tiny\n", "name: tiny\nextends: [a, b]\n"),
            f"{s}:2",
            VALIDATE,
        )
    )
    add(
        case(
            "extends itself",
            with_line("name: tiny\n", "name: tiny\nextends: scenario.yaml\n"),
            f"{s}:2",
            VALIDATE,
        )
    )
    add(
        case(
            "extends a name with a NUL",
            with_line("name: tiny\n", 'name: tiny\nextends: "a\\0b.yaml"\n'),
            f"{s}:2",
            VALIDATE,
        )
    )
    # -- flow and reforms ------------------------------------------------------------------------
    add(
        case(
            "huge integer where a reform takes text",
            BASE + f"reforms:\n  - staffing: {{desk: counter, staff: 2, hours: {BIG}}}\n",
            f"{s}:22",
            VALIDATE,
        )
    )
    add(
        case(
            "reform parameter a list for a word",
            BASE
            + "reforms:\n  - commitment_limit: {statutory_working_days: 20, speedup: 0.5, reading: [time_cut]}\n",
            f"{s}:22",
            VALIDATE,
        )
    )
    add(
        case(
            "reform parameter a mapping for a number",
            BASE
            + "reforms:\n  - commitment_limit: {statutory_working_days: {a: 1}, speedup: 0.5, reading: time_cut}\n",
            f"{s}:22",
            VALIDATE,
        )
    )
    add(case("reform entry a list", BASE + "reforms:\n  - [online]\n", f"{s}:22", VALIDATE))
    add(
        case(
            "flow a number", with_line("flow: [apply, review]\n", "flow: 7\n"), f"{s}:18", VALIDATE
        )
    )
    add(
        case(
            "choice probabilities as huge ints",
            with_line(
                "flow: [apply, review]\n",
                f"flow: [apply, {{choice: [{{p: {BIG}, do: review}}]}}]\n",
            ),
            f"{s}:18",
            VALIDATE,
        )
    )
    # -- command-line options ---------------------------------------------------------------------
    good = {"scenario.yaml": BASE}
    add(Case("--seed -1", ("run", "scenario.yaml", "--seed", "-1", "--out", "out"), "--seed", good))
    add(
        Case(
            "--seed above 2^63",
            ("run", "scenario.yaml", "--seed", str(2**64), "--out", "out"),
            "--seed",
            good,
        )
    )
    add(
        Case(
            "--replications 0",
            ("run", "scenario.yaml", "-n", "0", "--out", "out"),
            "--replications",
            good,
        )
    )
    add(
        Case(
            "--replications 10^12",
            ("run", "scenario.yaml", "-n", str(10**12), "--out", "out"),
            "--replications",
            good,
        )
    )
    add(Case("--jobs 0", ("run", "scenario.yaml", "--jobs", "0", "--out", "out"), "--jobs", good))
    add(
        Case(
            "--jobs 1,000,000",
            ("run", "scenario.yaml", "-n", "3", "--jobs", "1000000", "--out", "out"),
            "--jobs",
            good,
        )
    )
    add(
        Case(
            "--out an existing file",
            ("run", "scenario.yaml", "-n", "1", "--out", "taken.txt"),
            "--out",
            {**good, "taken.txt": "mine\n"},
        )
    )
    add(
        Case(
            "--out under a file",
            ("run", "scenario.yaml", "-n", "1", "--out", "taken.txt/out"),
            "--out",
            {**good, "taken.txt": "mine\n"},
        )
    )
    add(
        Case(
            "--out unwritable",
            ("run", "scenario.yaml", "-n", "1", "--out", "/proc/simulate/out"),
            "--out",
            good,
        )
    )
    add(
        Case(
            "--charts unwritable",
            ("run", "scenario.yaml", "-n", "1", "--out", "out", "--charts", "/proc/simulate/c"),
            "--charts",
            good,
        )
    )
    add(
        Case(
            "--charts an existing file",
            ("run", "scenario.yaml", "-n", "1", "--out", "out", "--charts", "taken.txt"),
            "--charts",
            {**good, "taken.txt": "mine\n"},
        )
    )
    add(
        Case(
            "--out a folder of other files",
            ("run", "scenario.yaml", "-n", "1", "--out", "mine"),
            "--force",
            {**good, "mine/notes.txt": "mine\n"},
        )
    )
    add(
        Case(
            "--reform a list for a word",
            (
                "run",
                "scenario.yaml",
                "-n",
                "1",
                "--out",
                "out",
                "--reform",
                "commitment_limit: {statutory_working_days: 20, speedup: 0.5, reading: [time_cut]}",
            ),
            "--reform",
            good,
        )
    )
    add(
        Case(
            "--reform nested 5,000 deep",
            ("run", "scenario.yaml", "-n", "1", "--out", "out", "--reform", "[" * 5000),
            "--reform",
            good,
        )
    )
    add(
        Case(
            "compare --out an existing file",
            (
                "compare",
                "scenario.yaml",
                "scenario.yaml",
                "-n",
                "1",
                "--out",
                "taken.txt",
                "--quiet",
            ),
            "--out",
            {**good, "taken.txt": "mine\n"},
        )
    )
    add(
        Case(
            "compare --seed -1",
            ("compare", "scenario.yaml", "scenario.yaml", "-n", "1", "--seed", "-1", "--quiet"),
            "--seed",
            good,
        )
    )
    add(
        Case(
            "attribute --seed -1",
            ("attribute", "scenario.yaml", "-n", "1", "--seed", "-1"),
            "--seed",
            {"scenario.yaml": BASE + "reforms: [online]\n"},
        )
    )
    return out


CASES: tuple[Case, ...] = tuple(_cases())
