"""Calibration from event logs (办件记录): read a log, fit a scenario, check it on a hold-out.

``logs`` reads and checks the log, ``stages`` groups raw activities, ``clock`` puts times on
the working-time clock, ``discover`` finds the flow and rework, ``fitting`` fits the numbers,
``build`` assembles the scenario, ``report`` writes it, ``holdout`` validates it.
"""
