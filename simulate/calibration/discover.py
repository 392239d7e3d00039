"""Discovering the flow of a log: order, parallel and exclusive blocks, optional steps, rework.

The log's events become, per case, the first pass of each activity and its repeats:

* **rework** (补正): a repeated activity. Its probability is the share of passes that are
  followed by another pass (``repeats / passes``), its make-up time the time from the
  event before the repeat to the repeat (its start; in a completion-only log its end less
  the activity's median time, the redo being simulated on its own);
* **rare activities** (share of cases below ``min_share``) are folded: their events are
  dropped and their time goes to the next event, so no time is lost;
* **order**: activities sorted by how often each comes after the others; neighbours seen in
  both orders (each order in at least ``parallel_share`` of the cases with both) form a
  parallel block, neighbours that (almost) never occur together an exclusive choice;
* **optional**: an activity only some cases have is taken with its observed share.

The time of an activity's first pass is measured from the latest end of the case's events
in earlier blocks (or the case's submission) to its end (completion-only logs) or from its
start to its end (logs with start times: the wait before it is then left to queueing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: An activity taken by at least this share of cases is treated as always taken.
ALWAYS = 0.995


@dataclass(frozen=True, slots=True)
class Block:
    """Activities that occupy one position of the flow: ``serial`` (one), ``parallel``, ``exclusive``."""

    kind: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReworkStats:
    """Repeats of one activity: passes, repeats, most repeats in one case, make-up hours."""

    passes: int
    repeats: int
    most: int
    makeup_hours: np.ndarray = field(repr=False)


@dataclass(frozen=True, slots=True)
class Discovery:
    """What the log says about the flow, with the counts behind each number."""

    n_cases: int
    blocks: tuple[Block, ...]
    cases_with: dict[str, int]
    durations: dict[str, np.ndarray]
    rework: dict[str, ReworkStats]
    folded: tuple[str, ...]
    folded_cases: int
    n_variants: int
    rare_variant_cases: int
    out_of_order: int
    cases: pd.DataFrame = field(repr=False)

    @property
    def activities(self) -> tuple[str, ...]:
        """The kept activities in flow order."""
        return tuple(a for b in self.blocks for a in b.members)


def case_table(frame: pd.DataFrame, has_start: bool) -> pd.DataFrame:
    """Per case: submission and finish (times and working hours), events, repeats."""
    first_time = frame["start"] if has_start else frame["end"]
    first_w = frame["w_start"] if has_start else frame["w_end"]
    grouped = pd.DataFrame(
        {
            "case": frame["case"],
            "first": first_time,
            "first_w": first_w,
            "submitted": frame["submitted"],
            "submitted_w": frame["w_submitted"],
            "end": frame["end"],
            "w_end": frame["w_end"],
        }
    ).groupby("case", sort=False)
    cases = pd.DataFrame(
        {
            "arrival": grouped["first"].min(),
            "arrival_w": grouped["first_w"].min(),
            "finish": grouped["end"].max(),
            "finish_w": grouped["w_end"].max(),
            "events": grouped.size(),
        }
    )
    sub = grouped["submitted"].min()
    sub_w = grouped["submitted_w"].min()
    use = sub.notna() & (sub <= cases["arrival"])
    cases.loc[use, "arrival"] = sub[use]
    cases.loc[use, "arrival_w"] = sub_w[use]
    return cases


def _order(
    rows: np.ndarray, codes: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairwise counts from first passes listed in time order within each case.

    ``rows`` is each first pass's case number (grouped, in time order) and ``codes`` its
    activity number. Returns (before, both, score): ``before[a, b]`` cases with a before b,
    ``both[a, b]`` cases with both, and each activity's score (the share of its pairs in
    which it comes later, summed).
    """
    before = np.zeros((n, n))
    for offset in range(1, len(rows)):
        same = rows[offset:] == rows[:-offset]
        if not same.any():
            break
        np.add.at(before, (codes[:-offset][same], codes[offset:][same]), 1.0)
    both = before + before.T
    np.fill_diagonal(both, np.bincount(codes, minlength=n))
    with np.errstate(invalid="ignore", divide="ignore"):
        later = np.where(both > 0, (before.T - before) / both, 0.0)
    np.fill_diagonal(later, 0.0)
    return before, both, later.sum(axis=1)


