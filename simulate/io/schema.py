"""The allowed keys of every mapping in a scenario file, with a short meaning of each.

The loader checks keys against :data:`SCHEMA` (unknown keys get a "did you mean"), and
``docs/reference/scenario-file.md`` is generated from it, so the reference cannot drift.
"""

from __future__ import annotations

from simulate.scenario.durations import UNITS

PROVENANCE = {
    "source": 'a citation such as "000_f80ffa6c48ad881a.txt#L28"',
    "assumption": "a one-line reason for an assumed number",
    "fitted": "how the number was fitted to an event log: log file, columns, n, method, fit statistic",
}

#: The range a sensitivity run varies an assumed number over (desks, durations, arrivals, 补正).
RANGE = {
    "range": "[low, high]: the values a sensitivity run gives this assumed number "
    "(default: ±30% for durations and volumes, ±50% for probabilities, ±1 staff)",
}

#: Allowed keys of each mapping, with a short meaning (used in errors and the generated docs).
SCHEMA: dict[str, dict[str, str]] = {
    "scenario": {
        "name": "identifier of the scenario (lower-case letters, digits, _)",
        "label": "display label, Chinese welcome",
        "process": "process family, e.g. company_registration, power, water_gas, construction",
        "description": "what this variant is and where it comes from",
        "documents": "policy documents this scenario draws on",
        "extends": "path of a base scenario file (relative to this file) to inherit from",
        "start": "first day of the run (YYYY-MM-DD)",
        "horizon_working_days": "length of the run in working days, warm-up included (default 250)",
        "warmup_working_days": "working days at the start whose arrivals are left out of statistics (default 0)",
        "replications": "default number of independent replications (default 10)",
        "seed": "default random seed (default: fresh entropy, recorded in the results)",
        "calendar": "which days are working days and the standard office hours",
        "arrivals": "how cases arrive: per_working_day, cohort or csv",
        "time_limit": "the promised or statutory limit of the whole case, in working days",
        "thresholds": "extra shares to report, e.g. 半日办结率 (done within 0.5 working day)",
        "desks": "staff pools (窗口/科室) keyed by id",
        "steps": "the steps (环节) of the process",
        "flow": "how the steps compose: sequence, parallel, choice, optional",
        "rework": "补正 loops keyed by step id",
        "targets": "the plan's targets of every kind: time, stage, steps, visits, documents, fees, online",
        "attributes": "attributes every case carries, keyed by name: {shares: ...} or {distribution: ...}",
        "channels": "the channel mix: {online_share: p, any_hour: false, steps: [...]}",
        "reforms": "reforms applied in order, e.g. - parallel_approval: {steps: [a, b]}",
        **PROVENANCE,
    },
    "calendar": {
        "days": "official (Chinese official calendar) | weekdays | every_day",
        "office_hours": 'standard office hours, e.g. ["09:00-12:00", "13:00-17:00"] or "24h"',
        "holidays": "extra days off (YYYY-MM-DD); with `years`, the full list for those years",
        "workdays": "extra make-up working days (调休)",
        "years": "years whose holidays this file supplies itself (outside the official data)",
        **PROVENANCE,
    },
    "arrivals": {
        "per_working_day": "Poisson arrivals: mean cases per working day",
        "any_hour": "true: submissions at any hour of any day (online); default office hours only",
        "cohort": "N cases submitted together on `date` (isolates the process from congestion)",
        "date": "date of the cohort (YYYY-MM-DD)",
        "csv": "CSV file of submissions (column `submitted`: date or datetime), relative to this file",
        **PROVENANCE,
        **RANGE,
    },
    "time_limit": {
        "working_days": "limit of the whole case in working days",
        "working_hours": "or in working hours (converted with the calendar's office hours per day)",
        "statistic": "max (default: every case within the limit, 以内) or mean (an average limit, 平均)",
        "by": "limits of classes of cases: [{when: {...}, working_days: N, source: ...}]; the first class a case meets gives its limit",
        **PROVENANCE,
    },
    "limit_class": {
        "when": "the cases of the class: attribute conditions, all of which must hold",
        "working_days": "the class's limit in working days",
        "working_hours": "or in working hours",
        **PROVENANCE,
    },
    "threshold": {
        "working_days": "report the share of cases done within this many working days",
        "working_hours": "or within this many working hours (converted with the calendar's office hours per day)",
        "label": "its name, e.g. 半日办结率",
        "target_share": "the plan's target share (0-1), drawn on charts",
        **PROVENANCE,
    },
    "desk": {
        "label": "display label",
        "staff": "number of staff serving in parallel (integer >= 1)",
        "hours": 'office hours, e.g. ["09:00-12:00", "13:00-17:00"] or "24h" (default: calendar)',
        "every_day": "true: open on weekends and holidays too (an online system)",
        "priority": "绿色通道: cases whose attributes meet every condition are served first, e.g. {exporter_class: class1}",
        **PROVENANCE,
        **RANGE,
    },
    "step": {
        "id": "identifier, unique in the scenario",
        "label": "display label (环节名称)",
        "stage": "the stage (阶段) it belongs to, e.g. 工程建设许可: consecutive steps of one stage are framed together in the process map",
        "desk": "desk id for a staffed step; omit for a pure delay",
        "actor": "whose time it is: agency | applicant | third_party (default agency)",
        "duration": "how long: {working_hours|working_days|natural_hours|natural_days: VALUE}",
        "limit": "this step's own limit: {working_days: N}",
        "visit": "true if it needs an in-person visit (跑动)",
        "travel": "applicant travel before a visit: a duration",
        "documents": "number of documents required",
        "procedure": "counts as a procedure (环节) in step counts (default true)",
        "clock_stop": "true: its time does not count against limits (行政许可法 art. 45)",
        "default_approval": "true: past its limit the step counts as approved (超时默认)",
        "auto_share": "share of cases approved automatically without staff (秒批), 0-1",
        "fee": "fee charged to the applicant at this step, yuan (checked by a fees target)",
        "when": "only cases whose attributes meet every condition pass this step, e.g. {capacity_kva: {max: 160}}",
        "batch": "集中办理: cases start this step in batches: {every_working_days: N} (a session every N working days) and/or {size: k} (as soon as k have gathered)",
        **PROVENANCE,
    },
    "target": {
        "kind": "time | stage | steps | visits | documents | fees | online",
        "working_days": "time, stage: the mark in working days",
        "working_hours": "time, stage: or in working hours",
        "max": "steps, visits, documents, fees: at most this many per case (以内)",
        "mean": "steps, visits, documents, fees: at most this many per case on average (平均)",
        "min": "online: the share of cases submitted online must reach this (0-1)",
        "statistic": "time, stage: max (default: a share of cases within, 以内) or mean (平均)",
        "share": "with max: the share of cases that must stay within (default 0.9 for time and stage, 1 for counts)",
        "steps": "stage: the step ids of the stage or parallel group, timed from the first entered to the last ended",
        "when": "judge only cases whose attributes meet every condition, e.g. {capacity_kva: {max: 160}}",
        "label": "its name, e.g. 半日办结率 or 跑动次数",
        **PROVENANCE,
    },
    "attribute": {
        "label": "display label",
        "shares": "a category: {value: share, ...}, shares summing to 1",
        "distribution": "a number: {fixed|median+p90|min+mode+max|mean|values}, as a duration's value",
        **PROVENANCE,
    },
    "channels": {
        "online_share": "share of cases submitted online (0-1); the rest come in person. With by: {category: share, ...}",
        "by": "a category attribute whose categories have online shares of their own (online_share gives each)",
        "any_hour": "true: online submissions at any hour of any day; default office hours on working days",
        "steps": "steps an online case does without a visit or trip (default: every step, 全程网办)",
        **PROVENANCE,
    },
    "condition": {
        "min": "the attribute is at least this",
        "max": "the attribute is at most this",
    },
    "duration": {
        **{u: f"value in {u.replace('_', ' ')}" for u in UNITS},
        **PROVENANCE,
        **RANGE,
    },
    "duration_value": {
        "fixed": "always this value",
        "median": "lognormal: median (with p90)",
        "p90": "lognormal: 90th percentile (with median)",
        "min": "triangular: minimum (with mode, max)",
        "mode": "triangular: most likely (with min, max)",
        "max": "triangular: maximum (with min, mode)",
        "mean": "exponential: mean",
        "values": "empirical: observed values, resampled",
    },
    "batch": {
        "every_working_days": "a session every this many working days, at the opening of office hours; all gathered cases start the step",
        "size": "or: a batch starts as soon as this many cases have gathered (integer >= 2)",
        **PROVENANCE,
    },
    "limit": {
        "working_days": "step limit in working days",
        "working_hours": "or in working hours",
        **PROVENANCE,
    },
    "rework": {
        "p_incomplete": "probability the documents are incomplete after the step (0-1)",
        "makeup": "applicant's make-up time: a duration",
        "max_rounds": "most rounds of 补正 (default 3)",
        "alongside": "true: the make-up runs alongside (容缺受理) instead of sending the case back",
        "before": "with alongside: step that may not start before the make-up is done",
        "p_fail": "with alongside: probability a make-up fails and the case goes back (0-1)",
        "clock_stop": "true: the make-up time after a send-back does not count against limits (补正, 行政许可法)",
        **PROVENANCE,
        **RANGE,
    },
}

RUN_CONTROL = ("start", "horizon_working_days", "warmup_working_days", "replications", "seed")
