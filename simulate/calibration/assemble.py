"""Assembling the fitted scenario's parts: identifiers, the flow with its shares, fit rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from simulate.calibration.discover import ALWAYS, Discovery
from simulate.calibration.fitting import Fit, share_interval, significant
from simulate.scenario.flow import Choice, Flow, Parallel, Serial

#: Builds a ``fitted:`` text from (n, method, statistic, columns).
Provenance = Callable[[int, str, str, str], str]


def slug(text: str, prefix: str, number: int) -> str:
    ascii_part = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:30]
    if not ascii_part or not ascii_part[0].isalpha():
        return f"{prefix}{number:02d}" + (f"_{ascii_part}" if ascii_part else "")
    return ascii_part


def unique_ids(names: Iterable[str], prefix: str) -> dict[str, str]:
    """ASCII identifiers for names (Chinese names get ``prefix`` and a number)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for i, name in enumerate(names, start=1):
        base = slug(name, prefix, i)
        ident = base
        k = 2
        while ident in used:
            ident = f"{base}_{k}"
            k += 1
        used.add(ident)
        out[name] = ident
    return out


def fit_row(fit: Fit) -> dict[str, object]:
    """A fit as a table row."""
    return {name: getattr(fit, name) for name in Fit.__slots__}


def _option(p: float, node: Flow, fitted: str) -> Flow:
    if p >= ALWAYS:
        return node
    q = significant(p)
    return Choice(((q, node), (round(1 - q, 10), Serial(()))), fitted=fitted)


def fitted_flow(
    found: Discovery, ids: Mapping[str, str], prov: Provenance, fits: list[Fit]
) -> Flow:
    """The flow of the discovered blocks: optional steps and exclusive choices with fitted shares."""
    n = found.n_cases
    items: list[Flow] = []

    def share(a: str) -> float:
        k = found.cases_with[a]
        lo, hi = share_interval(k, n)
        fits.append(
            Fit(f"share {a}", k / n, lo, hi, n, "share", "cases with / cases", "Clopper-Pearson")
        )
        return k / n

    for block in found.blocks:
        if block.kind == "exclusive":
            shares = [share(a) for a in block.members]
            total = sum(shares)
            scale = 1 / total if total > 1 else 1.0
            opts = [
                (significant(p * scale), ids[a]) for p, a in zip(shares, block.members, strict=True)
            ]
            rest = round(1 - sum(p for p, _ in opts), 10)
            options: list[tuple[float, Flow]] = list(opts)
            if rest > 0:
                options.append((rest, Serial(())))
            else:
                p0, a0 = options[-1]
                options[-1] = (round(p0 + rest, 10), a0)
            items.append(
                Choice(
                    tuple(options),
                    fitted=prov(
                        n,
                        "share of cases with each activity",
                        "exclusive: never together",
                        "case, activity",
                    ),
                )
            )
            continue
        nodes = [
            _option(
                share(a),
                ids[a],
                prov(
                    n,
                    "share of cases with the activity",
                    f"{found.cases_with[a]} cases",
                    "case, activity",
                ),
            )
            for a in block.members
        ]
        items.append(nodes[0] if len(nodes) == 1 else Parallel(tuple(nodes)))
    return Serial(tuple(items))


__all__ = ["Provenance", "fit_row", "fitted_flow", "slug", "unique_ids"]
