"""Sensitivity of a verdict to the scenario's assumptions.

Every number tagged ``assumption:`` is a factor with a range (see :func:`.parameters.factors`).
One at a time, on common random numbers, each factor runs across its range while the others
stay: the swing of the target metric (a tornado) and whether, and where, the verdict flips.
Optionally Morris elementary effects show which factors matter when all move together and
which interact. The answer is one sentence: "robust: ..." or "hinges on ...".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulate.errors import SimulateError
from simulate.experiments.judged import Target, target_of
from simulate.experiments.parameters import Factor, factors
from simulate.experiments.sweep import (
    SweepExecutor,
    SweepResult,
    sweep,
    sweep_executor,
)
from simulate.scenario.model import Scenario


@dataclass(frozen=True)
class Sensitivity:
    """What a sensitivity run gives.

    Attributes
    ----------
    tornado
        One row per factor, largest swing first: range, target metric at each end,
        verdict at each end, whether it flips and where (``flip_above``, ``flip_below``).
    curves
        One row per factor and value: the target metric (and interval) and the verdict.
    morris
        Morris elementary effects (``mu_star`` with its interval, ``sigma``), or None.
    base_met
        Whether every target holds at the scenario's own values.
    target
        The metric the tornado shows.
    """

    scenario: Scenario
    tornado: pd.DataFrame
    curves: pd.DataFrame
    morris: pd.DataFrame | None
    base_met: bool
    base_value: float
    target: Target

    @property
    def hinges_on(self) -> tuple[str, ...]:
        """Paths of the factors whose range flips the verdict."""
        return tuple(str(p) for p in self.tornado.index[self.tornado["flips"]])

    @property
    def robust(self) -> bool:
        """True when no factor flips the verdict within its range."""
        return not self.hinges_on

    def sentence(self) -> str:
        """The finding in one English sentence."""
        verdict = "meets" if self.base_met else "misses"
        if self.robust:
            return f"robust: the verdict ({verdict} the target) holds for every assumption within its range"
        return "hinges on " + _join([_where(r, chinese=False) for _, r in self._flipping()])

    def sentence_zh(self) -> str:
        """The finding in one Chinese sentence."""
        verdict = "达标" if self.base_met else "不达标"
        if self.robust:
            return f"结论稳健：每项假设在其取值范围内变化，结论（{verdict}）都不变"
        parts = [_where(r, chinese=True) for _, r in self._flipping()]
        return f"结论（{verdict}）取决于" + "、".join(parts)

    def _flipping(self) -> list[tuple[str, pd.Series]]:
        return [(str(p), r) for p, r in self.tornado.iterrows() if bool(r["flips"])]

    def write(self, folder: str) -> list[str]:
        """Write ``tornado.csv``, ``curves.csv``, ``morris.csv`` and ``sensitivity.xlsx``."""
        from pathlib import Path

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        tables = {"tornado": self.tornado, "curves": self.curves}
        if self.morris is not None:
            tables["morris"] = self.morris
        for name, frame in tables.items():
            path = out / f"{name}.csv"
            tmp = path.with_suffix(".csv.part")
            frame.to_csv(tmp, encoding="utf-8-sig")
            tmp.replace(path)
            written.append(str(path))
        book = out / "sensitivity.xlsx"
        tmp = out / "sensitivity.part.xlsx"
        with pd.ExcelWriter(tmp) as writer:
            pd.DataFrame({"finding": [self.sentence(), self.sentence_zh()]}).to_excel(
                writer, sheet_name="finding", index=False
            )
            for name, frame in tables.items():
                frame.to_excel(writer, sheet_name=name)
        tmp.replace(book)
        written.append(str(book))
        return written


def _fmt(value: float, unit: str) -> str:
    if unit and not unit.isascii():  # 3个工作日, 2人
        return f"{value:.3g}{unit}"
    return f"{value:.3g} {unit}".strip()


#: Units in Chinese, for the Chinese sentence.
UNIT_ZH = {
    "working_days": "个工作日",
    "working_hours": "个工作小时",
    "natural_days": "个自然日",
    "natural_hours": "小时",
}


def _where(row: pd.Series, chinese: bool) -> str:
    unit = str(row["unit"])
    unit = UNIT_ZH.get(unit, unit) if chinese else unit.replace("_", " ")
    bits = []
    if not math.isnan(row["flip_above"]):
        bits.append(
            f"高于{_fmt(row['flip_above'], unit)}时翻转"
            if chinese
            else f"flips above {_fmt(row['flip_above'], unit)}"
        )
    if not math.isnan(row["flip_below"]):
        bits.append(
            f"低于{_fmt(row['flip_below'], unit)}时翻转"
            if chinese
            else f"flips below {_fmt(row['flip_below'], unit)}"
        )
    sep = "，" if chinese else ", "
    return (
        f"{row['label']}（{sep.join(bits)}）" if chinese else f"{row['label']} ({sep.join(bits)})"
    )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def grid(factor: Factor, levels: int) -> list[float]:
    """The values one factor takes: whole numbers for staff, else ``levels`` even steps."""
    if factor.integer:
        values = list(np.arange(math.ceil(factor.low), math.floor(factor.high) + 1, dtype=float))
    else:
        values = list(np.linspace(factor.low, factor.high, max(levels, 2)))
    near = 1e-9 * max(1.0, abs(factor.value))  # the base value itself, not a rounding of it
    kept = {float(v) for v in values if abs(v - factor.value) > near}
    return sorted({*kept, float(factor.value)})


def _crossing(x0: float, y0: float, x1: float, y1: float, threshold: float) -> float:
    """Where the line through two points meets the threshold (the midpoint if it does not)."""
    if y1 != y0 and min(y0, y1) <= threshold <= max(y0, y1):
        return x0 + (threshold - y0) * (x1 - x0) / (y1 - y0)
    return (x0 + x1) / 2


def sensitivity(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    include_sourced: bool = False,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    levels: int = 5,
    refine: int = 3,
    morris_trajectories: int = 0,
    reached: float = 0.9,
    jobs: int | None = None,
    executor: SweepExecutor = "serial",
    scheduler: str | None = None,
    progress: bool | None = None,
) -> Sensitivity:
    """How the verdict depends on the scenario's assumptions.

    Parameters
    ----------
    scenario
        The scenario (reforms applied); it must have a target.
    replications, seed
        Common random numbers for every point; default the scenario's.
    include_sourced
        Vary numbers that cite a plan too, not only the assumptions.
    ranges
        ``{path: (low, high)}`` instead of a default range (see
        :func:`simulate.experiments.parameters.factors`).
    levels
        Values per continuous factor in the one-at-a-time run (staff: every whole number).
    refine
        Rounds of bisection of each flip point of a continuous factor (each halves the
        interval the flip is known to lie in).
    morris_trajectories
        Trajectories of the Morris screen (0: none; 10 to 20 is usual).
    reached
        Share of cases within a 以内 limit that counts as meeting it.
    jobs, executor, scheduler, progress
        As for :func:`simulate.sweep`.
    """
    target = target_of(scenario, reached)
    listed = factors(scenario, include_sourced=include_sourced, ranges=ranges)
    if not listed:
        raise SimulateError(
            f"scenario {scenario.name!r} has no number tagged assumption: (nor a range given), "
            "so there is nothing to vary; pass include_sourced=True or ranges={path: (lo, hi)}"
        )
    points: list[dict[str, float]] = [{}]
    owner: list[tuple[int, float]] = [(-1, math.nan)]
    for i, f in enumerate(listed):
        for v in grid(f, levels):
            if v != f.value:
                points.append({f.path: v})
                owner.append((i, v))
    morris_points: list[dict[str, float]] = []
    if morris_trajectories > 0:
        morris_points = _morris_design(listed, morris_trajectories, seed_of(scenario, seed))
    with sweep_executor(executor, jobs, scheduler) as (pool, address):
        result = sweep(
            scenario,
            points + morris_points,
            replications,
            seed,
            jobs=jobs,
            executor=pool,
            scheduler=address,
            progress=progress,
        )
        value = result.metric(target.metric)["value"]
        verdicts = result.verdicts(reached)["met"]
        base_met = bool(verdicts.loc[0])
        curves = _curves(listed, owner, result, target, verdicts)
        for _ in range(refine):
            more = _refine(listed, curves, target, result, reached, jobs, pool, address)
            if more.empty:
                break
            curves = pd.concat([curves, more]).sort_values(["factor", "x"], ignore_index=True)
        tornado = _tornado(listed, curves, target, base_met, float(value.loc[0]))
        morris = None
        if morris_points:
            y = value.loc[len(points) :].to_numpy()
            morris = _morris_effects(listed, morris_points, y, morris_trajectories)
    return Sensitivity(scenario, tornado, curves, morris, base_met, float(value.loc[0]), target)


def _refine(
    listed: tuple[Factor, ...],
    curves: pd.DataFrame,
    target: Target,
    result: SweepResult,
    reached: float,
    jobs: int | None,
    executor: SweepExecutor | Executor,
    scheduler: str | None,
) -> pd.DataFrame:
    """One round of bisection: the midpoint of every interval where a verdict changes."""
    points: list[dict[str, float]] = []
    names: list[tuple[str, str]] = []
    for f in listed:
        if f.integer:
            continue
        c = curves[curves["factor"] == f.path]
        x, met = c["x"].to_numpy(), c["met"].to_numpy()
        for j in range(len(x) - 1):
            if met[j] != met[j + 1]:
                points.append({f.path: float((x[j] + x[j + 1]) / 2)})
                names.append((f.path, f.label))
    if not points:
        return pd.DataFrame()
    more = sweep(
        result.scenario,
        points,
        result.replications,
        result.seed,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        progress=False,
    )
    m = more.metric(target.metric)
    met = more.verdicts(reached)["met"]
    rows = []
    for i, ((path, label), point) in enumerate(zip(names, points, strict=True)):
        rows.append(
            {
                "factor": path,
                "label": label,
                "x": point[path],
                "value": float(m.loc[i, "value"]),
                "ci_low": float(m.loc[i, "ci_low"]),
                "ci_high": float(m.loc[i, "ci_high"]),
                "met": bool(met.loc[i]),
            }
        )
    return pd.DataFrame(rows)


def seed_of(scenario: Scenario, seed: int | None) -> int:
    """The seed of the Morris design: as given, else the scenario's, else 0."""
    return int(seed if seed is not None else (scenario.seed or 0))


