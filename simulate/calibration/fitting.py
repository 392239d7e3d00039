"""Fitting numbers to a log: durations by AIC, shares, arrival rates and profiles, staff.

Every fit returns the number, its 95 % interval and a :class:`Fit` row that says how it was
obtained (n, method, statistic); the builder turns the row into the ``fitted:`` provenance
of the scenario file. Durations are fitted on the working-time clock, in working hours (or
working days when the median is a day or more, or the log has dates only).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulate.calendar import WorkCalendar
from simulate.scenario.durations import Z90, Duration, Unit

#: Most values an empirical duration keeps (quantiles of the observed ones beyond that).
MAX_EMPIRICAL = 200


@dataclass(frozen=True, slots=True)
class Fit:
    """One fitted number: what, the value and its interval, how many observations, how."""

    what: str
    value: float
    low: float
    high: float
    n: int
    unit: str
    method: str
    statistic: str


def significant(value: float, digits: int = 4) -> float:
    """``value`` rounded to ``digits`` significant digits (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def median_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Distribution-free interval of the median (order statistics, binomial)."""
    from scipy import stats  # imported when used: it changes warning filters

    x = np.sort(values)
    n = len(x)
    if n == 0:
        return math.nan, math.nan
    lo = int(stats.binom.ppf((1 - level) / 2, n, 0.5))
    hi = int(stats.binom.ppf((1 + level) / 2, n, 0.5))
    return float(x[max(lo - 1, 0)]), float(x[min(hi, n - 1)])


def share_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Clopper-Pearson interval of a share ``k / n``."""
    from scipy import stats  # imported when used: it changes warning filters

    if n == 0:
        return math.nan, math.nan
    alpha = 1 - level
    lo = 0.0 if k == 0 else float(stats.beta.ppf(alpha / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return lo, hi


def fit_duration(
    hours: np.ndarray, *, hours_per_day: float, date_only: bool, what: str
) -> tuple[Duration, Fit]:
    """A duration for observed working hours, chosen by AIC, written as median and P90.

    Lognormal and exponential are the candidates (their AIC and the chosen one's
    Kolmogorov-Smirnov statistic go into the fit row). With under 8 values, more than 5 %
    zeros (events completed together) or a date-only log (whole working days), the observed
    values are resampled instead (``empirical``, at most 200 quantiles).
    """
    from scipy import stats  # imported when used: it changes warning filters

    values = np.asarray(hours, dtype=float)
    values = values[np.isfinite(values)]
    n = len(values)
    median_h = float(np.median(values)) if n else 0.0
    days = date_only or median_h >= hours_per_day
    unit: Unit = "working_days" if days else "working_hours"
    x = values / hours_per_day if days else values
    median = float(np.median(x)) if n else 0.0
    lo, hi = median_interval(x)
    zeros = float(np.mean(x <= 1e-9)) if n else 1.0
    if n == 0 or zeros == 1.0:
        duration = Duration.fixed(0.0, unit)
        return duration, Fit(what, 0.0, 0.0, 0.0, n, unit, "fixed", "every observed time is 0")
    if n < 8 or zeros > 0.05 or date_only:
        why = "date-only log" if date_only else (f"{zeros:.0%} zeros" if zeros > 0.05 else "n<8")
        return _empirical(x, unit), Fit(
            what, median, lo, hi, n, unit, "empirical", f"resampled ({why})"
        )
    positive = np.maximum(x, 1e-6)
    logs = np.log(positive)
    mu, sigma = float(logs.mean()), max(float(logs.std()), 1e-6)
    mean = float(positive.mean())
    aic = {
        "lognormal": 4 - 2 * float(stats.lognorm.logpdf(positive, sigma, scale=math.exp(mu)).sum()),
        "exponential": 2 - 2 * float(stats.expon.logpdf(positive, scale=mean).sum()),
    }
    best = min(aic, key=lambda k: aic[k])
    other = "exponential" if best == "lognormal" else "lognormal"
    frozen = (
        stats.lognorm(sigma, scale=math.exp(mu)) if best == "lognormal" else stats.expon(scale=mean)
    )
    ks = float(stats.kstest(positive, frozen.cdf).statistic)
    critical = 1.63 / math.sqrt(n)  # Kolmogorov-Smirnov, 1 % level
    statistic = f"AIC {aic[best]:.1f} ({other} {aic[other]:.1f}), KS {ks:.3f}"
    if ks > critical or float(frozen.ppf(0.999)) > 10 * float(x.max()):
        why = (
            f"{best} rejected: KS {ks:.3f} > {critical:.3f}"
            if ks > critical
            else (f"{best} tail far beyond the data")
        )
        return _empirical(x, unit), Fit(
            what, median, lo, hi, n, unit, "empirical", f"resampled ({why}; {statistic})"
        )
    if best == "lognormal":
        m = significant(math.exp(mu))
        p90 = max(significant(math.exp(mu + Z90 * sigma)), m)
        duration = Duration.lognormal(m, p90, unit)
    else:
        duration = Duration.exponential(significant(mean), unit)
    return duration, Fit(what, median, lo, hi, n, unit, f"{best} MLE", statistic)


def _empirical(x: np.ndarray, unit: Unit) -> Duration:
    """Resample the observed values (at most :data:`MAX_EMPIRICAL` quantiles of them)."""
    if len(x) > MAX_EMPIRICAL:
        kept = np.quantile(x, (np.arange(MAX_EMPIRICAL) + 0.5) / MAX_EMPIRICAL)
    else:
        kept = np.sort(x)
    return Duration.empirical(tuple(significant(float(v)) for v in kept), unit)


@dataclass(frozen=True, slots=True)
class ArrivalFit:
    """Cases per working day with its interval, and the weekday and month profiles."""

    rate: float
    low: float
    high: float
    cases: int
    working_days: int
    first: dt.date
    last: dt.date
    weekday: pd.Series
    month: pd.Series
    off_days: int


def fit_arrivals(arrivals: pd.Series, calendar: WorkCalendar) -> ArrivalFit:
    """Poisson rate per working day (exact interval) and the profiles around it.

    The profiles are the rate on each weekday (Monday = 0) and in each month as a multiple
    of the overall rate; arrivals on days off count towards the next working day.
    """
    from scipy import stats  # imported when used: it changes warning filters

    dates = pd.to_datetime(arrivals).dt.normalize()
    first, last = dates.min().date(), dates.max().date()
    days = pd.date_range(first, last, freq="D")
    working = np.array([calendar.is_working_day(d.date()) for d in days])
    n_working = int(working.sum())
    n = len(dates)
    n_working = max(n_working, 1)
    rate = n / n_working
    lo = float(stats.chi2.ppf(0.025, 2 * n) / 2 / n_working) if n else 0.0
    hi = float(stats.chi2.ppf(0.975, 2 * n + 2) / 2 / n_working)
    day_frame = pd.DataFrame({"day": days, "working": working})
    per_day = dates.value_counts()
    day_frame["cases"] = day_frame["day"].map(per_day).fillna(0).to_numpy()
    off_days = int(day_frame.loc[~day_frame["working"], "cases"].sum())
    on = day_frame[day_frame["working"]]
    weekday = on.groupby(on["day"].dt.day_of_week)["cases"].mean() / rate
    month = on.groupby(on["day"].dt.month)["cases"].mean() / rate
    return ArrivalFit(
        rate=rate,
        low=lo,
        high=hi,
        cases=n,
        working_days=n_working,
        first=first,
        last=last,
        weekday=weekday,
        month=month,
        off_days=off_days,
    )


def fit_staff(frame: pd.DataFrame, calendar: WorkCalendar) -> pd.DataFrame:
    """Staff per desk: the 90th percentile of distinct resources active on a working day.

    Returns one row per group: ``desk``, ``staff``, ``days`` (working days with activity),
    ``median`` (median resources per active day) and ``resources`` (distinct in all).
    """
    named = frame[(frame["group"] != "") & (frame["resource"] != "")]
    if named.empty:
        return pd.DataFrame(columns=["desk", "staff", "days", "median", "resources"])
    day = named["end"].dt.normalize()
    flags = {d: calendar.is_working_day(d.date()) for d in day.unique()}
    named = named.assign(day=day)[day.map(flags).to_numpy(dtype=bool)]
    daily = named.groupby(["group", "day"])["resource"].nunique()
    rows = []
    for group, counts in daily.groupby(level=0):
        rows.append(
            {
                "desk": group,
                "staff": max(1, math.ceil(float(np.quantile(counts.to_numpy(), 0.9)))),
                "days": len(counts),
                "median": float(counts.median()),
                "resources": int(named.loc[named["group"] == group, "resource"].nunique()),
            }
        )
    return pd.DataFrame(rows)


def most_at_once(start: pd.Series, end: pd.Series) -> int:
    """The most work intervals ``[start, end)`` open at one moment (a lower bound on staff)."""
    times = np.concatenate([start.to_numpy(), end.to_numpy()])
    steps = np.concatenate([np.ones(len(start)), -np.ones(len(end))])
    order = np.lexsort((steps, times))  # an end before a start at the same moment
    return max(1, int(np.cumsum(steps[order]).max())) if len(times) else 1


__all__ = [
    "ArrivalFit",
    "Fit",
    "fit_arrivals",
    "fit_duration",
    "fit_staff",
    "median_interval",
    "most_at_once",
    "share_interval",
    "significant",
]
