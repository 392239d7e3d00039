"""Every number in a shipped scenario file is traceable (issue 4).

The rule (docs/reference/scenario-format-draft.md, "Provenance rule"): a number taken from a
policy document sits in a mapping with ``source: "<file>#L<line>"`` (003, which is one long
line, is cited by a short verbatim phrase: ``<file>#"phrase"``); a number fitted to an event log
(``simulate calibrate``) sits in a mapping with ``fitted: "<log> [columns] n=<count> <method>
..."``; every other number sits in a mapping with ``assumption: "<one-line reason>"``. A mapping inherits the citation of the
mapping that encloses it. The run-control keys (start, horizon_working_days,
warmup_working_days, replications, seed) need none.

Checked here, on the YAML node tree (``yaml.compose``, so every finding has a line number):

* every int/float scalar (not bool, not date) has a ``source`` or ``assumption`` in its own
  mapping or an enclosing one; ``p`` weights of a ``choice`` are not exempt: the choice node
  (or a mapping around it) must cite or assume them;
* every ``source`` parses as ``<file>#L<n>`` (the file is in scenarios/sources/ and has line
  ``n``, numbered as ``grep -n`` numbers them) or ``<file>#"phrase"`` (the phrase occurs
  verbatim in the file), and the file is listed in the scenario's ``documents``;
* for a citation, at least one of the numbers the citation covers (the numbers of its mapping
  that no nested mapping cites itself) is written in the cited line or phrase, as Arabic
  digits, as a percentage (0.95 -> 95%), or as a Chinese numeral for small numbers
  (一 ... 十, 两, 半, 零). A mapping that carries both ``source`` and ``assumption`` declares
  its numbers derived or assumed (the source says why the thing exists): there only the
  citation itself is checked. Legitimate exceptions go in ``NUMBER_CHECK_EXEMPT`` with the
  reason, never silently;
* each file has ``name``, ``process``, ``label``, ``documents``; names are unique; each
  ``extends:`` target exists.

This module does not import ``simulate``: it checks the files, not the loader.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SOURCES = SCENARIOS / "sources"

RUN_CONTROL = frozenset(
    {"start", "horizon_working_days", "warmup_working_days", "replications", "seed"}
)
PROCESSES = frozenset(
    {
        "company_registration",
        "power",
        "water_gas",
        "construction",
        "property_registration",
        "export_refund",
        "business_permit",
    }
)
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
CITATION = re.compile(r'^(?P<file>[\w.-]+\.txt)#(?:L(?P<line>\d+)|"(?P<phrase>[^"]+)")$')
#: ``fitted:`` provenance names the log, the columns used and the number of observations.
FITTED = re.compile(r"^\S.* \[[^\]]+\] n=\d+ \S")
PROVENANCE_KEYS = ("source", "assumption", "fitted")

# (file relative to scenarios/, key path of the citing mapping) -> why the cited line
# legitimately does not show any of the mapping's numbers. Keep it short and explained.
NUMBER_CHECK_EXEMPT: dict[tuple[str, str], str] = {}

CHINESE_SMALL: dict[float, tuple[str, ...]] = {
    0: ("零",),
    0.5: ("半",),
    1: ("一",),
    2: ("二", "两"),
    3: ("三",),
    4: ("四",),
    5: ("五",),
    6: ("六",),
    7: ("七",),
    8: ("八",),
    9: ("九",),
    10: ("十",),
}


def scenario_files() -> list[Path]:
    """Every shipped scenario file, sources/ excluded."""
    return sorted(p for p in SCENARIOS.rglob("*.yaml") if SOURCES not in p.parents and p.is_file())


@functools.cache
def source_text(name: str) -> str | None:
    path = SOURCES / name
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def source_lines(name: str) -> list[str] | None:
    """Lines of a source file, index 0 = line 1 as ``grep -n`` counts them."""
    text = source_text(name)
    if text is None:
        return None
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def _arabic(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def number_in_text(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text``: digits, a percentage or a small Chinese numeral."""
    forms = [re.escape(_arabic(value))]
    if 0 < value < 1:
        forms.append(re.escape(_arabic(round(value * 100, 6))) + r"\s*%")
    for form in forms:
        if re.search(r"(?<![\d.])" + form + r"(?!\.?\d)", text):
            return True
    return any(ch in text for ch in CHINESE_SMALL.get(value, ()))


@dataclass(frozen=True)
class Finding:
    line: int
    path: str
    message: str

    def render(self, label: str) -> str:
        return f"{label}:{self.line}: [{self.path or '<top>'}] {self.message}"


def _key_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _scalar_number(node: yaml.Node) -> float | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
        return None
    try:
        return float(node.value.replace("_", ""))
    except ValueError:  # hex/octal/sexagesimal ints: not used in scenario files
        return None


def _provenance(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {
        k.value: v
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode) and k.value in PROVENANCE_KEYS
    }


