"""Scenario comparison and reform attribution on common random numbers.

Every scenario of a comparison (and every subset of a reform bundle) runs with the same seed
and the same replication numbers. The engine's named streams then give common random numbers:
the same case draws the same duration at a step the scenarios share, so a reform's effect is
measured per replication as a paired difference and is not lost in run-to-run noise.

The objects below are the interface the command line and :mod:`simulate.plotting` build on.

``Comparison``
    ``scenarios: tuple[Scenario, ...]`` and ``results: tuple[Results, ...]``, in the same
    order, the first being the reference; ``names: tuple[str, ...]`` (scenario names, made
    unique with ``_2``, ``_3`` suffixes; a renamed scenario runs under its new name);
    ``labels`` (display labels); ``seed: int``; ``replications: int``; ``metrics`` (the
    compared metrics in table order).
    ``table(level=0.95)``: long DataFrame, columns ``metric, scenario, label, value, ci_low,
    ci_high, diff, diff_ci_low, diff_ci_high, unit``; ``scenario`` is the unique name,
    ``label`` the scenario's display label (Chinese where the file's is), ``diff`` the mean
    over replications of (scenario - reference), paired replication by replication, with its
    Student-t interval (NaN for the reference).
    ``per_replication()``: columns ``scenario, replication`` and one per compared metric.
    ``report()`` (terminal text), ``headline(metric=...)`` (the sentence a proposal quotes),
    ``__repr__``, ``_repr_html_``.

``Attribution``
    ``metric``, ``label`` (readable metric name), ``unit``, ``base_value`` (no reform),
    ``full_value`` (whole bundle), ``seed``, ``replications``, ``level``;
    ``contributions``: one row per reform (or group) in bundle order, columns ``reform``
    (name), ``label`` (Chinese), ``params``, ``value`` (Shapley contribution in metric units,
    negative = saves), ``ci_low``, ``ci_high`` (over replications), ``alone`` (the reform's
    effect on its own) and ``added_last`` (its effect added to all the others);
    ``subsets``: one row per subset, ``reforms`` (tuple of names), ``value``, ``ci_low``,
    ``ci_high``, the empty subset first and the whole bundle last; ``per_replication``:
    ``reform, replication, value``. ``report()``, ``__repr__``, ``_repr_html_``.

>>> cmp = sim.compare([baseline, reformed], replications=20, seed=1)   # doctest: +SKIP
>>> print(cmp.headline())                                               # doctest: +SKIP
>>> att = sim.attribute(base, [("parallel_approval", {"steps": ["a", "b"]}),
...                            ("online", {"steps": ["apply"]})])       # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import html
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from simulate.errors import ScenarioError, SimulateError
from simulate.experiment import ExecutorName, fresh_seed, progress_bar, run, show_progress
from simulate.outputs import atomic_dir
from simulate.report import metric_name
from simulate.results import METRIC_UNITS, Results, metric_unit
from simulate.scenario.model import Scenario
from simulate.scenario.reforms import REFORMS, apply_reform
from simulate.stats import mean_ci
from simulate.textfmt import align, display_width

#: Columns of :meth:`Comparison.table`.
TABLE_COLUMNS = ("metric", "scenario", "label", "value", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "unit")  # fmt: skip

#: Metrics a comparison reports, in order; threshold shares are inserted after the on-time rate.
COMPARED_METRICS = (
    "mean_elapsed_working_days",
    "median_elapsed_working_days",
    "p90_elapsed_working_days",
    "mean_elapsed_natural_days",
    "median_elapsed_natural_days",
    "p90_elapsed_natural_days",
    "on_time_rate",
    "throughput_per_working_day",
    "busiest_desk_utilisation",
    "visits_per_case",
)

#: Most players (reforms or groups) an attribution takes: 2**6 = 64 subsets to run.
MAX_PLAYERS = 6

MINUS = "\u2212"


# -- comparison -----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Comparison:
    """Scenarios run on common random numbers; the first is the reference.

    Made by :func:`compare` (which runs the scenarios) or :meth:`from_results`.
    """

    scenarios: tuple[Scenario, ...]
    results: tuple[Results, ...]
    names: tuple[str, ...]
    seed: int
    replications: int
    digests: tuple[str, ...] = ()  # of the scenarios as given, before any renaming

    @classmethod
    def from_results(cls, results: Sequence[Results]) -> Comparison:
        """A comparison of runs made earlier with one seed and one replication count."""
        runs = tuple(results)
        if not runs:
            raise SimulateError("a comparison needs at least one scenario's results")
        if len({(r.meta.seed, r.meta.replications) for r in runs}) > 1:
            got = "; ".join(
                f"{r.meta.scenario}: seed {r.meta.seed}, {r.meta.replications} replications"
                for r in runs
            )
            raise SimulateError(
                f"paired differences need runs made with the same seed and replications; got {got}. "
                "Use sim.compare(...), or sim.run(..., seed=S, replications=N) for each"
            )
        scenarios = tuple(r.scenario for r in runs)
        names = unique_names(s.name for s in scenarios)
        digests = tuple(s.digest() for s in scenarios)
        return cls(scenarios, runs, names, runs[0].meta.seed, runs[0].meta.replications, digests)

    # -- data ---------------------------------------------------------------------------
    @cached_property
    def _frames(self) -> tuple[pd.DataFrame, ...]:
        idx = pd.RangeIndex(self.replications, name="replication")
        return tuple(r.replication_metrics().reindex(idx) for r in self.results)

    @cached_property
    def metrics(self) -> tuple[str, ...]:
        """Compared metrics in table order; those undefined in every scenario are left out."""
        shares: list[str] = []
        for f in self._frames:
            shares += [c for c in f.columns if c.startswith("share_within_") and c not in shares]
        names = [*COMPARED_METRICS[:7], *shares, *COMPARED_METRICS[7:]]
        defined = [m for m in names if any(m in f and f[m].notna().any() for f in self._frames)]
        return tuple(defined)

    @property
    def labels(self) -> tuple[str, ...]:
        """Display labels of the scenarios (the name where a scenario has none)."""
        return tuple(s.label or n for s, n in zip(self.scenarios, self.names, strict=True))

    def _column(self, i: int, metric: str) -> np.ndarray:
        frame = self._frames[i]
        if metric not in frame.columns:
            return np.full(self.replications, np.nan)
        return np.asarray(frame[metric].to_numpy(dtype=float))

    def table(self, level: float = 0.95) -> pd.DataFrame:
        """Each metric per scenario with its interval, and the paired difference to the reference.

        Parameters
        ----------
        level
            Confidence level of the Student-t intervals over replications.

        Returns
        -------
        pandas.DataFrame
            One row per (metric, scenario), columns :data:`TABLE_COLUMNS`.
        """
        rows = []
        for metric in self.metrics:
            ref = self._column(0, metric)
            for i, (name, label) in enumerate(zip(self.names, self.labels, strict=True)):
                x = self._column(i, metric)
                diff = (math.nan,) * 3 if i == 0 else mean_ci(x - ref, level)
                rows.append((metric, name, label, *mean_ci(x, level), *diff, metric_unit(metric)))
        return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))

    def per_replication(self) -> pd.DataFrame:
        """One row per (scenario, replication), one column per compared metric."""
        parts = []
        for i, name in enumerate(self.names):
            part = pd.DataFrame({m: self._column(i, m) for m in self.metrics})
            part.insert(0, "replication", np.arange(self.replications))
            part.insert(0, "scenario", name)
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def metric_label(self, metric: str) -> str:
        """Readable name of a metric (a threshold's label from the scenario that has it)."""
        for r in self.results:
            if any(metric == f"share_within_{d:g}_working_days" for d, _, _ in r.meta.thresholds):
                return metric_name(metric, r)
        return metric_name(metric, self.results[0])

    # -- text ---------------------------------------------------------------------------
    def headline(
        self,
        metric: str = "p90_elapsed_working_days",
        scenario: str | int | None = None,
        level: float = 0.95,
    ) -> str:
        """The sentence a proposal quotes, one line per scenario compared with the reference.

        For example: "With 并联审批 and 容缺受理, 90% of cases finish within 5.1 working days
        instead of 9.4 (P90, 95% CI of the difference −4.6 to −4.0)."

        Parameters
        ----------
        metric
            One of :attr:`metrics`.
        scenario
            Name or position of one scenario; default every scenario but the reference.
        level
            Confidence level of the interval of the difference.
        """
        if len(self.names) < 2:
            raise SimulateError("a headline compares scenarios: give compare() at least two")
        if metric not in self.metrics:
            hint = _did_you_mean(metric, self.metrics)
            raise SimulateError(f"metric {metric!r} is not in this comparison{hint}")
        if scenario is None:
            picks = list(range(1, len(self.names)))
        elif isinstance(scenario, int):
            picks = [scenario]
        elif scenario in self.names:
            picks = [self.names.index(scenario)]
        else:
            raise SimulateError(f"no scenario named {scenario!r}; names: {', '.join(self.names)}")
        table = self.table(level).set_index(["metric", "scenario"])
        ref = table.loc[(metric, self.names[0])]
        rows = [(i, table.loc[(metric, self.names[i])]) for i in picks]
        return "\n".join(self._sentence(metric, i, row, ref, level) for i, row in rows)

    def _sentence(self, metric: str, i: int, row: pd.Series, ref: pd.Series, level: float) -> str:
        share = metric_unit(metric) == "share"
        scale, pct, points = (100.0, "%", " percentage points") if share else (1.0, "", "")
        v, r = scale * float(row["value"]), scale * float(ref["value"])
        lo, hi = scale * float(row["diff_ci_low"]), scale * float(row["diff_ci_high"])
        d = _decimals((v, r), (lo, hi))
        label = self.metric_label(metric)
        body, tag = _phrase(metric, f"{_num(v, d)}{pct}", f"{_num(r, d)}{pct}", label)
        prefix = _reform_phrase(self.scenarios[i], self.scenarios[0])
        if not prefix:
            prefix, body = f"in {self.labels[i]}", f"{body} in {self.labels[0]}"
        if math.isnan(lo):
            ci = "one replication: no interval"
        else:
            ci = f"{level:.0%} CI of the difference {_num(lo, d, sign=True)} to "
            ci += f"{_num(hi, d, sign=True)}{points}"
            if not significant(lo, hi):
                ci += ": not significant"
        return f"{prefix[0].upper()}{prefix[1:]}, {body} ({tag}, {ci})."

    def _cells(self, level: float, keys: Sequence[str]) -> tuple[list[list[str]], list[list[bool]]]:
        """A header row (``keys`` name the scenarios) and one row per metric; significant cells."""
        n = len(self.names)
        grid = [["metric", *keys, *(f"{k} - {keys[0]}" for k in keys[1:])]]
        marks = [[False] * (2 * n)]
        table = self.table(level).set_index(["metric", "scenario"])
        for metric in self.metrics:
            unit = metric_unit(metric)
            rows = [table.loc[(metric, name)] for name in self.names]
            cells = [self.metric_label(metric)]
            cells += [_cell(r["value"], r["ci_low"], r["ci_high"], unit) for r in rows]
            cells += [
                _cell(r["diff"], r["diff_ci_low"], r["diff_ci_high"], unit, True) for r in rows[1:]
            ]
            grid.append(cells)
            flags = [significant(r["diff_ci_low"], r["diff_ci_high"]) for r in rows[1:]]
            marks.append([False] * (n + 1) + flags)
        return grid, marks

    def report(self, level: float = 0.95) -> str:
        """The comparison as aligned terminal text; significant differences are marked ``*``.

        Scenarios are columns A, B, C ... (the reference is A), named in a legend above the
        table, so the table stays narrow whatever the scenarios are called.
        """
        n = len(self.names)
        keys = [_key(i) for i in range(n)]
        grid, marks = self._cells(level, keys)
        for cells, flags in zip(grid, marks, strict=True):
            for j in range(n + 1, len(cells)):
                cells[j] += " *" if flags[j] else "  "
        legend = [
            [f"  {k}", name, label if label != name else ""]
            for k, name, label in zip(keys, self.names, self.labels, strict=True)
        ]
        legend[0][2] += " (reference)" if legend[0][2] else "(reference)"
        lines = [
            f"Comparison of {n} scenario{'s' if n != 1 else ''}: {self.replications} replications "
            f"each, seed {self.seed}, common random numbers",
            *(line.rstrip() for line in align(legend, right=())),
            "",
            *align(grid),
            "",
        ]
        if n > 1:
            lines.append(
                f"* the {level:.0%} interval of the paired difference excludes 0 (significant)"
            )
            if "p90_elapsed_working_days" in self.metrics:
                lines += ["", self.headline(level=level)]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return (
            f"<Comparison of {len(self.names)} scenarios ({', '.join(self.names)}): "
            f"{self.replications} replications, seed={self.seed}>"
        )

    def _repr_html_(self) -> str:
        grid, marks = self._cells(0.95, self.names)
        ref = self.names[0]
        labels = ["", *self.labels, *([f"vs {ref}"] * (len(self.names) - 1))]
        e = html.escape
        out = [f"<p><b>{e(repr(self))}</b></p>", "<table>", "<thead>"]
        out += [
            "<tr>" + "".join(f"<th>{e(c)}</th>" for c in row) + "</tr>" for row in (grid[0], labels)
        ]
        out.append("</thead><tbody>")
        for row, flags in zip(grid[1:], marks[1:], strict=True):
            cells = "".join(
                f"<td><b>{e(c)}</b></td>" if f else f"<td>{e(c)}</td>"
                for c, f in zip(row[1:], flags[1:], strict=True)
            )
            out.append(f"<tr><th>{e(row[0])}</th>{cells}</tr>")
        out.append("</tbody></table>")
        if len(self.names) > 1:
            out.append("<p>Bold: the 95% interval of the paired difference excludes 0.</p>")
            if "p90_elapsed_working_days" in self.metrics:
                out += [f"<p>{e(line)}</p>" for line in self.headline().splitlines()]
        return "\n".join(out)


def compare(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    *,
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: ExecutorName | Executor = "serial",
    progress: bool | None = None,
    horizon_working_days: float | None = None,
    warmup_working_days: float | None = None,
) -> Comparison:
    """Run scenarios on common random numbers and compare each with the first.

    Parameters
    ----------
    scenarios
        Scenarios or scenario files; the first is the reference. Clashing names get ``_2``,
        ``_3`` suffixes.
    replications
        Replications of every scenario; default the first scenario's.
    seed
        One seed for all; default the first scenario's, else fresh (and recorded).
    jobs, executor
        As for :func:`simulate.run`; one process pool serves every scenario.
    progress
        One bar over scenarios x replications; default on in a terminal or notebook, off
        under CI or in a pipe.
    horizon_working_days, warmup_working_days
        Override every scenario's run length and warm-up.

    Returns
    -------
    Comparison
    """
    from simulate.scenario.loader import load_scenario  # only for paths

    given = [s if isinstance(s, Scenario) else load_scenario(Path(s)) for s in scenarios]
    if not given:
        raise SimulateError("compare() needs at least one scenario")
    names = unique_names(s.name for s in given)
    digests = tuple(s.digest() for s in given)
    runs = tuple(
        s if s.name == n else s.with_changes(name=n) for s, n in zip(given, names, strict=True)
    )
    n_reps, seed_used = _reps_and_seed(runs[0], replications, seed)
    lengths = {
        "horizon_working_days": horizon_working_days,
        "warmup_working_days": warmup_working_days,
    }
    with _progress(progress, len(runs) * n_reps, "compare") as tick, _pool(executor, jobs) as ex:
        results = tuple(
            run(
                s,
                replications=n_reps,
                seed=seed_used,
                jobs=jobs,
                executor=ex,
                progress=False,
                on_progress=tick,
                **lengths,
            )
            for s in runs
        )
    return Comparison(runs, results, names, seed_used, n_reps, digests)


def write_comparison(
    cmp: Comparison, out: str | os.PathLike[str], *, excel: bool = True
) -> list[Path]:
    """Write a comparison's tables, text report and manifest into a folder, all or nothing.

    Files: ``comparison.csv`` (:meth:`Comparison.table`), ``per_replication.csv``,
    ``comparison.txt`` (the report), ``comparison.xlsx`` (sheets ``comparison``,
    ``per_replication``, ``manifest``) and ``manifest.json``. Returns the paths written.
    """
    written: list[str] = []
    with atomic_dir(Path(out)) as tmp:
        table, per_rep, info = cmp.table(), cmp.per_replication(), comparison_manifest(cmp)
        table.to_csv(tmp / "comparison.csv", index=False)
        per_rep.to_csv(tmp / "per_replication.csv", index=False)
        (tmp / "comparison.txt").write_text(cmp.report(), encoding="utf-8")
        text = json.dumps(info, ensure_ascii=False, indent=2, default=str)
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
        if excel:
            sheet = table.copy()
            sheet.insert(1, "meaning", [cmp.metric_label(m) for m in sheet["metric"]])
            flat = {k: v for k, v in info.items() if k != "scenarios"}
            for i, entry in enumerate(_scenario_entries(cmp)):
                flat.update({f"scenarios[{i}].{k}": v for k, v in entry.items()})
            keys = pd.DataFrame(list(flat.items()), columns=["key", "value"]).astype(str)
            with pd.ExcelWriter(tmp / "comparison.xlsx", engine="openpyxl") as xl:
                sheet.to_excel(xl, sheet_name="comparison", index=False)
                per_rep.to_excel(xl, sheet_name="per_replication", index=False)
                keys.to_excel(xl, sheet_name="manifest", index=False)
        written = [str(p.relative_to(tmp)) for p in sorted(tmp.rglob("*")) if p.is_file()]
    return [Path(out) / w for w in written]


def comparison_manifest(cmp: Comparison) -> dict[str, object]:
    """What reproduces a comparison: each scenario's name, digest and file; seed; version."""
    files = " ".join(s.path or "<scenario>" for s in cmp.scenarios)
    return {
        "kind": "comparison",
        "reference": cmp.names[0],
        "scenarios": _scenario_entries(cmp),
        "seed": cmp.seed,
        "replications": cmp.replications,
        "version": cmp.results[0].meta.version,
        "command": f"simulate compare {files} --replications {cmp.replications} --seed {cmp.seed}",
    }


def _scenario_entries(cmp: Comparison) -> list[dict[str, object]]:
    digests = cmp.digests or tuple(s.digest() for s in cmp.scenarios)
    return [
        {
            "name": n,
            "label": s.label,
            "digest": d,
            "path": s.path,
            "reforms": [r.name for r in s.reforms],
        }
        for n, s, d in zip(cmp.names, cmp.scenarios, digests, strict=True)
    ]


# -- attribution ----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Attribution:
    """How much of a metric each reform of a bundle buys: Shapley values on common random numbers."""

    metric: str
    label: str
    unit: str
    base_value: float
    full_value: float
    contributions: pd.DataFrame
    subsets: pd.DataFrame
    per_replication: pd.DataFrame
    seed: int
    replications: int
    level: float = 0.95

    def _grid(self) -> list[list[str]]:
        def row(label: str, name: str, r: pd.Series, diff: bool) -> list[str]:
            ci = (
                ""
                if math.isnan(r["ci_low"])
                else f"[{_fmt(r['ci_low'], self.unit, diff)}, {_fmt(r['ci_high'], self.unit, diff)}]"
            )
            extra = (
                [_fmt(r["alone"], self.unit, True), _fmt(r["added_last"], self.unit, True)]
                if diff
                else ["", ""]
            )
            return [label, name, _fmt(r["value"], self.unit, diff), ci, *extra]

        grid = [["", "", "value", f"{self.level:.0%} CI", "alone", "added last"]]
        grid.append(row("baseline", "(no reform)", self.subsets.iloc[0], False))
        grid += [row(r["label"], r["reform"], r, True) for _, r in self.contributions.iterrows()]
        grid.append(row("all reforms", "", self.subsets.iloc[-1], False))
        return grid

    def _title(self) -> str:
        return (
            f"Reform attribution: {self.label} (Shapley values over {len(self.subsets)} subsets, "
            f"{self.replications} replications, seed {self.seed}, common random numbers)"
        )

    def report(self) -> str:
        """Each reform's contribution with its interval, from baseline to the whole bundle."""
        total = _fmt(self.full_value - self.base_value, self.unit, True)
        lines = [self._title(), "", *align(self._grid(), right=(2, 4, 5)), ""]
        lines.append(f"contributions sum to all reforms - baseline = {total} in every replication;")
        lines.append("negative values save; 'alone' and 'added last' differ where reforms interact")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        names = ", ".join(self.contributions["reform"])
        return (
            f"<Attribution of {self.metric} to {names}: "
            f"{self.base_value:.3g} -> {self.full_value:.3g} {self.unit}>"
        )

    def _repr_html_(self) -> str:
        e = html.escape
        head, *rows = self._grid()
        out = [f"<p><b>{e(self._title())}</b></p>", "<table>"]
        out.append(
            "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>"
        )
        out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        out.append("</tbody></table>")
        return "\n".join(out)


class _Player(NamedTuple):
    """One reform, or a group of reforms counted together."""

    name: str
    label: str
    members: tuple[int, ...]  # positions in the bundle


def attribute(
    base: Scenario,
    reforms: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    metric: str = "mean_elapsed_working_days",
    replications: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    executor: ExecutorName | Executor = "serial",
    progress: bool | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    level: float = 0.95,
) -> Attribution:
    """Split a bundle's effect on a metric between its reforms (exact Shapley values).

    Every subset of the bundle (2**k scenarios) runs on common random numbers, each applying
    its reforms in the bundle's order. Shapley values are computed per replication, so in
    each replication the contributions sum to (all reforms) - (no reform); their means are
    reported with Student-t intervals.

    Parameters
    ----------
    base
        The scenario without the bundle.
    reforms
        The bundle: ``(name, params)`` pairs of registered reforms, applied in this order.
        A name that occurs twice is reported as ``name_2``.
    metric
        A column of :meth:`Results.replication_metrics`, e.g. ``p90_elapsed_working_days``.
    replications, seed, jobs, executor, progress
        As for :func:`compare`; the bar runs over subsets x replications.
    groups
        Reforms to count as one player, ``{"group name": ["reform", ...]}``: reforms that only
        work together, or a bundle of more than six.
    level
        Confidence level of the intervals.

    Raises
    ------
    ScenarioError
        The whole bundle cannot be applied to ``base``.
    SimulateError
        More than six players, an unknown metric, or a subset that cannot be applied
        because one reform needs another.
    """
    bundle = [(str(n), dict(p)) for n, p in reforms]
    if not bundle:
        raise SimulateError("attribute() needs at least one reform in the bundle")
    keys = unique_names(n for n, _ in bundle)
    players = _players(bundle, keys, groups or {})
    k = len(players)
    if k > MAX_PLAYERS:
        raise SimulateError(
            f"{k} reforms make 2^{k} = {2**k} subsets to simulate; attribution takes at most "
            f"{MAX_PLAYERS}. Count reforms that belong together as one (in Python: "
            "sim.attribute(..., groups={'name': ['reform_a', 'reform_b']})), or move some into "
            "the base scenario and attribute the rest"
        )
    known = [m for m in METRIC_UNITS if m != "cases"]
    known += [f"share_within_{t.working_days:g}_working_days" for t in base.thresholds]
    known += [f"utilisation:{d.id}" for d in base.desks]
    if metric not in known:
        raise SimulateError(
            f"unknown metric {metric!r}{_did_you_mean(metric, known)}; known: {', '.join(known)}"
        )
    owner = {i: j for j, p in enumerate(players) for i in p.members}
    try:
        _subset(base, bundle, owner, (1 << k) - 1)
    except _SubsetError as failure:
        raise failure.error from None  # the bundle itself is wrong: the reform's own message
    scenarios = []
    for mask in range(1 << k):
        try:
            scenarios.append(_subset(base, bundle, owner, mask))
        except _SubsetError as failure:
            raise _dependency_error(failure, keys, owner, mask) from None
    n_reps, seed_used = _reps_and_seed(base, replications, seed)
    values = np.empty((1 << k, n_reps))
    with (
        _progress(progress, len(scenarios) * n_reps, "attribute") as tick,
        _pool(executor, jobs) as ex,
    ):
        for mask, s in enumerate(scenarios):
            res = run(
                s,
                replications=n_reps,
                seed=seed_used,
                jobs=jobs,
                executor=ex,
                progress=False,
                on_progress=tick,
            )
            frame = res.replication_metrics().reindex(pd.RangeIndex(n_reps))
            values[mask] = frame[metric].to_numpy(dtype=float) if metric in frame else np.nan
            if np.isnan(values[mask]).all():
                which = (
                    ", ".join(p.name for j, p in enumerate(players) if mask >> j & 1) or "no reform"
                )
                raise SimulateError(
                    f"metric {metric!r} is undefined in every replication with {which} "
                    "(no time limit, no such desk, or no case finished after the warm-up)"
                )
    return _attribution(metric, bundle, players, values, seed_used, level)


def shapley(values: np.ndarray) -> np.ndarray:
    """Exact Shapley values of a game given per subset and per replication.

    Parameters
    ----------
    values
        ``values[mask, r]``: the metric in replication ``r`` with the players whose bits are
        set in ``mask`` (2**k rows).

    Returns
    -------
    numpy.ndarray
        ``phi[player, r]``, with ``phi[:, r].sum() == values[-1, r] - values[0, r]``.
    """
    n_sub = values.shape[0]
    k = n_sub.bit_length() - 1
    if n_sub != 1 << k or k < 1:
        raise ValueError(f"values need 2**k rows (k >= 1), got {n_sub}")
    weight = [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)]
    phi = np.zeros((k, values.shape[1]))
    for i in range(k):
        for mask in range(n_sub):
            if not mask >> i & 1:
                phi[i] += weight[mask.bit_count()] * (values[mask | 1 << i] - values[mask])
    return phi


