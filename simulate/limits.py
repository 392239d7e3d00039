"""Resource limits on what `simulate` reads and runs, each raised by an environment variable.

A scenario file is small text; a run is a few thousand cases. These limits stop a mistyped
number or a hostile file (an alias bomb, ``/dev/zero``, a cohort of a billion) from taking the
machine's memory or an hour before anything is said. Each limit is read when it is checked,
so ``export SIMULATE_MAX_ARRIVALS=5000000`` (or ``os.environ[...] = ...`` in a notebook) raises
it for the next load or run, worker processes included. Every message that cites a limit
names its variable (:func:`raise_hint`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from simulate.strings import text


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit: its environment variable, default value and what it counts."""

    variable: str
    default: int
    #: what it counts, in English (the catalogue's ``limit.<variable>`` says it in each language)
    what: str

    def value(self) -> int:
        """The limit now: the environment variable when it is a positive whole number, else the default."""
        text = os.environ.get(self.variable, "").strip().replace("_", "")
        if text.isdigit() and int(text) > 0:
            return int(text)
        return self.default


#: Bytes of a scenario file or an arrivals CSV file.
FILE_BYTES = Limit("SIMULATE_MAX_FILE_BYTES", 10 * 2**20, "bytes in one input file")
#: YAML nodes of a scenario file, each alias counted again for every place it is used.
YAML_NODES = Limit("SIMULATE_MAX_YAML_NODES", 100_000, "YAML values in one scenario file")
#: Nesting depth of a scenario file's YAML.
YAML_DEPTH = Limit("SIMULATE_MAX_YAML_DEPTH", 100, "levels of nesting in one scenario file")
#: Submissions in one replication (expected ones for Poisson arrivals).
ARRIVALS = Limit("SIMULATE_MAX_ARRIVALS", 1_000_000, "submissions in one replication")
#: Rounds of 补正 (rework) one step may send a case through.
REWORK_ROUNDS = Limit("SIMULATE_MAX_REWORK_ROUNDS", 1_000, "rework rounds of one step")
#: Replications of one run.
REPLICATIONS = Limit("SIMULATE_MAX_REPLICATIONS", 100_000, "replications of one run")

ALL = (FILE_BYTES, YAML_NODES, YAML_DEPTH, ARRIVALS, REWORK_ROUNDS, REPLICATIONS)


def raise_hint(limit: Limit) -> str:
    """How to raise ``limit``, in the chosen language: ``the limit is N ... (SIMULATE_...); if
    this is intended, raise it: export SIMULATE_...=10N``."""
    now = limit.value()
    what = text(f"limit.{limit.variable}")
    return text("limit.raise", value=now, what=what, variable=limit.variable, higher=now * 10)