def _covered_numbers(node: yaml.Node) -> list[float]:
    """Numbers of a mapping that its own citation covers (nested citing mappings excluded)."""
    found: list[float] = []

    def walk(n: yaml.Node, top: bool) -> None:
        if isinstance(n, yaml.MappingNode):
            if not top and _provenance(n):
                return
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode) and k.value in PROVENANCE_KEYS:
                    continue
                walk(v, False)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                walk(item, False)
        else:
            num = _scalar_number(n)
            if num is not None:
                found.append(num)

    walk(node, True)
    return found


def check_citation(
    cite: str, covered: list[float], *, check_numbers: bool
) -> tuple[str | None, str | None]:
    """(problem or None, cited file or None) for one ``source`` string."""
    m = CITATION.match(cite)
    if m is None:
        return f'source {cite!r} is not <file>#L<n> or <file>#"phrase"', None
    name = m["file"]
    lines = source_lines(name)
    if lines is None:
        return f"source {cite!r}: no file {name} in scenarios/sources", None
    if m["line"] is not None:
        n = int(m["line"])
        if not 1 <= n <= len(lines):
            return f"source {cite!r}: {name} has {len(lines)} lines, no line {n}", name
        cited = lines[n - 1]
    else:
        text = source_text(name) or ""
        if m["phrase"] not in text:
            return f"source {cite!r}: phrase not found verbatim in {name}", name
        cited = m["phrase"]
    if check_numbers and covered and not any(number_in_text(v, cited) for v in covered):
        shown = ", ".join(_arabic(v) for v in covered)
        problem = f"source {cite!r}: none of the numbers it covers ({shown}) is in the cited text"
        return problem, name
    return None, name