def _curves(
    listed: tuple[Factor, ...],
    owner: list[tuple[int, float]],
    result: SweepResult,
    target: Target,
    verdicts: pd.Series,
) -> pd.DataFrame:
    m = result.metric(target.metric)
    rows = []
    for i, f in enumerate(listed):
        idx = [0] + [p for p, (o, _) in enumerate(owner) if o == i]
        for p in idx:
            rows.append(
                {
                    "factor": f.path,
                    "label": f.label,
                    "x": f.value if p == 0 else owner[p][1],
                    "value": float(m.loc[p, "value"]),
                    "ci_low": float(m.loc[p, "ci_low"]),
                    "ci_high": float(m.loc[p, "ci_high"]),
                    "met": bool(verdicts.loc[p]),
                }
            )
    return pd.DataFrame(rows).sort_values(["factor", "x"], ignore_index=True)


def _tornado(
    listed: tuple[Factor, ...],
    curves: pd.DataFrame,
    target: Target,
    base_met: bool,
    base_value: float,
) -> pd.DataFrame:
    rows = []
    for f in listed:
        c = curves[curves["factor"] == f.path].reset_index(drop=True)
        x, y, met = c["x"].to_numpy(), c["value"].to_numpy(), c["met"].to_numpy()
        base = int(np.argmin(np.abs(x - f.value)))
        above = below = math.nan
        # the first change going up, then going down, from the base value; a whole number
        # (staff) flips past the last value that keeps the verdict, a continuous one where
        # the metric crosses the target between the two values around the change
        for j in range(base, len(x) - 1):
            if met[j + 1] != met[j]:
                above = (
                    x[j]
                    if f.integer
                    else _crossing(x[j], y[j], x[j + 1], y[j + 1], target.threshold)
                )
                break
        for j in range(base, 0, -1):
            if met[j - 1] != met[j]:
                below = (
                    x[j]
                    if f.integer
                    else _crossing(x[j - 1], y[j - 1], x[j], y[j], target.threshold)
                )
                break
        rows.append(
            {
                "factor": f.path,
                "label": f.label,
                "unit": f.unit,
                "value": f.value,
                "low": f.low,
                "high": f.high,
                "metric_at_low": float(y[0]),
                "metric_at_high": float(y[-1]),
                "swing": float(np.nanmax(y) - np.nanmin(y)),
                "met_at_low": bool(met[0]),
                "met_at_high": bool(met[-1]),
                "flips": bool((met != base_met).any()),
                "flip_above": above,
                "flip_below": below,
                "assumption": f.assumption or "",
            }
        )
    frame = pd.DataFrame(rows).set_index("factor")
    frame.attrs["metric"] = target.metric
    frame.attrs["base_value"] = base_value
    return frame.sort_values("swing", ascending=False, kind="stable")


