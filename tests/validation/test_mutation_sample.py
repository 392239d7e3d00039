"""A fixed-seed sample of mutants of the engine, the calendar and durations, run in every
test session so the mutation score is in the CI log (the full campaign is run on demand,
see docs/background/mutation-testing.md)."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The sample: small enough for a minute or two of CI, fixed so the numbers are comparable.
SAMPLE, SEED = 12, 20261201

#: The full campaign killed 88% of its sample and every survivor was an equivalent mutant;
#: a sample of 12 this far below would mean tests have stopped seeing real changes.
FLOOR = 0.75


@pytest.mark.validation
def test_a_sample_of_mutants_is_killed(report_mutation_score: Callable[[str], None]) -> None:
    spec = importlib.util.spec_from_file_location("mutation_test", ROOT / "tools/mutation_test.py")
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules["mutation_test"] = tool  # dataclasses look their module up
    spec.loader.exec_module(tool)
    every = list(tool.mutants())
    chosen = sorted(random.Random(SEED).sample(every, SAMPLE), key=every.index)
    results = tool.campaign(chosen, timeout=120.0, jobs=2, progress=False)
    killed = sum(outcome == "killed" for _, outcome in results)
    survivors = [f"{m.path}:{m.line} {m.what}" for m, outcome in results if outcome == "survived"]
    report_mutation_score(
        f"mutation sample (seed {SEED}): {killed} of {len(results)} mutants killed "
        f"({killed / len(results):.0%}) out of {len(every)}"
        + "".join(f"\n  survived: {s}" for s in survivors)
    )
    assert len(results) == SAMPLE
    assert killed / len(results) >= FLOOR, survivors
