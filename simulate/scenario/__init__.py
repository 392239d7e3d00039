"""The scenario model: steps, desks, the flow and its algebra, durations, limits, validation
and diffs. Pure data: no SimPy, no matplotlib, no file formats (those are in ``simulate.io``).
"""
