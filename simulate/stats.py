"""Small statistics helpers: confidence intervals over replications."""

from __future__ import annotations

import math

import numpy as np


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of per-replication values and its Student-t confidence interval.

    With one replication (or all values equal) the interval collapses to the mean or is NaN.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if n == 1:
        return m, math.nan, math.nan
    from scipy import stats

    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return m, m - half, m + half
