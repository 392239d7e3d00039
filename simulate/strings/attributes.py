"""Texts of case attributes at work: choices by attributes, limits per class, reforms for some
cases, and results split by attribute."""

from __future__ import annotations

ATTRIBUTE_MESSAGES: dict[str, tuple[str, str]] = {
    "problem.flow.when_and_p": (
        "选项要么按条件（when）选取，要么按概率（p）选取，不能两者都写",
        "an option is taken by its conditions (when) or by chance (p), not both",
    ),
    "problem.flow.when_or_p": (
        "删去 p（满足条件的办件都走这个选项）或删去 when",
        "drop p (every case meeting the conditions takes this option) or drop when",
    ),
    "problem.flow.no_rest": (
        "按条件分流时，不满足任何条件的办件也需要一个选项",
        "cases that meet no condition need an option too",
    ),
    "problem.flow.add_rest": (
        "加一个不带 when 的选项，例如 {example}",
        "add an option without when, e.g. {example}",
    ),
    "problem.flow.needs_p": (
        "不带 when 的选项不止一个时，每个都需要 p",
        "with several options without when, each needs p",
    ),
    "problem.flow.option_when": (
        "每个选项应包含 do，以及 p 或 when，实际为 {value}",
        "each option needs do and either p or when, got {value}",
    ),
}