def check_text(text: str, label: str = "<string>") -> tuple[list[Finding], set[str]]:
    """Provenance findings for one YAML document, and the source files it cites."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    findings: list[Finding] = []
    cited_files: set[str] = set()
    if root is None:
        return findings, cited_files

    def walk(node: yaml.Node, path: tuple[str | int, ...], cited: bool) -> None:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            prov = _provenance(node)
            for key, value in prov.items():
                if not isinstance(value, yaml.ScalarNode) or not value.value.strip():
                    findings.append(Finding(line, _key_path((*path, key)), f"empty {key}"))
            fit = prov.get("fitted")
            if isinstance(fit, yaml.ScalarNode) and not FITTED.match(fit.value):
                findings.append(
                    Finding(
                        fit.start_mark.line + 1,
                        _key_path(path),
                        f"fitted {fit.value!r} is not '<log> [columns] n=<count> <method> ...'",
                    )
                )
            src = prov.get("source")
            if isinstance(src, yaml.ScalarNode) and src.value.strip():
                kp = _key_path(path)
                exempt = (label, kp) in NUMBER_CHECK_EXEMPT
                problem, name = check_citation(
                    src.value,
                    _covered_numbers(node),
                    check_numbers="assumption" not in prov and not exempt,
                )
                if name:
                    cited_files.add(name)
                if problem:
                    findings.append(Finding(src.start_mark.line + 1, kp, problem))
            here = cited or any(
                isinstance(v, yaml.ScalarNode) and v.value.strip() for v in prov.values()
            )
            for key, value in node.value:
                k = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                if not path and k in RUN_CONTROL:
                    continue
                if k in PROVENANCE_KEYS:
                    continue
                walk(value, (*path, k), here)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i), cited)
        else:
            num = _scalar_number(node)
            if num is not None and not cited:
                findings.append(
                    Finding(
                        line,
                        _key_path(path),
                        f"number {node.value} has no source, assumption or fitted "
                        "in its mapping or an enclosing one",
                    )
                )

    walk(root, (), False)
    return findings, cited_files


def _rel(path: Path) -> str:
    return path.relative_to(SCENARIOS).as_posix()


FILES = scenario_files()
IDS = [_rel(p) for p in FILES]


def _load(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{_rel(path)}: top level must be a mapping"
    return data


def test_there_are_scenarios() -> None:
    assert (SCENARIOS / "example_gas.yaml").is_file()
    processes = {_load(p).get("process") for p in FILES}
    assert processes == PROCESSES, f"processes shipped: {sorted(map(str, processes))}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_number_is_traceable(path: Path) -> None:
    label = _rel(path)
    findings, cited = check_text(path.read_text(encoding="utf-8"), label)
    problems = [f.render(f"scenarios/{label}") for f in findings]
    documents = _load(path).get("documents")
    listed = {str(d) for d in documents} if isinstance(documents, list) else set()
    for name in sorted(cited - listed):
        problems.append(f"scenarios/{label}: cites {name} but its documents list lacks it")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_required_keys(path: Path) -> None:
    data = _load(path)
    label = _rel(path)
    for key in ("name", "process", "label", "documents"):
        assert data.get(key), f"{label}: missing {key}"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", str(data["name"])), f"{label}: bad name"
    assert data["process"] in PROCESSES, f"{label}: process {data['process']!r}"
    documents = data["documents"]
    assert isinstance(documents, list)
    for name in documents:
        assert (SOURCES / str(name)).is_file(), f"{label}: document {name} not in sources/"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_extends_target_exists(path: Path) -> None:
    base = _load(path).get("extends")
    if base is None:
        return
    target = (path.parent / str(base)).resolve()
    assert target.is_file(), f"{_rel(path)}: extends {base}, which does not exist"
    assert SCENARIOS in target.parents, f"{_rel(path)}: extends outside scenarios/"
    assert target != path.resolve(), f"{_rel(path)}: extends itself"


def test_names_are_unique() -> None:
    seen: dict[str, str] = {}
    for path in FILES:
        name = str(_load(path)["name"])
        assert name not in seen, f"name {name!r} in both {seen[name]} and {_rel(path)}"
        seen[name] = _rel(path)


# --- the checker itself must be able to fail -------------------------------------------


def test_uncited_number_is_reported() -> None:
    text = (
        "name: bad\n"
        "replications: 3\n"  # run control: exempt
        "steps:\n"
        "  - id: apply\n"
        "    duration: {working_hours: 2}\n"
    )
    findings, _ = check_text(text)
    assert [(f.line, f.path) for f in findings] == [(5, "steps[0].duration.working_hours")]
    assert "no source, assumption or fitted" in findings[0].message


def test_enclosing_citation_covers_and_choice_weights_need_one() -> None:
    text = (
        "desks:\n"
        "  counter: {staff: 2, assumption: two staff}\n"
        "flow:\n"
        "  - {choice: [{p: 0.3, do: a}, {p: 0.7, do: []}]}\n"
        "  - {choice: [{p: 0.3, do: b}, {p: 0.7, do: []}], assumption: share of projects}\n"
    )
    findings, _ = check_text(text)
    assert [f.path for f in findings] == ["flow[0].choice[0].p", "flow[0].choice[1].p"]


def test_wrong_line_bad_phrase_and_missing_line_are_reported() -> None:
    text = (
        'a: {working_days: 99, source: "000_f80ffa6c48ad881a.txt#L28"}\n'
        'b: {working_days: 7, source: "000_f80ffa6c48ad881a.txt#L28"}\n'
        "c: {working_hours: 3, source: '003_87c06e9262f1bed9.txt#\"一天办结\"'}\n"
        'd: {working_days: 1, source: "000_f80ffa6c48ad881a.txt#L999"}\n'
        'e: {working_days: 1, source: "nosuch.txt#L1"}\n'
        'f: {working_days: 1, source: "000_f80ffa6c48ad881a.txt line 24"}\n'
        "g: {working_hours: 3, source: '003_87c06e9262f1bed9.txt#\"半天(三小时)\"'}\n"
        'h: {per_working_day: 48.5, source: "000_f80ffa6c48ad881a.txt#L24", assumption: x}\n'
    )
    findings, cited = check_text(text)
    assert [f.path for f in findings] == ["a", "c", "d", "e", "f"]
    assert "none of the numbers" in findings[0].message
    assert "not found verbatim" in findings[1].message
    assert cited == {"000_f80ffa6c48ad881a.txt", "003_87c06e9262f1bed9.txt"}


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        (0.5, "助力企业开办压缩至0.5个工作日", True),
        (0.95, "“半日办结率”达到95%以上", True),
        (5, "台区平均停电时长 5.99 小时", False),
        (5.99, "台区平均停电时长 5.99 小时", True),
        (1, "2021年底前", False),
        (1, "压缩至1个工作日内完成", True),
        (3, "半天(三小时)", True),
        (0, "零资料", True),
        (70, "压减至 70 个工作日以内", True),
    ],
)
def test_number_in_text(value: float, text: str, expected: bool) -> None:
    assert number_in_text(value, text) is expected


def test_fitted_provenance_covers_numbers_and_is_checked() -> None:
    text = (
        "steps:\n"
        "  - id: a\n"
        "    duration: {working_hours: {median: 2.1, p90: 5}, "
        "fitted: 'log.csv [case_id, activity, end] n=812 lognormal MLE, AIC 10.2'}\n"
        "  - id: b\n"
        "    duration: {working_hours: 3, fitted: 'from the log'}\n"
        "flow:\n"
        "  - {choice: [{p: 0.3, do: a}, {p: 0.7, do: []}], fitted: 'log.csv [activity] n=9 share'}\n"
    )
    findings, _ = check_text(text)
    assert [(f.line, f.path) for f in findings] == [(5, "steps[1].duration")]
    assert "is not '<log> [columns] n=<count>" in findings[0].message
