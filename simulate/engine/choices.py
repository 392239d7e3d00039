"""Choices by attributes: which option each case takes by its attributes and channel.

A :class:`~simulate.scenario.flow.Choice` with ``when`` routes a case to the first option,
in order, whose conditions all hold; a case that meets none draws among the options without
conditions on the choice's own stream, as any choice does. The routing is decided once per
replication from the case columns, so it adds no random draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from simulate.scenario.attributes import holds
from simulate.scenario.flow import Choice


def first_rule(
    choice: Choice, columns: Mapping[str, np.ndarray], attributes: Mapping[str, Any], size: int
) -> list[int] | None:
    """Per case, the index of the option its first holding rule picks, or -1 when none holds
    (None for a choice by chance)."""
    if not choice.when:
        return None
    out = np.full(size, -1, dtype=np.int64)
    for k, rule in enumerate(choice.when):
        if rule:
            taken = (out < 0) & holds(rule, columns, attributes, size)
            out[taken] = k
    return [int(v) for v in out]


__all__ = ["first_rule"]