def _players(
    bundle: list[tuple[str, dict[str, Any]]],
    keys: tuple[str, ...],
    groups: Mapping[str, Sequence[str]],
) -> list[_Player]:
    """The players in bundle order: each reform, with grouped reforms merged into one."""
    owner: dict[int, str] = {}
    for group, names in groups.items():
        for m in names:
            if m not in keys:
                raise SimulateError(
                    f"group {group!r} names {m!r}, which is not in the bundle ({', '.join(keys)})"
                )
            if keys.index(m) in owner:
                raise SimulateError(
                    f"reform {m!r} is in two groups: {owner[keys.index(m)]!r} and {group!r}"
                )
            owner[keys.index(m)] = group
    members: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        members.setdefault(owner.get(i, key), []).append(i)
    counts = Counter(n for n, _ in bundle)
    labels = [_entry_label(n, p, counts[n] > 1) for n, p in bundle]
    return [
        _Player(name, " + ".join(labels[i] for i in idx), tuple(idx))
        for name, idx in members.items()
    ]


def _entry_label(name: str, params: Mapping[str, Any], repeated: bool) -> str:
    """The Chinese label of a bundle entry; a reform used twice is told apart by its parameters."""
    label = _reform_label(name)
    if not repeated:
        return label
    if isinstance(params.get("label"), str) and params["label"]:
        return str(params["label"])  # e.g. joint_review's 多评合一
    detail = _params_text(params)
    return f"{label} ({detail})" if detail else label


