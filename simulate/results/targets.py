"""A run's summary from its per-replication metrics: one rule for a single run and a sweep.

:meth:`simulate.results.Results.summary` and the sweeps in :mod:`simulate.experiments` both
call :func:`summarise`, and both judge targets with :func:`simulate.results.verdicts.verdicts`,
so a verdict is decided the same way wherever it is printed.
"""

from __future__ import annotations

import pandas as pd

from simulate.results.metrics import metric_unit
from simulate.stats import mean_ci


def summarise(per_replication: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Mean over replications of each metric column, with its confidence interval and unit."""
    out = []
    for metric in per_replication.columns:
        m, lo, hi = mean_ci(per_replication[metric].to_numpy(dtype=float), level)
        if metric_unit(metric) == "share":  # a share's interval stays within [0, 1]
            lo, hi = max(lo, 0.0), min(hi, 1.0)
        out.append(
            {"metric": metric, "value": m, "ci_low": lo, "ci_high": hi, "unit": metric_unit(metric)}
        )
    return pd.DataFrame(out).set_index("metric")


__all__ = ["summarise"]
