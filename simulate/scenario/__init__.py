"""Scenario model, YAML loading and reforms: pure data, no SimPy, no matplotlib."""

from simulate.scenario import reform_library as _reform_library  # registers the reforms

del _reform_library