def _morris_design(
    listed: tuple[Factor, ...], trajectories: int, seed: int
) -> list[dict[str, float]]:
    """Morris trajectories on a 4-level grid: each moves one factor at a time by 2/3."""
    rng = np.random.default_rng([seed, 7_151])
    k, delta = len(listed), 2 / 3
    out: list[dict[str, float]] = []
    for _ in range(trajectories):
        x = rng.choice([0.0, 1 / 3], size=k)  # room to move up by delta
        order = rng.permutation(k)
        out.append(_to_values(listed, x))
        for i in order:
            x = x.copy()
            x[i] += delta
            out.append(_to_values(listed, x))
    return out


def _to_values(listed: tuple[Factor, ...], unit_point: np.ndarray) -> dict[str, float]:
    point = {}
    for f, u in zip(listed, unit_point, strict=True):
        v = f.low + float(u) * (f.high - f.low)
        point[f.path] = float(round(v)) if f.integer else v
    return point


def _morris_effects(
    listed: tuple[Factor, ...],
    design: list[dict[str, float]],
    y: np.ndarray,
    trajectories: int,
) -> pd.DataFrame:
    """mu* (mean absolute effect, in metric units per full range), its bootstrap interval, sigma."""
    k = len(listed)
    effects = np.full((trajectories, k), np.nan)
    for t in range(trajectories):
        rows = design[t * (k + 1) : (t + 1) * (k + 1)]
        ys = y[t * (k + 1) : (t + 1) * (k + 1)]
        for j in range(k):
            moved = [i for i, f in enumerate(listed) if rows[j + 1][f.path] != rows[j][f.path]]
            if len(moved) == 1:
                effects[t, moved[0]] = (ys[j + 1] - ys[j]) / (2 / 3)
    rng = np.random.default_rng(0)
    boot = rng.integers(0, trajectories, size=(1000, trajectories))
    rows = []
    for i in range(len(listed)):
        e = effects[:, i]
        mu_star = float(np.nanmean(np.abs(e))) if np.isfinite(e).any() else math.nan
        samples = np.nanmean(np.abs(e[boot]), axis=1) if np.isfinite(e).any() else [math.nan]
        rows.append(
            {
                "mu_star": mu_star,
                "mu_star_low": float(np.nanquantile(samples, 0.025)),
                "mu_star_high": float(np.nanquantile(samples, 0.975)),
                "mu": float(np.nanmean(e)) if np.isfinite(e).any() else math.nan,
                "sigma": float(np.nanstd(e, ddof=1)) if np.isfinite(e).sum() > 1 else math.nan,
            }
        )
    frame = pd.DataFrame(rows, index=pd.Index([f.path for f in listed], name="factor"))
    frame.insert(0, "label", [f.label for f in listed])
    return frame.sort_values("mu_star", ascending=False)


__all__ = ["Sensitivity", "Target", "grid", "sensitivity", "target_of"]
