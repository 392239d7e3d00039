"""A channel mix whose online share varies by a category attribute (``channels.by``).

Hand-worked: with 40% simple cases online at 90% and 60% general cases online at 20%, the
overall online share is 0.4 * 0.9 + 0.6 * 0.2 = 0.48; among online cases 0.36 / 0.48 = 75% are
simple, among in-person cases 0.04 / 0.52 = 7.69%.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simulate as sim
from simulate import cli
from simulate.io.dump import to_yaml
from simulate.scenario.attributes import Channels
from simulate.scenario.validate import check_scenario

HEAD = """\
name: by_channel
start: 2024-03-04
horizon_working_days: 20
calendar: {days: every_day, office_hours: "24h"}
desks:
  counter: {staff: 1000}
steps:
  - {id: apply, desk: counter, visit: true, duration: {working_hours: 1}}
flow: [apply]
attributes:
  project: {shares: {simple: 0.4, general: 0.6}, assumption: "two in five simple"}
"""

MIX = "channels: {by: project, online_share: {simple: 0.9, general: 0.2}}\n"


def _load(tmp_path: Path, arrivals: str, channels: str = MIX) -> sim.Scenario:
    text = HEAD + arrivals + channels
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    return sim.load_scenario(path)


def test_the_overall_share_and_the_shares_given_the_channel(tmp_path: Path) -> None:
    s = _load(tmp_path, "arrivals: {cohort: 100, date: 2024-03-04}\n")
    mix = s.channels
    assert mix is not None
    assert mix.by == "project"
    assert mix.by_shares == (("simple", 0.9), ("general", 0.2))
    assert mix.online_share == pytest.approx(0.48)
    online, in_person = mix.given_channel(s.attribute("project"))
    np.testing.assert_allclose(online, [0.75, 0.25])
    np.testing.assert_allclose(in_person, [0.04 / 0.52, 0.48 / 0.52])


@pytest.mark.parametrize(
    "arrivals",
    ["arrivals: {cohort: 5000, date: 2024-03-04}\n", "arrivals: {per_working_day: 250}\n"],
    ids=["cohort", "poisson"],
)
def test_each_category_goes_online_at_its_own_share(tmp_path: Path, arrivals: str) -> None:
    s = _load(tmp_path, arrivals)
    r = sim.run(s, replications=2, seed=7, progress=False)
    cases = r.cases
    online = (cases["channel"] == "online").to_numpy()
    simple = (cases["project"] == "simple").to_numpy()
    n = len(cases)
    assert n >= 9000
    # about 4,000 simple and 6,000 general cases: a standard error below 0.006 each, so
    # these bounds are more than four of them wide and a 5% error in any share fails
    assert simple.mean() == pytest.approx(0.4, abs=0.02)
    assert online[simple].mean() == pytest.approx(0.9, abs=0.02)
    assert online[~simple].mean() == pytest.approx(0.2, abs=0.02)
    assert online.mean() == pytest.approx(0.48, abs=0.02)
    # online cases make no visit, in-person cases one
    np.testing.assert_array_equal(cases["visits"].to_numpy(), (~online).astype(int))
    again = sim.run(s, replications=2, seed=7, progress=False, jobs=2)
    pd.testing.assert_frame_equal(again.cases, cases)


def test_a_mix_by_attribute_survives_saving(tmp_path: Path) -> None:
    s = _load(tmp_path, "arrivals: {cohort: 100, date: 2024-03-04}\n")
    again = tmp_path / "again.yaml"
    again.write_text(to_yaml(s), "utf-8")
    loaded = sim.load_scenario(again)
    assert loaded.channels == s.channels
    assert loaded.digest() == s.digest()


def test_the_online_reform_gives_every_case_one_share(tmp_path: Path) -> None:
    s = _load(tmp_path, "arrivals: {cohort: 100, date: 2024-03-04}\n")
    after = sim.apply_reform(s, "online", steps=["apply"], share=0.8)
    assert after.channels is not None
    assert after.channels.by is None
    assert after.channels.online_share == 0.8
    with pytest.raises(sim.ScenarioError, match="lower the online share"):
        sim.apply_reform(s, "online", steps=["apply"], share=0.4)


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        (
            "channels: {by: colour, online_share: {simple: 0.9, general: 0.2}}\n",
            r":14: \[channels\.by\] must be a category attribute declared in attributes:, got 'colour'",
        ),
        (
            "channels: {by: size, online_share: {simple: 0.9, general: 0.2}}\n",
            r"\[channels\.by\] must be a category attribute",
        ),
        (
            "channels: {by: project, online_share: {simple: 0.9}}\n",
            r"\[channels\.online_share\] with by, give the online share of every category of project",
        ),
        (
            "channels: {by: project, online_share: 0.5}\n",
            r"\[channels\.online_share\] .*must be a mapping",
        ),
        (
            "channels: {by: project, online_share: {simple: 1.5, general: 0.2}}\n",
            r"\[channels\.online_share\.simple\] must be a probability",
        ),
    ],
)
def test_bad_mix_by_attribute_is_a_located_error(
    tmp_path: Path, channels: str, message: str
) -> None:
    text = (
        HEAD
        + "  size: {distribution: {values: [1, 2]}}\n"
        + "arrivals: {cohort: 100, date: 2024-03-04}\n"
        + channels
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(sim.ScenarioError, match=message):
        sim.load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2


def test_a_mix_by_attribute_built_in_python_is_checked(tmp_path: Path) -> None:
    s = _load(tmp_path, "arrivals: {cohort: 100, date: 2024-03-04}\n")
    unknown = s.with_changes(channels=Channels(online_share=0.5, by="colour"))
    assert [p.field for p in check_scenario(unknown)] == ["channels.by"]
    partial = s.with_changes(
        channels=Channels(online_share=0.5, by="project", by_shares=(("simple", 0.9),))
    )
    assert [p.field for p in check_scenario(partial)] == ["channels.online_share"]
    assert check_scenario(s) == []
