"""simulate: see what a business-environment reform does to the time a company waits.

>>> import simulate as sim
>>> scenario = sim.load_scenario("scenarios/example_gas.yaml")      # doctest: +SKIP
>>> results = sim.run(scenario, replications=20, seed=1)             # doctest: +SKIP
>>> results.summary()                                                # doctest: +SKIP
"""

from simulate.calendar import OfficeHours, Timeline, WorkCalendar, deadline, timeline_of
from simulate.calibration.build import calibrate
from simulate.calibration.holdout import Holdout, validate_holdout
from simulate.calibration.logs import EventLog, read_log
from simulate.calibration.report import Calibration
from simulate.errors import CalendarError, Problem, ScenarioError, SimulateError
from simulate.experiments.attribution import Attribution, attribute
from simulate.experiments.compare import compare
from simulate.experiments.comparison import Comparison
from simulate.experiments.runner import run
from simulate.experiments.sensitivity import Sensitivity, sensitivity
from simulate.experiments.staffing import Staffing, most_arrivals, smallest_limit, staffing
from simulate.experiments.sweep import SweepResult, sweep
from simulate.experiments.write import write_comparison
from simulate.explore import explore
from simulate.io.dump import save_scenario, to_yaml
from simulate.io.loader import load_bundle, scenario_from_dict
from simulate.library import library_names, load_scenario
from simulate.offered_load import DeskLoad, offered_load
from simulate.reforms import REFORMS, Reform, apply_reform
from simulate.reporting import write_report
from simulate.results import Results, RunMeta
from simulate.results.verdicts import SteadyState, Verdict
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
    "Calibration",
    "Choice",
    "Comparison",
    "Desk",
    "DeskLoad",
    "Detached",
    "Duration",
    "EventLog",
    "Flow",
    "Holdout",
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
    "Sensitivity",
    "Serial",
    "SimulateError",
    "Staffing",
    "SteadyState",
    "Step",
    "SweepResult",
    "Threshold",
    "Timeline",
    "Verdict",
    "WorkCalendar",
    "apply_reform",
    "attribute",
    "calibrate",
    "column_labels",
    "compare",
    "deadline",
    "diff_scenarios",
    "explore",
    "get_language",
    "library_names",
    "load_bundle",
    "load_scenario",
    "most_arrivals",
    "offered_load",
    "read_log",
    "run",
    "save_scenario",
    "scenario_from_dict",
    "sensitivity",
    "set_language",
    "smallest_limit",
    "staffing",
    "sweep",
    "timeline_of",
    "to_yaml",
    "validate",
    "validate_holdout",
    "write_comparison",
    "write_report",
    "write_results",
]
