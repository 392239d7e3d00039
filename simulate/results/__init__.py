"""Results of a run: tidy tables of cases, steps and desks, summaries with intervals, the
text report and the files a run writes.

``results`` holds :class:`Results`; ``meta`` the record of how a run was made; ``metrics``
the summary metrics' names and units; ``report`` the text summary; ``write`` the outputs.
"""

from simulate.engine.columns import (
    CASE_COLUMNS,
    CASE_DTYPES,
    DESK_COLUMNS,
    DESK_DTYPES,
    STEP_COLUMNS,
    STEP_DTYPES,
)
from simulate.results.meta import RunMeta
from simulate.results.metrics import (
    METRIC_UNITS,
    format_summary,
    metric_name,
    metric_unit,
    threshold_metric,
)
from simulate.results.results import Results

__all__ = [
    "CASE_COLUMNS",
    "CASE_DTYPES",
    "DESK_COLUMNS",
    "DESK_DTYPES",
    "METRIC_UNITS",
    "STEP_COLUMNS",
    "STEP_DTYPES",
    "Results",
    "RunMeta",
    "format_summary",
    "metric_name",
    "metric_unit",
    "threshold_metric",
]
