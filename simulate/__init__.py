"""simulate: see what a business-environment reform does to the time a company waits.

>>> import simulate as sim
>>> scenario = sim.load_scenario("scenarios/example_gas.yaml")      # doctest: +SKIP
>>> results = sim.run(scenario, replications=20, seed=1)             # doctest: +SKIP
>>> results.summary()                                                # doctest: +SKIP
"""

from simulate.calendar import OfficeHours, WorkCalendar
from simulate.errors import CalendarError, Problem, ScenarioError, SimulateError
from simulate.experiments.attribution import Attribution, attribute
from simulate.experiments.compare import compare
from simulate.experiments.comparison import Comparison
from simulate.experiments.runner import run
from simulate.experiments.write import write_comparison
from simulate.io.dump import save_scenario
from simulate.io.loader import load_bundle, load_scenario, scenario_from_dict
from simulate.reforms.registry import REFORMS, apply_reform
from simulate.results import Results
from simulate.results.write import write_results
from simulate.scenario.diff import ScenarioDiff, diff_scenarios
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Choice, Detached, Parallel, Serial
from simulate.scenario.model import Arrivals, CalendarSpec, Desk, Rework, Scenario, Step, Threshold
from simulate.scenario.validate import validate

__all__ = [
    "REFORMS",
    "Arrivals",
    "Attribution",
    "CalendarError",
    "CalendarSpec",
    "Choice",
    "Comparison",
    "Desk",
    "Detached",
    "Duration",
    "OfficeHours",
    "Parallel",
    "Problem",
    "Results",
    "Rework",
    "Scenario",
    "ScenarioDiff",
    "ScenarioError",
    "Serial",
    "SimulateError",
    "Step",
    "Threshold",
    "WorkCalendar",
    "apply_reform",
    "attribute",
    "compare",
    "diff_scenarios",
    "load_bundle",
    "load_scenario",
    "run",
    "save_scenario",
    "scenario_from_dict",
    "validate",
    "write_comparison",
    "write_results",
]
