"""Reform attribution: how much of a metric each reform of a bundle buys (exact Shapley values).

Every subset of the bundle (2**k scenarios) runs on common random numbers (the same seed and
replications, so the same case draws the same duration at a shared step), and Shapley values
are computed per replication, so in each replication the contributions sum to the bundle's
whole effect.

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

>>> att = sim.attribute(base, [("parallel_approval", {"steps": ["a", "b"]}),
...                            ("online", {"steps": ["apply"]})])       # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from contextlib import closing
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from simulate.errors import ScenarioError, SimulateError, did_you_mean
from simulate.experiments.paired import reform_label, reps_and_seed, run_paired, unique_names
from simulate.experiments.runner import ExecutorName
from simulate.reforms.registry import apply_reform
from simulate.results import METRIC_UNITS, metric_unit
from simulate.results.metrics import metric_name
from simulate.results.verdicts import judged_column
from simulate.scenario.model import Scenario
from simulate.stats import mean_ci
from simulate.strings import text
from simulate.textfmt import align, cell_value

#: Most players (reforms or groups) an attribution takes: 2**6 = 64 subsets to run.
MAX_PLAYERS = 6


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
        def row(label: str, name: str, entry: pd.Series, difference: bool) -> list[str]:
            def cell(column: str, signed: bool = difference) -> str:
                return cell_value(entry[column], self.unit, signed)

            ci = "" if math.isnan(entry["ci_low"]) else f"[{cell('ci_low')}, {cell('ci_high')}]"
            extra = [cell("alone", True), cell("added_last", True)] if difference else ["", ""]
            return [label, name, cell("value"), ci, *extra]

        interval = text("attribute.interval", level=f"{self.level:.0%}")
        head = [text("attribute.value"), interval, text("attribute.alone")]
        grid = [["", "", *head, text("attribute.added_last")]]
        base = text("attribute.baseline"), text("attribute.no_reform")
        grid.append(row(*base, self.subsets.iloc[0], False))
        grid += [row(r["label"], r["reform"], r, True) for _, r in self.contributions.iterrows()]
        grid.append(row(text("attribute.all_reforms"), "", self.subsets.iloc[-1], False))
        return grid

    def _title(self) -> str:
        return text(
            "attribute.title",
            label=self.label,
            subsets=len(self.subsets),
            replications=self.replications,
            seed=self.seed,
        )

    def report(self) -> str:
        """Each reform's contribution with its interval, from baseline to the whole bundle."""
        total = cell_value(self.full_value - self.base_value, self.unit, True)
        lines = [self._title(), "", *align(self._grid(), right=(2, 4, 5)), ""]
        lines.append(text("attribute.sum", total=total))
        lines.append(text("attribute.note"))
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        names = ", ".join(self.contributions["reform"])
        return text(
            "attribute.repr",
            metric=self.metric,
            names=names,
            base=f"{self.base_value:.3g}",
            full=f"{self.full_value:.3g}",
            unit=self.unit,
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
    metric: str | None = None,
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
        Default: the mean of what the base scenario's limit is judged by
        (``mean_counted_working_days`` where it has a limit or clock stops, else
        ``mean_elapsed_working_days``).
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
    if metric is None:
        metric = f"mean_{judged_column(base).removesuffix('_working_days')}_working_days"
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
            f"unknown metric {metric!r}; {did_you_mean(metric, known)} (known: {', '.join(known)})"
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
    pairing = reps_and_seed(base, replications, seed)
    n_reps, seed_used = pairing
    values = np.empty((1 << k, n_reps))
    runs = run_paired(
        scenarios, pairing, jobs=jobs, executor=executor, progress=progress, description="attribute"
    )
    with closing(runs):
        for mask, res in enumerate(runs):
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
        _Player(name, _group_label(bundle, idx, labels), tuple(idx))
        for name, idx in members.items()
    ]


def _group_label(
    bundle: Sequence[tuple[str, Mapping[str, Any]]],
    members: Sequence[int],
    labels: Sequence[str],
) -> str:
    """One reform's label; a group of the same reform as ``压时限 ×4``; else the labels joined."""
    if len(members) == 1:
        return labels[members[0]]
    names = {bundle[i][0] for i in members}
    if len(names) == 1:
        return f"{reform_label(bundle[members[0]][0])} ×{len(members)}"
    return " + ".join(dict.fromkeys(labels[i] for i in members))


def _entry_label(name: str, parameters: Mapping[str, Any], repeated: bool) -> str:
    """The Chinese label of a bundle entry; a reform used twice is told apart by its parameters."""
    label = reform_label(name)
    if not repeated:
        return label
    if isinstance(parameters.get("label"), str) and parameters["label"]:
        return str(parameters["label"])  # e.g. joint_review's 多评合一
    detail = _parameters_text(parameters)
    return f"{label} ({detail})" if detail else label


def _parameters_text(parameters: Mapping[str, Any]) -> str:
    """Parameters as compact text, without provenance (source, assumption)."""
    shown = {k: v for k, v in parameters.items() if k not in ("source", "assumption")}
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
    """Why a subset cannot be built: a reform needs one the subset ``mask`` leaves out."""
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
    """The attribution from the metric per subset and replication (``values[mask, r]``)."""
    phi = shapley(values)
    full = values.shape[0] - 1
    rows = []
    for j, p in enumerate(players):
        params = "; ".join(
            f"{bundle[i][0]}: {{{_parameters_text(bundle[i][1])}}}" for i in p.members
        )
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


__all__ = ["MAX_PLAYERS", "Attribution", "attribute", "shapley"]
