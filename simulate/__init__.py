"""simulate: see what a business-environment reform does to the time a company waits.

>>> import simulate as sim
>>> scenario = sim.load_scenario("scenarios/example_gas.yaml")      # doctest: +SKIP
>>> results = sim.run(scenario, replications=20, seed=1)             # doctest: +SKIP
>>> results.summary()                                                # doctest: +SKIP
"""

from simulate.calendar import OfficeHours, Timeline, WorkCalendar, timeline_of
from simulate.errors import CalendarError, Problem, ScenarioError, SimulateError
from simulate.experiments.attribution import Attribution, attribute
from simulate.experiments.compare import compare
from simulate.experiments.comparison import Comparison
from simulate.experiments.runner import run
from simulate.experiments.write import write_comparison
from simulate.io.dump import save_scenario, to_yaml
from simulate.io.loader import load_bundle, load_scenario, scenario_from_dict
from simulate.reforms import REFORMS, Reform, apply_reform
from simulate.results import Results, RunMeta
from simulate.results.write import write_results
from simulate.scenario.diff import ScenarioDiff, diff_scenarios
from simulate.scenario.durations import Duration
from simulate.scenario.flow import Choice, Detached, Flow, Parallel, Serial
from simulate.scenario.model import Arrivals, CalendarSpec, Desk, Rework, Scenario, Step, Threshold
from simulate.scenario.validate import validate
from simulate.strings import column_labels, get_language, set_language

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
    "Flow",
    "OfficeHours",
    "Parallel",
    "Problem",
    "Reform",
    "Results",
    "Rework",
    "RunMeta",
    "Scenario",
    "ScenarioDiff",
    "ScenarioError",
    "Serial",
    "SimulateError",
    "Step",
    "Threshold",
    "Timeline",
    "WorkCalendar",
    "apply_reform",
    "attribute",
    "column_labels",
    "compare",
    "diff_scenarios",
    "get_language",
    "load_bundle",
    "load_scenario",
    "run",
    "save_scenario",
    "scenario_from_dict",
    "set_language",
    "timeline_of",
    "to_yaml",
    "validate",
    "write_comparison",
    "write_results",
]
