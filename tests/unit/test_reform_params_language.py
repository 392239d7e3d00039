"""Problems with a reform's parameters speak the chosen language, with the field and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulate as sim
from simulate.strings import set_language

BASELINE = Path(__file__).parents[2] / "scenarios" / "construction" / "baseline.yaml"


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language(None)


def test_an_unknown_step_in_a_reform_is_named_in_chinese_with_a_suggestion(chinese) -> None:
    scenario = sim.load_scenario(BASELINE)
    step = scenario.steps[-1].id
    with pytest.raises(sim.ScenarioError) as caught:
        sim.apply_reform(scenario, "parallel_approval", steps=[step, step + "x"])
    message = str(caught.value)
    assert f"未知的环节 '{step}x'" in message
    assert "steps[1]" in message
    assert step in message.split("未知的环节")[1]  # did-you-mean names the real step


def test_a_share_out_of_range_says_the_span_in_chinese(chinese) -> None:
    scenario = sim.load_scenario(BASELINE)
    step = scenario.steps[0].id
    with pytest.raises(sim.ScenarioError) as caught:
        sim.apply_reform(scenario, "auto_approval", step=step, share=1.5)
    message = str(caught.value)
    assert "[auto_approval.share] 应在 (0, 1] 之内，实际为 1.5" in message
    assert "请用 (0, 1] 之内的数" in message
