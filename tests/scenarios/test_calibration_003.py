"""红谷滩区's registration desk reproduces its own 2023 report (003): volumes, channels, times.

003 (the 开办企业 paragraph) reports for 2023-01-01..09-30, 187 working days: 9,066 new
entities (99.26% online), 21,046 变更 (41.58% online), 2,970 注销 (79.09% online; 2,084 of them
简易注销), all at the market-regulation registration desk, and the start-up done in 半天(三小时).
The calibrated model (company_registration/achieved_three_hours_003.yaml) must give back
these figures from its case table, within the tolerances stated at each check, and its
registration desk must be the fewest officers that keep the three hours
(docs/background/calibration-003.md).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

import simulate as sim

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "scenarios" / "company_registration" / "achieved_three_hours_003.yaml"

#: 003's nine months, in working days on the official calendar (2023-01-01..09-30)
REPORT_WORKING_DAYS = 187
#: 003's volumes and online shares by matter (注销 split into 简易 and the rest)
REPORTED = {
    "new": (9066, 0.9926),
    "change": (21046, 0.4158),
    "simple_deregistration": (2084, 0.7909),
    "deregistration": (886, 0.7909),
}
HOURS_PER_DAY = 7.0  # the scenario's office hours: 09:00-12:00, 13:00-17:00


@functools.cache
def scenario() -> sim.Scenario:
    return sim.load_scenario(FILE)


def _run(staff: int | None = None) -> sim.Results:
    s = scenario()
    if staff is not None:
        desks = tuple(
            replace(d, staff=staff) if d.id == "registration_desk" else d for d in s.desks
        )
        s = s.with_changes(desks=desks)
    return sim.run(s, progress=False)


@functools.cache
def results() -> sim.Results:
    return _run()


def _measured(r: sim.Results):  # type: ignore[no-untyped-def]
    return r.cases[~r.cases["in_warmup"]]


def test_the_calendar_has_the_working_days_the_rate_assumes() -> None:
    calendar = scenario().work_calendar()
    first = date(2023, 1, 1)
    days = sum(calendar.is_working_day(first + timedelta(days=i)) for i in range(273))
    assert first + timedelta(days=273) == date(2023, 10, 1)
    assert days == REPORT_WORKING_DAYS
    assert calendar.hours_per_day == HOURS_PER_DAY


def test_the_inputs_are_003s_figures() -> None:
    s = scenario()
    total = sum(n for n, _ in REPORTED.values())
    assert total == 9066 + 21046 + 2970
    # the rate is 003's total over 187 working days, to its one decimal
    assert s.arrivals.per_working_day * REPORT_WORKING_DAYS == pytest.approx(total, rel=5e-4)
    shares = dict(s.attribute("matter").shares)
    for matter, (count, _) in REPORTED.items():
        assert shares[matter] == pytest.approx(count / total, abs=1e-6)


def test_volumes_by_matter_from_the_case_table() -> None:
    s = scenario()
    cases = _measured(results())
    measured_days = (s.horizon_working_days - s.warmup_working_days) * s.replications
    for matter, (count, _) in REPORTED.items():
        per_report = (cases["matter"] == matter).sum() / measured_days * REPORT_WORKING_DAYS
        # tolerance: 5% for new and 变更 (several thousand cases a run, a Poisson standard
        # error near 1%), 10% for the two 注销 kinds (a few hundred to two thousand cases)
        tolerance = 0.05 if count > 5000 else 0.10
        assert per_report == pytest.approx(count, rel=tolerance), matter
    deregistrations = cases["matter"].isin(["simple_deregistration", "deregistration"]).sum()
    per_report = deregistrations / measured_days * REPORT_WORKING_DAYS
    assert per_report == pytest.approx(2970, rel=0.05)


def test_online_shares_by_matter() -> None:
    cases = _measured(results())
    online = cases["channel"] == "online"
    # at least four binomial standard errors of each group's share (a thousand to 25,000
    # cases a run): 2 points for new and 变更, 3 for 简易注销, 5 for the other 注销
    tolerance = {"new": 0.02, "change": 0.02, "simple_deregistration": 0.03, "deregistration": 0.05}
    for matter, (_, share) in REPORTED.items():
        mine = online[cases["matter"] == matter].mean()
        assert mine == pytest.approx(share, abs=tolerance[matter]), matter


def _new_within_three_hours(r: sim.Results) -> float:
    cases = _measured(r)
    new = cases[cases["matter"] == "new"]
    return float((new["elapsed_working_days"] * HOURS_PER_DAY <= 3.0).mean())


def test_new_companies_are_done_in_three_hours_and_the_desk_is_the_fewest_that_does_it() -> None:
    # 003: 全流程半天(三小时)办结, read as at least 95% of new companies within 3 working hours
    r = results()
    assert scenario().desk("registration_desk").staff == 10
    assert _new_within_three_hours(r) >= 0.95
    verdict = next(v for v in r.verdicts() if v.target == "新设企业三小时办结")
    assert verdict.met
    # one officer fewer and the desk (about 97% busy) no longer keeps the three hours
    assert _new_within_three_hours(_run(staff=9)) < 0.95


def test_the_desk_is_shared_and_busy_as_calibrated() -> None:
    r = results()
    desk = r.summary().loc["utilisation:registration_desk", "value"]
    # hand-worked: mean service (lognormal, sigma = ln2 / 1.2816) is 1.157 x the median;
    # 176.9 a day x (0.274 x 0.4 + 0.636 x 0.25 + 0.090 x 0.3) h x 1.157 = 60.8 h a day
    # on 10 officers x 7 h
    expected = 176.9 * (0.274046 * 0.4 + 0.636177 * 0.25 + 0.089777 * 0.3) * 1.157 / 70
    assert expected == pytest.approx(0.868, abs=0.005)
    assert desk == pytest.approx(expected, rel=0.05)


def test_social_insurance_registration_within_one_day() -> None:
    # 003: 企业参保登记 ... 办结时间压缩至1天, read as one working day from entering the
    # queue to the end: a filing made late on a Friday ends on Monday, over 24 natural hours
    steps = results().steps
    insurance = steps[steps["step"] == "social_insurance"]
    assert len(insurance) > 0
    assert (insurance["elapsed_working_days"] <= 1.0).all()


def test_the_plans_limits_for_change_and_simple_deregistration_hold() -> None:
    verdicts = {v.target: v for v in results().verdicts()}
    assert verdicts["变更登记0.5个工作日"].met
    assert verdicts["简易注销1个工作日"].met
    assert verdicts["新设企业网上办件率"].met
