"""The result of a paired comparison: its tables, terminal report, notebook view and headline.

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

A comparison is made by :func:`simulate.experiments.compare.compare`, which runs the
scenarios, or by :meth:`Comparison.from_results` from runs made earlier.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from simulate.errors import ScenarioError, SimulateError, did_you_mean
from simulate.experiments.paired import reform_label, unique_names
from simulate.results import Results, metric_unit
from simulate.results.metrics import metric_name
from simulate.results.results import class_limits_text, on_time_label
from simulate.results.verdicts import default_metric
from simulate.scenario.model import Scenario
from simulate.stats import mean_ci
from simulate.strings import text
from simulate.textfmt import align, cell_with_interval, decimals_apart, sentence_number

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
    "mean_counted_working_days",
    "p90_counted_working_days",
    "on_time_rate",
    "throughput_per_working_day",
    "busiest_desk_utilisation",
    "visits_per_case",
)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Scenarios run on common random numbers; the first is the reference.

    Made by :func:`simulate.experiments.compare.compare` (which runs the scenarios) or
    :meth:`from_results`.
    """

    scenarios: tuple[Scenario, ...]
    results: tuple[Results, ...]
    names: tuple[str, ...]
    seed: int
    replications: int
    digests: tuple[str, ...] = ()  # of the scenarios as given, before any renaming
    #: The common limit every scenario's on-time share is judged against (working days);
    #: None: the reference scenario's own limit.
    limit: float | None = None

    def __post_init__(self) -> None:
        check_limit(self.limit)

    @property
    def common_limit(self) -> float | None:
        """The one limit every scenario's ``on_time_rate`` is counted against (or None).

        None when the reference has no limit, or an average limit (平均: judged on the
        mean, never as an on-time share), and no ``limit`` was given.
        """
        if self.limit is not None:
            return self.limit
        reference = self.scenarios[0]
        if reference.time_limit_statistic == "mean":
            return None
        return reference.time_limit_working_days

    @property
    def limit_source(self) -> str:
        """Where the common limit comes from, in words."""
        if self.limit is not None:
            return text("compare.limit_given")
        return text("compare.limit_reference", name=self.names[0])

    @classmethod
    def from_results(cls, results: Sequence[Results], limit: float | None = None) -> Comparison:
        """A comparison of runs made earlier with one seed and one replication count.

        ``limit``: the common limit in working days (default the first run's own limit).
        """
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
        seed, reps = runs[0].meta.seed, runs[0].meta.replications
        return cls(scenarios, runs, names, seed, reps, digests, limit)

    # -- data ---------------------------------------------------------------------------
    @cached_property
    def _frames(self) -> tuple[pd.DataFrame, ...]:
        """Per-replication metrics; ``on_time_rate`` is the share within the common limit."""
        idx = pd.RangeIndex(self.replications, name="replication")
        common = self.common_limit
        frames = []
        for r in self.results:
            frame = r.replication_metrics().reindex(idx)
            if common is None:
                frame = frame.drop(columns=["on_time_rate"], errors="ignore")
            else:  # the reference's limits per class, when it has them (no ``limit`` given)
                by = () if self.limit is not None else self.scenarios[0].time_limit_by
                within = r.within(common, classes=by).astype(float)
                reps = r.cases.loc[within.index, "replication"]
                frame["on_time_rate"] = within.groupby(reps.to_numpy()).mean().reindex(idx)
            frames.append(frame)
        return tuple(frames)

    def own_targets(self) -> list[tuple[str, str]]:
        """Each scenario's own target and verdict, as (name, sentence), reference first."""
        out = []
        for name, r in zip(self.names, self.results, strict=True):
            limit = r.scenario.time_limit_working_days
            average = r.scenario.time_limit_statistic == "mean"
            kind = text("compare.own_average") if average else class_limits_text(r.scenario)
            own = (
                text("compare.own_limit", limit=limit, kind=kind)
                if limit
                else text("compare.no_own_limit")
            )
            separator = text("compare.verdict_separator")
            verdicts = separator.join(v.statement for v in r.verdicts()) or text(
                "compare.no_target"
            )
            out.append((name, text("compare.own_target", own=own, verdicts=verdicts)))
        return out

    @cached_property
    def metrics(self) -> tuple[str, ...]:
        """Compared metrics in table order; those undefined in every scenario are left out."""
        shares: list[str] = []
        for f in self._frames:
            shares += [c for c in f.columns if c.startswith("share_within_") and c not in shares]
        on_time = COMPARED_METRICS.index("on_time_rate") + 1
        names = [*COMPARED_METRICS[:on_time], *shares, *COMPARED_METRICS[on_time:]]
        defined = [m for m in names if any(m in f and f[m].notna().any() for f in self._frames)]
        return tuple(defined)

    @property
    def labels(self) -> tuple[str, ...]:
        """Display labels of the scenarios (the name where a scenario has none)."""
        return tuple(s.label or n for s, n in zip(self.scenarios, self.names, strict=True))

    def _column(self, index: int, metric: str) -> np.ndarray:
        frame = self._frames[index]
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
                value, lo, hi = mean_ci(x, level)
                if metric_unit(metric) == "share":  # a share's interval stays within [0, 1]
                    lo, hi = max(lo, 0.0), min(hi, 1.0)
                rows.append((metric, name, label, value, lo, hi, *diff, metric_unit(metric)))
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
        if metric == "on_time_rate" and self.common_limit is not None:
            by = () if self.limit is not None else self.scenarios[0].time_limit_by
            return on_time_label(self.common_limit, by)
        for r in self.results:
            if any(metric == f"share_within_{d:g}_working_days" for d, _, _ in r.meta.thresholds):
                return metric_name(metric, r.meta.thresholds)
        return metric_name(metric, self.results[0].meta.thresholds)

    # -- text ---------------------------------------------------------------------------
    @property
    def judged_metric(self) -> str:
        """The metric the reference scenario's limit is judged by (the default of headlines)."""
        return default_metric(self.scenarios[0])

    def headline(
        self,
        metric: str | None = None,
        scenario: str | int | None = None,
        level: float = 0.95,
    ) -> str:
        """The sentence a proposal quotes, one line per scenario compared with the reference.

        For example: "With 并联审批 and 容缺受理, 90% of cases finish within 5.1 working days
        instead of 9.4 (P90, 95% CI of the difference −4.6 to −4.0)."

        Parameters
        ----------
        metric
            One of :attr:`metrics`; default :attr:`judged_metric`.
        scenario
            Name or position of one scenario; default every scenario but the reference.
        level
            Confidence level of the interval of the difference.
        """
        if len(self.names) < 2:
            raise SimulateError("a headline compares scenarios: give compare() at least two")
        if metric is None:
            metric = self.judged_metric
        if metric not in self.metrics:
            hint = did_you_mean(metric, self.metrics)
            raise SimulateError(f"metric {metric!r} is not in this comparison; {hint}")
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

    def _sentence(
        self, metric: str, index: int, row: pd.Series, reference: pd.Series, level: float
    ) -> str:
        """One line of :meth:`headline`: scenario ``index`` (its ``row``) against the reference."""
        share = metric_unit(metric) == "share"
        points_text = text("compare.points")
        scale, pct, points = (100.0, "%", points_text) if share else (1.0, "", "")
        v, r = scale * float(row["value"]), scale * float(reference["value"])
        lo, hi = scale * float(row["diff_ci_low"]), scale * float(row["diff_ci_high"])
        d = decimals_apart((v, r), (lo, hi))
        label = self.metric_label(metric)
        body, tag = _phrase(
            metric, f"{sentence_number(v, d)}{pct}", f"{sentence_number(r, d)}{pct}", label
        )
        prefix = _reform_phrase(self.scenarios[index], self.scenarios[0])
        if not prefix:
            prefix = text("compare.in_scenario", label=self.labels[index])
            body = text("compare.body_in_reference", body=body, label=self.labels[0])
        if math.isnan(lo):
            ci = text("compare.one_replication")
        else:
            ci = text(
                "compare.interval",
                level=f"{level:.0%}",
                low=sentence_number(lo, d, sign=True),
                high=sentence_number(hi, d, sign=True),
                points=points,
            )
            if not significant(lo, hi):
                ci += text("compare.not_significant")
        prefix = f"{prefix[0].upper()}{prefix[1:]}"
        return text("compare.sentence", prefix=prefix, body=body, tag=tag, interval=ci)

    def _cells(self, level: float, keys: Sequence[str]) -> tuple[list[list[str]], list[list[bool]]]:
        """A header row (``keys`` name the scenarios) and one row per metric; significant cells."""
        n = len(self.names)
        grid = [[text("compare.metric"), *keys, *(f"{k} - {keys[0]}" for k in keys[1:])]]
        marks = [[False] * (2 * n)]
        table = self.table(level).set_index(["metric", "scenario"])
        for metric in self.metrics:
            unit = metric_unit(metric)
            rows = [table.loc[(metric, name)] for name in self.names]
            cells = [self.metric_label(metric)]
            cells += [cell_with_interval(r["value"], r["ci_low"], r["ci_high"], unit) for r in rows]
            cells += [
                cell_with_interval(r["diff"], r["diff_ci_low"], r["diff_ci_high"], unit, True)
                for r in rows[1:]
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
        reference = text("compare.reference")
        legend[0][2] += f" {reference}" if legend[0][2] else reference
        common = self.common_limit
        lines = [
            text(
                "compare.title",
                count=n,
                plural="s" if n != 1 else "",
                replications=self.replications,
                seed=self.seed,
            ),
            *(line.rstrip() for line in align(legend, right=())),
            "",
            *align(grid),
            "",
        ]
        if common is not None:
            lines += [
                text("compare.common_limit", limit=common, source=self.limit_source),
                *(f"  {k}  {own}" for k, (_, own) in zip(keys, self.own_targets(), strict=True)),
                "",
            ]
        if n > 1:
            lines.append(text("compare.significant_note", level=f"{level:.0%}"))
            if self.judged_metric in self.metrics:
                lines += ["", self.headline(level=level)]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return text(
            "compare.repr",
            count=len(self.names),
            names=", ".join(self.names),
            replications=self.replications,
            seed=self.seed,
        )

    def _repr_html_(self) -> str:
        grid, marks = self._cells(0.95, self.names)
        ref = self.names[0]
        labels = ["", *self.labels, *([text("compare.versus", name=ref)] * (len(self.names) - 1))]
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
            out.append(f"<p>{e(text('compare.bold_note'))}</p>")
            if self.judged_metric in self.metrics:
                out += [f"<p>{e(line)}</p>" for line in self.headline().splitlines()]
        return "\n".join(out)


def check_limit(limit: float | None) -> None:
    """Raise ScenarioError unless a common limit is None or a positive number of days."""
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not limit > 0:
        raise ScenarioError(text("compare.bad_limit", value=repr(limit)))
    if not math.isfinite(limit):
        raise ScenarioError(text("compare.infinite_limit", value=repr(limit)))


def significant(low: float, high: float) -> bool:
    """True when the interval [low, high] excludes 0."""
    return bool(not (math.isnan(low) or math.isnan(high)) and (low > 0 or high < 0))


def _key(index: int) -> str:
    """Column key of the scenario at ``index`` in a report: A, B, ... Z, S27, S28 ..."""
    return chr(ord("A") + index) if index < 26 else f"S{index + 1}"


def _join(words: list[str]) -> str:
    """Words joined as in a sentence: 'a', 'a and b', 'a, b and c'."""
    if len(words) == 1:
        return words[0]
    return text("compare.join").join(words[:-1]) + text("compare.join_last") + words[-1]


def _reform_phrase(scenario: Scenario, reference: Scenario) -> str:
    """'with 并联审批 and 容缺受理': the reforms one scenario has and the reference lacks (or '')."""
    mine, theirs = [r.name for r in scenario.reforms], [r.name for r in reference.reforms]
    added = list(dict.fromkeys(reform_label(n) for n in mine if n not in theirs))
    dropped = list(dict.fromkeys(reform_label(n) for n in theirs if n not in mine))
    parts = ([text("compare.with", names=_join(added))] if added else []) + (
        [text("compare.without", names=_join(dropped))] if dropped else []
    )
    return text("compare.and").join(parts)


def _phrase(metric: str, value: str, reference: str, label: str) -> tuple[str, str]:
    """(sentence body, short tag), e.g. ('90% of cases finish within 5.1 working days instead of 9.4', 'P90')."""
    for stat in ("median", "p90", "p95"):
        for clock in ("working", "natural"):
            if metric == f"{stat}_elapsed_{clock}_days":
                body = text(
                    "compare.finish_within",
                    who=text(f"compare.who.{stat}"),
                    value=value,
                    clock=text(f"compare.clock.{clock}"),
                    reference=reference,
                )
                return body, text(f"compare.tag.{stat}")
    for clock in ("working", "natural"):
        if metric == f"mean_elapsed_{clock}_days":
            body = text(
                "compare.on_average",
                value=value,
                clock=text(f"compare.clock.{clock}"),
                reference=reference,
            )
            return body, text("compare.tag.mean")
    if metric == "p90_counted_working_days":
        body = text("compare.counted_p90", value=value, reference=reference)
        return body, text("compare.tag.counted_p90")
    if metric == "mean_counted_working_days":
        body = text("compare.counted_mean", value=value, reference=reference)
        return body, text("compare.tag.counted_mean")
    if metric.startswith("share_within_"):
        days = metric.removeprefix("share_within_").removesuffix("_working_days")
        body = text("compare.share_within", value=value, days=days, reference=reference)
        return body, label
    if metric.startswith("utilisation:"):
        desk = metric.split(":", 1)[1]
        body = text("compare.desk_busy", desk=desk, value=value, reference=reference)
        return body, text("compare.tag.utilisation")
    phrases = {
        "throughput_per_working_day": ("compare.throughput", "compare.tag.throughput"),
        "busiest_desk_utilisation": ("compare.busiest", "compare.tag.utilisation"),
        "visits_per_case": ("compare.visits", "compare.tag.visits"),
    }
    if metric == "on_time_rate":  # within the comparison's common limit; its label says which
        return text("compare.on_time", value=value, reference=reference), label
    if metric in phrases:
        key, tag = phrases[metric]
        return text(key, value=value, reference=reference), text(tag)
    return text("compare.generic", label=label, value=value, reference=reference), label


__all__ = ["COMPARED_METRICS", "TABLE_COLUMNS", "Comparison", "significant"]
