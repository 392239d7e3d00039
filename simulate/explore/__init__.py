"""An interactive explorer for notebooks: sliders and toggles that re-run a scenario.

The panel and its charts load on the first call, so ``import simulate`` stays light (no
matplotlib, no ipywidgets).

>>> import simulate as sim
>>> sim.explore("scenarios/company_registration/half_day_parallel.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulate.explore.panel import Explorer
    from simulate.scenario.model import Scenario

__all__ = ["explore"]


def explore(
    scenario: Scenario | str | Path,
    *,
    replications: int = 3,
    seed: int | None = None,
) -> Explorer:
    """An interactive panel for a scenario in a notebook (needs ``simulate[notebook]``).

    A slider per desk's staff and for the arrival rate, a toggle per entry of the file's
    ``reforms:``, a metric and a chart picker; every change re-runs ``replications``
    replications on one seed (cached by the settings) and redraws the chart and numbers.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A scenario, or a scenario file (its reforms each get a toggle).
    replications : int, default 3
        Replications per setting: few, for a quick look.
    seed : int, optional
        Default the scenario's seed, else 1.

    Returns
    -------
    Explorer
        Leave it as a cell's last expression to show the panel.
    """
    from simulate.explore.panel import explore as make_panel

    return make_panel(scenario, replications=replications, seed=seed)