def _params_text(params: Mapping[str, Any]) -> str:
    """Parameters as compact text, without provenance (source, assumption)."""
    shown = {k: v for k, v in params.items() if k not in ("source", "assumption")}
    return ", ".join(
        f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in shown.items()
    )


class _SubsetError(Exception):
    """A reform of a subset could not be applied: its position in the bundle, and why."""

    def __init__(self, index: int, error: ScenarioError) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


def _subset(
    base: Scenario, bundle: list[tuple[str, dict[str, Any]]], owner: dict[int, int], mask: int
) -> Scenario:
    """The base with the reforms of the players in ``mask`` applied, in bundle order."""
    s = base
    for i, (name, params) in enumerate(bundle):
        if mask >> owner[i] & 1:
            try:
                s = apply_reform(s, name, **params)
            except ScenarioError as err:
                raise _SubsetError(i, err) from None
    return s.with_changes(name=base.name)


def _dependency_error(
    failure: _SubsetError, keys: tuple[str, ...], owner: dict[int, int], mask: int
) -> SimulateError:
    failed = keys[failure.index]
    left_out = [x for i, x in enumerate(keys) if not mask >> owner[i] & 1]
    before = [x for x in left_out if keys.index(x) < failure.index] or left_out
    problem = failure.error.problems[0].message if failure.error.problems else str(failure.error)
    together = ", ".join(repr(x) for x in (*before, failed))
    return SimulateError(
        f"reform {failed!r} cannot be applied without {', '.join(map(repr, before))} ({problem}). "
        "Attribution runs every subset of the bundle, so a reform that needs another must count "
        f"together with it: attribute(..., groups={{'name': [{together}]}}), or put the reform "
        "it needs into the base scenario"
    )


