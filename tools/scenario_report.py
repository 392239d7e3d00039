"""Generate docs/scenarios.md: what the model says about each plan's targets.

    python tools/scenario_report.py                     # all processes, 10 replications
    python tools/scenario_report.py --replications 20 --seed 1
    python tools/scenario_report.py --only water_gas --out water_gas.md

For each process folder under scenarios/, every baseline (a file without `extends:`) is
compared with the variants built on it, on common random numbers: the plan's target, the
simulated mean and P90 elapsed working days and the on-time rate (with 95% intervals), and
how many days each variant buys against its baseline. Where a scenario misses its target
(fewer than 90% of cases within the limit, or a threshold share below its target), the
script adds staff to the busiest desk, one at a time, and reports the smallest staffing that
reaches the target, or says plainly that staffing alone cannot.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import yaml

import simulate as sim
from simulate.library import scenario_files

ROOT = Path(__file__).resolve().parent.parent
REACHED = 0.90  # share of cases within the limit that counts as meeting a 以内 target
MAX_STAFF = 60  # at most this many staff at any desk in the staffing search

PROCESS_TITLES = {
    "company_registration": "开办企业 Company registration",
    "power": "获得电力 Power connection",
    "water_gas": "获得用水用气 Water and gas connection",
    "construction": "工程建设项目审批 Construction approval",
    "property_registration": "不动产登记 Property registration",
    "export_refund": "出口退税 Export tax refunds",
    "business_permit": "涉企经营许可 Business permits (准营)",
}


def _groups(folder: Path) -> dict[Path, list[Path]]:
    """Baseline file -> the variant files that extend it (directly or through another variant)."""
    parent: dict[Path, Path | None] = {}
    for path in scenario_files(folder):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ext = raw.get("extends")
        parent[path] = (path.parent / ext).resolve() if ext else None
    groups: dict[Path, list[Path]] = defaultdict(list)
    for path in parent:
        root = path.resolve()
        while parent.get(Path(root)) is not None or parent.get(_match(parent, root)) is not None:
            nxt = parent.get(_match(parent, root))
            if nxt is None:
                break
            root = nxt
        base = _match(parent, root)
        if base == path:
            groups.setdefault(base, [])
        else:
            groups[base].append(path)
    return dict(groups)


def _match(parent: dict[Path, Path | None], resolved: Path) -> Path:
    for p in parent:
        if p.resolve() == resolved:
            return p
    return resolved


def _fmt(value: float, lo: float, hi: float, share: bool = False) -> str:
    if math.isnan(value):
        return "n/a"
    if share:
        return (
            f"{100 * value:.0f}% ({100 * lo:.0f}–{100 * hi:.0f})"
            if not math.isnan(lo)
            else f"{100 * value:.0f}%"
        )
    return f"{value:.2f} ({lo:.2f}–{hi:.2f})" if not math.isnan(lo) else f"{value:.2f}"


def _missed(res: sim.Results) -> list[str]:
    """The targets a run misses, as readable phrases (empty when it meets them all)."""
    return [
        v.statement.split(", under these assumptions")[0]
        for v in res.verdicts(REACHED)
        if not v.met
    ]


def _rests_on(res: sim.Results) -> str:
    """The assumed inputs the verdicts rest on most, by step id."""
    verdicts = res.verdicts(REACHED)
    if not verdicts or not verdicts[0].assumptions:
        return ""
    names = [
        "arrival volume"
        if a.startswith("arrival volume")
        else a.split("): ")[0].rsplit(" (", 1)[-1]
        for a in verdicts[0].assumptions
    ]
    return f" Rests most on: {', '.join(names)}."


def _days(working_days: float, scenario: sim.Scenario) -> str:
    """A limit in working days as the plan wrote it: ``2 h (0.29)`` for one set in office
    hours (a whole number of hours, not a round share of a day), else ``0.5``, ``70``."""
    hours = working_days * scenario.calendar.office_hours.hours_per_day
    in_hours = (
        abs(hours - round(hours)) < 1e-6
        and abs(100 * working_days - round(100 * working_days)) > 1e-6
    )
    return f"{round(hours):g} h ({working_days:.2f})" if in_hours else f"{working_days:g}"


def _steps_over_limit(res: sim.Results, scenario: sim.Scenario) -> str:
    """The steps that pass their own limit (承诺/法定时限 of a step) in at least 1% of their
    runs, worst first: a step limit is a target too, and a reform that only tightens limits
    changes no elapsed day but can break them."""
    steps = res.steps
    if "over_limit" not in steps.columns:
        return ""
    measured = res.cases.loc[~res.cases["in_warmup"], ["replication", "case"]]
    timed = steps[steps["over_limit"].notna() & ~steps["detached"].astype(bool)]
    timed = timed.merge(measured, on=["replication", "case"])
    if timed.empty:
        return ""
    shares = timed.groupby("step")["over_limit"].mean().sort_values(ascending=False)
    parts = []
    for step_id, share in shares.items():
        if share < 0.01:
            continue
        step = scenario.step(str(step_id))
        limit = step.limit_working_days
        parts.append(f"{step.label or step_id} ({limit:g} wd) {100 * share:.0f}%")
    if not parts:
        return ""
    return f" Steps over their own limits: {', '.join(parts)}."


def _smallest_staffing(s: sim.Scenario, replications: int, seed: int, jobs: int) -> str:
    """The least staff per desk that meets every target (simulate.staffing), or why none does."""
    found = sim.staffing(
        s,
        replications=replications,
        seed=seed,
        max_staff=MAX_STAFF,
        reached=REACHED,
        executor="process" if jobs > 1 else "serial",
        jobs=jobs,
    )
    return found.statement


def _hinges(s: sim.Scenario, args: argparse.Namespace) -> str:
    """What the verdict hinges on (simulate.sensitivity), or "not assessed"."""
    if not args.sensitivity:
        return "not assessed"
    try:
        found = sim.sensitivity(
            s,
            replications=args.sensitivity_replications,
            seed=args.seed,
            levels=args.levels,
            reached=REACHED,
            executor="process" if args.jobs > 1 else "serial",
            jobs=args.jobs,
            progress=False,
        )
    except sim.SimulateError as err:
        return f"not assessed: {err}"
    return found.sentence()


def process_section(folder: Path, args: argparse.Namespace) -> list[str]:
    """The markdown of one process folder."""
    replications, seed = args.replications, args.seed
    title = PROCESS_TITLES.get(folder.name, folder.name)
    lines = [f"## {title}", ""]
    for base, variants in sorted(_groups(folder).items()):
        paths = [base, *sorted(variants)]
        scenarios = [sim.load_scenario(p) for p in paths]
        cmp = sim.compare(scenarios, replications=replications, seed=seed, progress=False)
        table = cmp.table().set_index(["metric", "scenario"])
        lines += [
            f"### {scenarios[0].label or scenarios[0].name}",
            "",
            f"Baseline `{base.relative_to(ROOT)}`; {len(variants)} variant(s).",
            "",
        ]
        lines += [
            "| scenario | target (working days) | mean elapsed | P90 elapsed | P90 counted | on time (own limit) | mean vs baseline | verdict (under these assumptions) | what it hinges on |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for s, name, res in zip(scenarios, cmp.names, cmp.results, strict=True):

            def cell(
                metric: str, share: bool = False, name: str = name, table: pd.DataFrame = table
            ) -> str:
                if (metric, name) not in table.index:
                    return "n/a"
                r = table.loc[(metric, name)]
                return _fmt(r["value"], r["ci_low"], r["ci_high"], share)

            diff = "—"
            if name != cmp.names[0]:
                r = table.loc[("mean_elapsed_working_days", name)]
                diff = f"{r['diff']:+.2f} ({r['diff_ci_low']:+.2f} to {r['diff_ci_high']:+.2f})"
            target = _days(s.time_limit_working_days, s) if s.time_limit_working_days else "none"
            if s.time_limit_working_days and s.time_limit_statistic == "mean":
                target += " on average"
            for t in s.thresholds:
                if t.target_share is not None:
                    target += f"; {t.label or 'share'} ≥ {100 * t.target_share:.0f}% within {t.working_days:.3g}"
            if s.targets:
                target += f"; {len(s.targets)} target(s) of their own"
            missed = _missed(res)
            verdict = (
                "meets the target."
                if not missed
                else "misses: "
                + "; ".join(missed)
                + ". "
                + _smallest_staffing(s, replications, seed, args.jobs).rstrip(".")
                + "."
            )
            if (
                not s.time_limit_working_days
                and not any(t.target_share for t in s.thresholds)
                and not s.targets
            ):
                verdict, hinges = "no target in the plans", "—"
            else:
                verdict += _rests_on(res)
                hinges = _hinges(s, args)
            verdict += _steps_over_limit(res, s)
            own = res.summary().loc["on_time_rate"]
            on_time = _fmt(own["value"], own["ci_low"], own["ci_high"], True)
            if s.time_limit_statistic == "mean" and s.time_limit_working_days:
                on_time = (
                    "n/a (average limit: mean counted " + cell("mean_counted_working_days") + ")"
                )
            lines.append(
                f"| {s.label or s.name} (`{name}`) | {target} | {cell('mean_elapsed_working_days')} | {cell('p90_elapsed_working_days')} | {cell('p90_counted_working_days')} | {on_time} | {diff} | {verdict} | {hinges} |"
            )
        lines.append("")
    return lines


def _targets_tool():  # type: ignore[no-untyped-def]
    """tools/targets_section.py (a sibling script, not a package module)."""
    spec = importlib.util.spec_from_file_location(
        "targets_section", Path(__file__).resolve().parent / "targets_section.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    """Write the report."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--replications", "-n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", default=[], help="process folder(s) to include")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "scenarios.md")
    ap.add_argument(
        "--sensitivity",
        action="store_true",
        help="say what each verdict hinges on (one-at-a-time sensitivity of every assumption)",
    )
    ap.add_argument("--sensitivity-replications", type=int, default=4)
    ap.add_argument("--levels", type=int, default=3, help="values per assumption (default 3)")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="worker processes")
    args = ap.parse_args(argv)
    from simulate.strings import set_language

    set_language("en")  # the page is English, whatever SIMULATE_LANG says
    folders = sorted(
        p for p in (ROOT / "scenarios").iterdir() if p.is_dir() and p.name != "sources"
    )
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    lines = [
        "# What the model says about the plans",
        "",
        f"Generated by `python tools/scenario_report.py --replications {args.replications} --seed {args.seed}"
        + (
            f" --sensitivity --sensitivity-replications {args.sensitivity_replications} --levels {args.levels}`;"
            if args.sensitivity
            else "`;"
        ),
        "do not edit by hand. Each row is a shipped scenario under `scenarios/`; every number in those",
        "files cites a plan line (`source:`) or states an assumption (`assumption:`). Values are means over",
        f"{args.replications} replications with 95% intervals in brackets; variants run on common random",
        'numbers with their baseline, so "mean vs baseline" is a paired difference in working days',
        "(negative = faster). 'P90 counted' counts days as the law counts them (from the day after",
        "acceptance, 行政许可法 art. 82 and 民法典 art. 201; see docs/background/day-counting.md) and",
        "leaves out clock-stop time (the applicant's design and building work, third-party services,",
        "补正 where the file says so): it is what the limit is checked against. A limit to finish within (以内) counts as met when at least 90% of cases finish",
        "within it, an average limit (平均) when the mean counted time is within it,",
        "(clock-stop time not counted) and every threshold share reaches its target. Where a target is",
        "missed, `simulate.staffing` searches the least staff per desk that meets it (at most 60 at a",
        "desk), checked again with fresh replications, or says that no staffing reaches it.",
        '"What it hinges on" is `simulate.sensitivity`: every number tagged `assumption:` varied one at a',
        "time over its range (±30% durations and volumes, ±50% probabilities, ±1 staff) on common",
        'random numbers; "robust" means no single assumption flips the verdict within its range.',
        '"Steps over their own limits" lists the steps with a limit of their own (a statutory or',
        "promised 承诺时限 of one step) that pass it in at least 1% of their runs: a reform that only",
        "tightens limits changes no elapsed day (+0.00) but shows here how often work breaks them.",
        "",
        "Staff counts, volumes (except 003's company registrations), durations and rework rates are",
        'assumptions: the plans give targets, not resources. Read a miss as "not with these assumptions".',
        "",
    ]
    for folder in folders:
        lines += process_section(folder, args)
    targets = _targets_tool()
    text = targets.replace_section("\n".join(lines), targets.section_lines())
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