def _variant_keys(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit key per case for its sequence of activities (frame grouped by case)."""
    codes = pd.factorize(frame["activity"])[0].astype(np.uint64) + np.uint64(1)
    cases = frame["case"].to_numpy()
    starts = np.flatnonzero(np.r_[True, cases[1:] != cases[:-1]])
    position = np.arange(len(frame)) - np.repeat(starts, np.diff(np.r_[starts, len(frame)]))
    multipliers = np.random.default_rng(0).integers(1, 2**63, position.max() + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        mixed = codes * (multipliers[position] | np.uint64(1))
        keys = np.add.reduceat(mixed, starts)
    return np.asarray(keys ^ np.diff(np.r_[starts, len(frame)]).astype(np.uint64))


def _blocks(
    names: list[str],
    before: np.ndarray,
    both: np.ndarray,
    counts: np.ndarray,
    parallel_share: float,
) -> list[Block]:
    def concurrent(a: int, b: int) -> bool:
        n = both[a, b]
        return bool(n >= 5 and min(before[a, b], before[b, a]) >= parallel_share * n)

    def exclusive(a: int, b: int) -> bool:
        return bool(both[a, b] <= 0.01 * min(counts[a], counts[b]))

    blocks: list[tuple[str, list[int]]] = []
    for i in range(len(names)):
        if blocks:
            kind, members = blocks[-1]
            if kind in ("serial", "parallel") and all(concurrent(m, i) for m in members):
                blocks[-1] = ("parallel", [*members, i])
                continue
            if kind in ("serial", "exclusive") and all(exclusive(m, i) for m in members):
                blocks[-1] = ("exclusive", [*members, i])
                continue
        blocks.append(("serial", [i]))
    return [Block(kind, tuple(names[m] for m in members)) for kind, members in blocks]


def discover(
    frame: pd.DataFrame,
    *,
    has_start: bool,
    min_share: float = 0.01,
    parallel_share: float = 0.1,
) -> Discovery:
    """The flow, rework and first-pass times of a log whose times are in working hours.

    Parameters
    ----------
    frame
        The clean log (:attr:`EventLog.frame`) with ``w_start``, ``w_end`` and
        ``w_submitted`` (working hours), sorted by case and time.
    has_start
        Whether the log has start times.
    min_share
        Activities in fewer than this share of cases are folded into their neighbours.
    parallel_share
        Two activities are parallel when each order occurs in at least this share of the
        cases that have both.
    """
    cases = case_table(frame, has_start)
    n_cases = len(cases)
    case_counts = frame.groupby("activity")["case"].nunique()
    keep = case_counts[case_counts >= min_share * n_cases].index
    folded = tuple(sorted(set(case_counts.index) - set(keep)))
    in_folded = frame["activity"].isin(folded)
    folded_cases = int(frame.loc[in_folded, "case"].nunique())
    per_variant = pd.Series(_variant_keys(frame)).value_counts()
    n_variants = len(per_variant)
    rare_variant_cases = int(per_variant[per_variant < min_share * n_cases].sum())

    events = frame[~in_folded].reset_index(drop=True)
    occurrence = events.groupby(["case", "activity"], sort=False).cumcount().to_numpy()
    same_case = np.zeros(len(events), dtype=bool)
    case_codes = events["case"].to_numpy()
    same_case[1:] = case_codes[1:] == case_codes[:-1]
    w_end = events["w_end"].to_numpy()
    w_start = events["w_start"].to_numpy()
    previous_end = np.where(same_case, np.roll(w_end, 1), np.nan)

    first = events[occurrence == 0].copy()
    first["rank"] = first.groupby("case", sort=False).cumcount()
    names = sorted(keep)
    index = {a: i for i, a in enumerate(names)}
    case_index = pd.Index(cases.index)
    rows = case_index.get_indexer(first["case"])
    codes = first["activity"].map(index).to_numpy()
    before, both, score = _order(rows, codes, len(names))
    counts = np.diag(both).copy()
    rank_sum = np.bincount(codes, weights=first["rank"].to_numpy(), minlength=len(names))
    mean_rank = rank_sum / np.maximum(counts, 1)
    order = sorted(range(len(names)), key=lambda a: (score[a], mean_rank[a], names[a]))
    ordered = [names[a] for a in order]
    blocks = _blocks(
        ordered,
        before[np.ix_(order, order)],
        both[np.ix_(order, order)],
        counts[order],
        parallel_share,
    )
    block_of = {a: k for k, b in enumerate(blocks) for a in b.members}

    # latest end of each case's events per block, then the running maximum before each block
    event_block = events["activity"].map(block_of).to_numpy()
    event_rows = case_index.get_indexer(events["case"])
    block_end = np.full((n_cases, len(blocks)), -np.inf)
    np.maximum.at(block_end, (event_rows, event_block), w_end)
    running = np.maximum.accumulate(block_end, axis=1)
    base = cases["arrival_w"].to_numpy()
    predecessor = np.concatenate([base[:, None], running[:, :-1]], axis=1)
    predecessor = np.maximum(predecessor, base[:, None])
    first_rows = case_index.get_indexer(first["case"])
    first_blocks = first["activity"].map(block_of).to_numpy()
    if has_start:
        raw = first["w_end"].to_numpy() - first["w_start"].to_numpy()
    else:
        raw = first["w_end"].to_numpy() - predecessor[first_rows, first_blocks]
    out_of_order = int((raw < -1e-9).sum())
    spans = np.maximum(raw, 0.0)
    first_codes = pd.Categorical(first["activity"], categories=ordered).codes
    durations = {a: spans[first_codes == k] for k, a in enumerate(ordered)}

    rework: dict[str, ReworkStats] = {}
    repeat = occurrence > 0
    event_codes = pd.Categorical(events["activity"], categories=ordered).codes
    for k, a in enumerate(ordered):
        mine = event_codes == k
        repeats = int((mine & repeat).sum())
        if repeats == 0:
            continue
        sel = mine & repeat
        if has_start:
            gap = w_start[sel] - previous_end[sel]
        else:
            gap = w_end[sel] - previous_end[sel] - float(np.median(durations[a]))
        rework[a] = ReworkStats(
            passes=int(mine.sum()),
            repeats=repeats,
            most=int(occurrence[mine].max()),
            makeup_hours=np.maximum(np.nan_to_num(gap, nan=0.0), 0.0),
        )
    repeated_cases = events.loc[repeat, "case"].unique()
    cases["rework"] = cases.index.isin(repeated_cases)
    cases["throughput_h"] = cases["finish_w"] - cases["arrival_w"]
    return Discovery(
        n_cases=n_cases,
        blocks=tuple(blocks),
        cases_with={a: int(case_counts[a]) for a in ordered},
        durations=durations,
        rework=rework,
        folded=folded,
        folded_cases=folded_cases,
        n_variants=n_variants,
        rare_variant_cases=rare_variant_cases,
        out_of_order=out_of_order,
        cases=cases,
    )


__all__ = ["ALWAYS", "Block", "Discovery", "ReworkStats", "case_table", "discover"]