def _attribution(
    metric: str,
    bundle: list[tuple[str, dict[str, Any]]],
    players: list[_Player],
    values: np.ndarray,
    seed: int,
    level: float,
) -> Attribution:
    phi = shapley(values)
    full = values.shape[0] - 1
    rows = []
    for j, p in enumerate(players):
        params = "; ".join(f"{bundle[i][0]}: {{{_params_text(bundle[i][1])}}}" for i in p.members)
        alone = float(np.nanmean(values[1 << j] - values[0]))
        last = float(np.nanmean(values[full] - values[full & ~(1 << j)]))
        rows.append((p.name, p.label, params, *mean_ci(phi[j], level), alone, last))
    columns = ["reform", "label", "params", "value", "ci_low", "ci_high", "alone", "added_last"]
    subsets = pd.DataFrame(
        [
            (tuple(p.name for j, p in enumerate(players) if m >> j & 1), *mean_ci(values[m], level))
            for m in range(full + 1)
        ],
        columns=["reforms", "value", "ci_low", "ci_high"],
    )
    n_reps = values.shape[1]
    per_rep = pd.DataFrame(
        {
            "reform": np.repeat([p.name for p in players], n_reps),
            "replication": np.tile(np.arange(n_reps), len(players)),
            "value": phi.ravel(),
        }
    )
    return Attribution(
        metric=metric,
        label=metric_name(metric),
        unit=metric_unit(metric),
        base_value=float(subsets["value"].iloc[0]),
        full_value=float(subsets["value"].iloc[-1]),
        contributions=pd.DataFrame(rows, columns=columns),
        subsets=subsets,
        per_replication=per_rep,
        seed=seed,
        replications=n_reps,
        level=level,
    )


# -- shared helpers -------------------------------------------------------------------------
def unique_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names made unique by suffixing ``_2``, ``_3`` ... to repeats."""
    out: list[str] = []
    for name in names:
        new, n = name, 1
        while new in out:
            n += 1
            new = f"{name}_{n}"
        out.append(new)
    return tuple(out)


def significant(lo: float, hi: float) -> bool:
    """True when the interval [lo, hi] excludes 0."""
    return bool(not (math.isnan(lo) or math.isnan(hi)) and (lo > 0 or hi < 0))


def _key(i: int) -> str:
    """Column key of the i-th scenario in a report: A, B, ... Z, S27, S28 ..."""
    return chr(ord("A") + i) if i < 26 else f"S{i + 1}"


def _reps_and_seed(first: Scenario, replications: int | None, seed: int | None) -> tuple[int, int]:
    n = int(replications if replications is not None else first.replications)
    if n < 1:
        raise SimulateError(f"replications must be >= 1, got {n}")
    if seed is None:
        seed = first.seed if first.seed is not None else fresh_seed()
    return n, int(seed)


@contextmanager
def _progress(progress: bool | None, total: int, desc: str) -> Iterator[Callable[[int, int], None]]:
    """A callback for :func:`run` that advances one bar by a replication (no-op when off)."""
    if not show_progress(progress) or total <= 1:
        yield lambda done, total: None
        return
    bar = progress_bar(total, desc)
    try:
        yield lambda done, total: bar.update(1)
    finally:
        bar.close()


@contextmanager
def _pool(executor: ExecutorName | Executor, jobs: int | None) -> Iterator[ExecutorName | Executor]:
    """One process pool for every run (not one per scenario), else the executor as given."""
    if executor != "process" or (jobs is not None and jobs <= 1):
        yield executor
        return
    import multiprocessing  # as in simulate.experiment: spawn, never the global start method

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count(), mp_context=ctx) as pool:
        yield pool


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def _reform_label(name: str) -> str:
    r = REFORMS.get(name)
    return r.label if r is not None and r.label else name


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _reform_phrase(s: Scenario, ref: Scenario) -> str:
    """'with 并联审批 and 容缺受理': the reforms one scenario has and the reference lacks (or '')."""
    mine, theirs = [r.name for r in s.reforms], [r.name for r in ref.reforms]
    added = list(dict.fromkeys(_reform_label(n) for n in mine if n not in theirs))
    dropped = list(dict.fromkeys(_reform_label(n) for n in theirs if n not in mine))
    parts = ([f"with {_join(added)}"] if added else []) + (
        [f"without {_join(dropped)}"] if dropped else []
    )
    return " and ".join(parts)


def _phrase(metric: str, v: str, r: str, label: str) -> tuple[str, str]:
    """(sentence body, short tag), e.g. ('90% of cases finish within 5.1 working days instead of 9.4', 'P90')."""
    for stat, who, tag in (
        ("median", "half of the cases", "median"),
        ("p90", "90% of cases", "P90"),
        ("p95", "95% of cases", "P95"),
    ):
        for clock in ("working", "natural"):
            if metric == f"{stat}_elapsed_{clock}_days":
                return f"{who} finish within {v} {clock} days instead of {r}", tag
    for clock in ("working", "natural"):
        if metric == f"mean_elapsed_{clock}_days":
            return f"a case takes {v} {clock} days on average instead of {r}", "mean"
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        return f"{v} of cases finish within {days} working days instead of {r}", label
    if metric.startswith("utilisation:"):
        return (
            f"desk {metric.split(':', 1)[1]} is busy {v} of its office time instead of {r}",
            "utilisation",
        )
    phrases = {
        "on_time_rate": (f"{v} of cases finish on time instead of {r}", "on-time rate"),
        "throughput_per_working_day": (
            f"{v} cases are finished per working day instead of {r}",
            "throughput",
        ),
        "busiest_desk_utilisation": (
            f"the busiest desk is busy {v} of its office time instead of {r}",
            "utilisation",
        ),
        "visits_per_case": (f"a case needs {v} in-person visits instead of {r}", "visits per case"),
    }
    return phrases.get(metric, (f"{label} is {v} instead of {r}", label))


def _decimals(*pairs: tuple[float, float]) -> int:
    """Fewest decimals (1 to 3) that keep each pair of different numbers apart."""
    for d in (1, 2, 3):
        if all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or round(a, d) != round(b, d)
            for a, b in pairs
            if not (math.isnan(a) or math.isnan(b))
        ):
            return d
    return 3


def _num(x: float, decimals: int, *, sign: bool = False) -> str:
    """A number for a sentence, with a true minus sign; ``sign`` adds + to positives."""
    text = f"{x:+.{decimals}f}" if sign else f"{x:.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    return text.replace("-", MINUS)


def _fmt(x: float, unit: str, diff: bool = False) -> str:
    """A value for a table cell: shares in %, differences of shares in percentage points."""
    if math.isnan(x):
        return "n/a"
    sign = "+" if diff else ""
    if unit == "share":
        return f"{100 * x:{sign}.1f}" + (" pp" if diff else "%")
    return f"{x:{sign}.2f}"


def _cell(value: float, lo: float, hi: float, unit: str, diff: bool = False) -> str:
    text = _fmt(value, unit, diff)
    if math.isnan(lo) or math.isnan(hi):
        return text
    return f"{text} [{_fmt(lo, unit, diff)}, {_fmt(hi, unit, diff)}]"


__all__ = [
    "COMPARED_METRICS",
    "MAX_PLAYERS",
    "TABLE_COLUMNS",
    "Attribution",
    "Comparison",
    "align",
    "attribute",
    "compare",
    "comparison_manifest",
    "display_width",
    "shapley",
    "significant",
    "unique_names",
    "write_comparison",
]
