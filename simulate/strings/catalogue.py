"""Every message a planner reads, as (Chinese, English) ``str.format`` templates.

Both templates of a key take the same ``{fields}``; tests/unit/test_strings.py checks it.
"""

from __future__ import annotations

from simulate.strings.attributes import ATTRIBUTE_MESSAGES
from simulate.strings.calendar import CALENDAR_MESSAGES
from simulate.strings.cli import CLI_MESSAGES
from simulate.strings.commands import COMMAND_MESSAGES
from simulate.strings.problems import PROBLEM_MESSAGES
from simulate.strings.reading import READING_MESSAGES
from simulate.strings.reform_checks import REFORM_CHECK_MESSAGES
from simulate.strings.reforms import REFORM_PARAM_MESSAGES
from simulate.strings.report import REPORT_MESSAGES
from simulate.strings.targets import TARGET_MESSAGES
from simulate.strings.workbook import WORKBOOK_MESSAGES

#: Reports, metrics, comparison, attribution, diff and error framing.
TEXTS: dict[str, tuple[str, str]] = {
    # errors (simulate/errors.py)
    "error.fix": ("；{fix}", "; {fix}"),
    "error.no_file": ("<情景>", "<scenario>"),
    "error.problems": (
        "共 {count} 个问题{where}；未运行任何内容。",
        "{count} problem{plural}{where}; nothing was run.",
    ),
    "error.in_file": ("（{file}）", " in {file}"),
    "error.did_you_mean": ("是否想写 '{name}'？", "did you mean '{name}'?"),
    "error.known": ("可选：{names}", "known: {names}"),
    "error.none": ("（无）", "(none)"),
    "error.prefix": ("错误：{message}", "error: {message}"),
    "error.interrupted": ("已中断；未写出任何输出", "interrupted; no output was written"),
    "error.unknown_reform": ("未知的改革举措 {name!r}", "unknown reform {name!r}"),
    "error.see_reforms": (
        "运行 `simulate reforms` 查看全部举措",
        "see `simulate reforms` for the list",
    ),
    "error.unknown_field": ("未知字段 {name!r}", "unknown field {name!r}"),
    "error.required": ("缺少必填字段", "is required"),
    # field checks of scenario files (simulate/io/fields.py)
    "field.allowed": ("可用：{names}", "allowed: {names}"),
    "field.unknown_key": ("未知的键 '{key}'", "unknown key '{key}'"),
    "field.missing_key": ("缺少必填的键 '{key}'", "missing required key '{key}'"),
    "field.add_key": ("请添加 {key}:（{meaning}）", "add {key}: ({meaning})"),
    "field.not_mapping": (
        "应为映射（{what}），实际为 {value}",
        "must be a mapping ({what}), got {value}",
    ),
    "field.write_mapping": ("写作 {{键: 值, ...}}", "write it as {{key: value, ...}}"),
    "field.an_integer": ("整数", "an integer"),
    "field.a_number": ("数字", "a number"),
    "field.not_number": ("应为{kind}，实际为 {value}", "must be {kind}, got {value}"),
    "field.write_number": ("请写一个数字，例如 {key}: 2", "write a plain number, e.g. {key}: 2"),
    "field.not_whole": ("应为整数，实际为 {value}", "must be a whole number, got {value}"),
    "field.round": ("请取整", "round it to an integer"),
    "field.not_finite": ("应为有限数，实际为 {value}", "must be a finite number, got {value}"),
    "field.finite": ("请写一个小于 {largest:g} 的数", "write a number below {largest:g}"),
    "field.not_positive": ("应大于 0，实际为 {value}", "must be > 0, got {value}"),
    "field.positive": ("请用正数", "use a positive number"),
    "field.below": ("应不小于 {minimum:g}，实际为 {value}", "must be >= {minimum:g}, got {value}"),
    "field.at_least": ("请用不小于 {minimum:g} 的数", "use a number of at least {minimum:g}"),
    "field.above": ("应不大于 {maximum:g}，实际为 {value}", "must be <= {maximum:g}, got {value}"),
    "field.at_most": ("请用不大于 {maximum:g} 的数", "use a number of at most {maximum:g}"),
    "field.not_probability": (
        "应为 [0, 1] 之间的概率，实际为 {value}",
        "must be a probability in [0, 1], got {value}",
    ),
    "field.probability": ("请写比例，例如 0.3 表示 30%", "write a share such as 0.3 for 30%"),
    "field.not_text": ("应为文字，实际为 {value}", "must be text, got {value}"),
    "field.quote": ("请加引号", "quote it"),
    "field.not_flag": ("应为 true 或 false，实际为 {value}", "must be true or false, got {value}"),
    "field.flag": ("请写 true 或 false", "write true or false"),
    "field.not_date": (
        "应为日期 YYYY-MM-DD，实际为 {value}",
        "must be a date YYYY-MM-DD, got {value}",
    ),
    "field.date": ("例如写 2024-03-01", "write e.g. 2024-03-01"),
    # text report (simulate/results/report.py)
    "report.run_line": (
        "重复 {replications} 次，随机种子 {seed}，起始日 {start}，模拟 {horizon:g} 个工作日（预热 {warmup:g}）",
        "{replications} replications, seed {seed}, start {start}, horizon {horizon:g} working days (warm-up {warmup:g})",
    ),
    "report.time_limit": (
        "办理时限：{days:g} 个工作日{kind}",
        "time limit: {days:g} working days{kind}",
    ),
    "report.on_average": ("（平均）", " on average"),
    "report.reforms": ("改革举措：{names}", "reforms: {names}"),
    "report.bottleneck": (
        "瓶颈：{desk}，忙碌 {percent:.0f}%",
        "bottleneck: {desk}, {percent:.0f}% busy",
    ),
    "report.desk": ("窗口 {id}", "desk {id}"),
    "report.desk_named": ("{label}（{id}）", "desk {id} ({label})"),
    "report.list_separator": ("、", ", "),
    # verdicts (simulate/results/results.py)
    "verdict.meets": ("达到", "meets"),
    "verdict.misses": ("未达到", "misses"),
    "verdict.average": (
        "平均时限：在这些假设下，计入时限的平均用时为 {mean:.2f} 个工作日，{word}平均 {limit:g} 个工作日的要求{caveat}",
        "average limit: mean {mean:.2f} counted working days {word} the average of {limit:g}, under these assumptions{caveat}",
    ),
    "verdict.limit": (
        "时限：在这些假设下，{rate:.1f}% 的办件在 {limit:g} 个工作日内办结（{how}），{word} {mark:.0f}% 的标准{caveat}",
        "limit: {rate:.1f}% within {limit:g} working days ({how}) {word} the {mark:.0f}% mark, under these assumptions{caveat}",
    ),
    "verdict.counted_in_days": ("自受理次日起算", "counted from the day after acceptance"),
    "verdict.counted_in_hours": ("自提交起按办公时间计", "in office hours from submission"),
    "verdict.threshold": (
        "{name}：在这些假设下为 {value:.1f}%，{word}目标 {target:.0f}%{caveat}",
        "{name}: {value:.1f}% {word} the target {target:.0f}%, under these assumptions{caveat}",
    ),
    "verdict.rests_on": ("；主要取决于：{inputs}", "; rests most on {inputs}"),
    "verdict.rests_separator": ("、", ", "),
    "verdict.assumed_step": (
        "{label}（{step}）：{days:.3g} 个工作日（假设）",
        "{label} ({step}): {days:.3g} working days (assumed)",
    ),
    "verdict.assumed_arrivals": ("到达量（假设）", "arrival volume (assumed)"),
    "verdict.not_steady": (
        "；未达稳态：结果随模拟时长变化",
        "; not steady: figures depend on the horizon",
    ),
    "verdict.steady_note": (
        "未达稳态：结果随模拟时长变化（后三分之一到达的办件用时比前三分之一高 {rise:.0f}%）",
        "not steady: figures depend on the horizon (elapsed time rises {rise:.0f}% from the first to the last third of arrivals)",
    ),
    # offered load (simulate/offered_load.py)
    "load.warning": (
        "窗口 {desk}（{name}）的工作量达到其能力的 {percent:.0f}%（每个工作日 {work:.1f} 小时的工作，"
        "由 {staff} 人 × 每人 {open:g} 小时承担）：窗口超负荷，排队不会稳定，结果随模拟时长增长；"
        "配备 {needed} 人可把忙碌率降至 {safe:.0f}% 以下",
        "desk {desk} ({name}) is offered {percent:.0f}% of its capacity ({work:.1f} h of work a day "
        "for {staff} staff x {open:g} h): no steady state, figures grow with the horizon; "
        "{needed} staff bring it to <= {safe:.0f}%",
    ),
    # calibration (simulate/calibration: report.py, holdout.py, logs.py)
    "calibrate.title": (
        "按办件记录 {log} 校准：{cases} 件办件，{events} 条事件；所用列：{columns}",
        "Calibration of {log}: {cases} cases, {events} events; columns {columns}",
    ),
    "calibrate.calendar": (
        "日历：{days}，办公时间 {hours}",
        "calendar: {days}, office hours {hours}",
    ),
    "calibrate.flow": ("流程：{flow}", "flow: {flow}"),
    "calibrate.notes": ("说明：", "notes:"),
    "calibrate.fits.fitted": ("拟合项", "fitted"),
    "calibrate.fits.value": ("数值", "value"),
    "calibrate.fits.interval": ("95%区间", "95% interval"),
    "calibrate.fits.n": ("样本数", "n"),
    "calibrate.fits.unit": ("单位", "unit"),
    "calibrate.fits.method": ("方法", "method"),
    "calibrate.fits.statistic": ("统计量", "statistic"),
    "calibrate.exclusion.missing": (
        "缺少办件编号、环节或结束时间的行",
        "rows without case, activity or end time",
    ),
    "calibrate.exclusion.no_start": (
        "有结束时间但无开始时间的行",
        "rows with an end but no start time",
    ),
    "calibrate.exclusion.backwards": (
        "结束早于开始的办件（首见于第 {row} 行，{column} 列）：{cases} 件",
        "cases with an end before its start (first at row {row}, column {column}): {cases} cases",
    ),
    "calibrate.exclusion.merged": (
        "并入同一阶段上一条事件的事件",
        "events merged into the same stage's previous event",
    ),
    "calibrate.note.merged": ("已合并：{reason}（{rows} 行）", "merged: {reason} ({rows} rows)"),
    "calibrate.note.left_out": (
        "已剔除：{reason}（{rows} 行）",
        "left out: {reason} ({rows} rows)",
    ),
    "calibrate.note.completion_only": (
        "记录只有完成时间：办理与等待无法区分，因此每个环节都按延时处理（不设窗口、不排队），"
        "用时为距上一环节的间隔；在此模型上调整人员配置不会改变结果",
        "the log records completion times only: work and waiting cannot be told apart, so "
        "every step is modelled as a delay (no desks, no queueing) whose time is the gap "
        "since the previous block; staffing experiments on this model change nothing",
    ),
    "calibrate.note.start_end": (
        "记录有开始和结束时间：环节用时为办理时间（开始至结束）；之前的等待交由窗口排队产生，"
        "因其他原因的等待不在模型中",
        "start and end times: a step's time is its work (start to end); the wait before "
        "it is left to the desks' queues, so waits for other reasons are not in the model",
    ),
    "calibrate.note.date_only": (
        "时间只有日期没有时刻：用时为整数个工作日，按观测值重抽样",
        "timestamps are dates without times: times are whole working days and are "
        "resampled as observed",
    ),
    "calibrate.note.single_event": (
        "{cases} 件办件（{share:.0%}）只有一条事件",
        "{cases} cases ({share:.0%}) have a single event",
    ),
    "calibrate.note.single_event_time": (
        "{cases} 件办件（{share:.0%}）只有一条事件：其办结用时即该事件的用时",
        "{cases} cases ({share:.0%}) have a single event: their throughput time is that one event's time",
    ),
    "calibrate.note.folded": (
        "{activities} 个环节出现的办件比例低于阈值，已并入下一条事件；涉及 {cases} 件办件（{share:.1%}）",
        "{activities} activities in fewer than the threshold share of cases are folded into "
        "the next event; they touch {cases} cases ({share:.1%})",
    ),
    "calibrate.note.variants": (
        "共 {variants} 种路径；{cases} 件办件（{share:.1%}）所走路径的比例低于阈值，"
        "只能通过拟合流程中相互独立的分支选择来再现",
        "{variants} variants; {cases} cases ({share:.1%}) follow a variant below the threshold "
        "share and are reproduced only through the independent choices of the fitted flow",
    ),
    "calibrate.note.rework": (
        "各环节的补正相互独立抽取：若补正相互独立，{independent:.1%} 的办件会重复某个环节，"
        "记录中实际为 {observed:.1%}{cluster}",
        "rework of each step is drawn independently: {independent:.1%} of cases would repeat a "
        "step if repeats were independent, {observed:.1%} of the log's cases do{cluster}",
    ),
    "calibrate.note.cluster": ("（补正集中在同一批办件）", " (repeats cluster in the same cases)"),
    "calibrate.note.out_of_order": (
        "{passes} 次首次办理在发现的顺序中早于其前一环节结束；其用时记为 0",
        "{passes} first passes end before the block they follow in the discovered order; "
        "their time is counted as 0",
    ),
    "calibrate.note.off_days": (
        "{submissions} 件申请（{share:.0%}）在休息日提交；计入每工作日的到达率",
        "{submissions} submissions ({share:.0%}) fall on days off; they count towards the "
        "rate per working day",
    ),
    "calibrate.note.weekday": (
        "星期分布：{high_day}为平均到达率的 {high:.2f} 倍，{low_day}为 {low:.2f} 倍；"
        "情景只用一个泊松到达率（星期分布仅作报告，不参与模拟）",
        "weekday profile: {high_day} {high:.2f}x, {low_day} {low:.2f}x the mean rate; the "
        "scenario uses one Poisson rate (the profile is reported, not simulated)",
    ),
    "calibrate.weekdays": ("周一,周二,周三,周四,周五,周六,周日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "holdout.title": (
        "按办件记录 {log} 做留出检验：用 {cutoff} 之前提交的 {fitted} 件办件拟合，"
        "与之后提交的 {compared} 件比较",
        "Hold-out validation of {log}: fitted on {fitted} cases submitted before {cutoff}, "
        "compared on {compared} cases submitted after",
    ),
    "holdout.fit_period": ("拟合期", "fit period"),
    "holdout.holdout": ("留出期", "hold-out"),
    "holdout.simulated": ("模拟", "simulated"),
    "holdout.inside": ("在区间内", "inside"),
    "holdout.True": ("是", "yes"),
    "holdout.False": ("否", "NO"),
    "holdout.activity": ("环节", "activity"),
    "holdout.observed_share": ("观测比例", "observed share"),
    "holdout.simulated_share": ("模拟比例", "simulated share"),
    "holdout.difference": ("差值", "difference"),
    "holdout.findings": ("结论：", "findings:"),
    # metric names and units (simulate/results/metrics.py)
    "metric.cases": ("计入统计的办件数（预热后）", "cases measured (after warm-up)"),
    "metric.mean_elapsed_working_days": ("平均用时，工作日", "mean elapsed, working days"),
    "metric.median_elapsed_working_days": ("用时中位数，工作日", "median elapsed, working days"),
    "metric.p90_elapsed_working_days": ("90%分位用时，工作日", "P90 elapsed, working days"),
    "metric.p95_elapsed_working_days": ("95%分位用时，工作日", "P95 elapsed, working days"),
    "metric.mean_elapsed_natural_days": ("平均用时，自然日", "mean elapsed, natural days"),
    "metric.median_elapsed_natural_days": ("用时中位数，自然日", "median elapsed, natural days"),
    "metric.p90_elapsed_natural_days": ("90%分位用时，自然日", "P90 elapsed, natural days"),
    "metric.p95_elapsed_natural_days": ("95%分位用时，自然日", "P95 elapsed, natural days"),
    "metric.mean_counted_working_days": (
        "平均计入时限用时，工作日",
        "mean counted against the limit, working days",
    ),
    "metric.p90_counted_working_days": (
        "90%分位计入时限用时，工作日",
        "P90 counted against the limit, working days",
    ),
    "metric.on_time_rate": ("按时办结率", "on time"),
    "metric.throughput_per_working_day": ("每工作日办结件数", "finished per working day"),
    "metric.visits_per_case": ("每件跑动次数", "in-person visits per case"),
    "metric.rework_rounds_per_case": ("每件补正次数", "rework rounds per case"),
    "metric.busiest_desk_utilisation": ("最忙窗口忙碌率", "busiest desk utilisation"),
    "metric.utilisation": ("窗口 {desk} 忙碌率", "utilisation of desk {desk}"),
    "metric.share_within": (
        "{days} 个工作日内办结比例{label}",
        "done within {days} working days{label}",
    ),
    "metric.threshold_label": ("（{label}）", " ({label})"),
    "unit.cases": ("件", "cases"),
    "unit.working days": ("工作日", "working days"),
    "unit.natural days": ("自然日", "natural days"),
    "unit.share": ("比例", "share"),
    "unit.cases / working day": ("件/工作日", "cases / working day"),
    "unit.visits": ("次", "visits"),
    "unit.rounds": ("次", "rounds"),
    "unit.steps": ("个", "steps"),
    "unit.documents": ("份", "documents"),
    "unit.yuan": ("元", "yuan"),
    "value.not_available": ("无", "n/a"),
    "value.points": (" 百分点", " pp"),
    "value.interval": ("95%置信区间", "95% CI"),
    # comparison (simulate/experiments/comparison.py)
    "compare.title": (
        "{count} 个情景的比较：各重复 {replications} 次，随机种子 {seed}，共同随机数",
        "Comparison of {count} scenario{plural}: {replications} replications each, seed {seed}, common random numbers",
    ),
    "compare.reference": ("（基准）", "(reference)"),
    "compare.metric": ("指标", "metric"),
    "compare.significant_note": (
        "* 配对差值的 {level} 区间不含 0（显著）",
        "* the {level} interval of the paired difference excludes 0 (significant)",
    ),
    "compare.versus": ("对比 {name}", "vs {name}"),
    "compare.bold_note": (
        "粗体：配对差值的 95% 区间不含 0。",
        "Bold: the 95% interval of the paired difference excludes 0.",
    ),
    "compare.repr": (
        "<{count} 个情景的比较（{names}）：重复 {replications} 次，随机种子={seed}>",
        "<Comparison of {count} scenarios ({names}): {replications} replications, seed={seed}>",
    ),
    "compare.sentence": (
        "{prefix}，{body}（{tag}，{interval}）。",
        "{prefix}, {body} ({tag}, {interval}).",
    ),
    "compare.in_scenario": ("在{label}中", "in {label}"),
    "compare.body_in_reference": ("{body}（{label}）", "{body} in {label}"),
    "compare.one_replication": ("仅一次重复：无区间", "one replication: no interval"),
    "compare.interval": (
        "差值的 {level} 置信区间 {low} 至 {high}{points}",
        "{level} CI of the difference {low} to {high}{points}",
    ),
    "compare.points": (" 个百分点", " percentage points"),
    "compare.not_significant": ("：不显著", ": not significant"),
    "compare.with": ("采用{names}后", "with {names}"),
    "compare.without": ("不采用{names}", "without {names}"),
    "compare.and": ("且", " and "),
    "compare.join_last": ("和", " and "),
    "compare.join": ("、", ", "),
    "compare.finish_within": (
        "{who}在 {value} 个{clock}内办结，原为 {reference}",
        "{who} finish within {value} {clock} days instead of {reference}",
    ),
    "compare.clock.working": ("工作日", "working"),
    "compare.clock.natural": ("自然日", "natural"),
    "compare.who.median": ("一半的办件", "half of the cases"),
    "compare.who.p90": ("90%的办件", "90% of cases"),
    "compare.who.p95": ("95%的办件", "95% of cases"),
    "compare.tag.median": ("中位数", "median"),
    "compare.tag.p90": ("P90", "P90"),
    "compare.tag.p95": ("P95", "P95"),
    "compare.tag.mean": ("平均", "mean"),
    "compare.on_average": (
        "平均每件用时 {value} 个{clock}，原为 {reference}",
        "a case takes {value} {clock} days on average instead of {reference}",
    ),
    "compare.share_within": (
        "{value} 的办件在 {days} 个工作日内办结，原为 {reference}",
        "{value} of cases finish within {days} working days instead of {reference}",
    ),
    "compare.desk_busy": (
        "窗口 {desk} 的办公时间有 {value} 在忙，原为 {reference}",
        "desk {desk} is busy {value} of its office time instead of {reference}",
    ),
    "compare.tag.utilisation": ("忙碌率", "utilisation"),
    "compare.on_time": (
        "{value} 的办件在统一时限内办结，原为 {reference}",
        "{value} of cases finish within the common limit instead of {reference}",
    ),
    "compare.throughput": (
        "每工作日办结 {value} 件，原为 {reference}",
        "{value} cases are finished per working day instead of {reference}",
    ),
    "compare.tag.throughput": ("办结量", "throughput"),
    "compare.busiest": (
        "最忙窗口的办公时间有 {value} 在忙，原为 {reference}",
        "the busiest desk is busy {value} of its office time instead of {reference}",
    ),
    "compare.visits": (
        "每件需跑动 {value} 次，原为 {reference}",
        "a case needs {value} in-person visits instead of {reference}",
    ),
    "compare.tag.visits": ("每件跑动次数", "visits per case"),
    "compare.counted_p90": (
        "90%的办件计入时限的用时在 {value} 个工作日以内，原为 {reference}",
        "90% of cases finish within {value} counted working days instead of {reference}",
    ),
    "compare.tag.counted_p90": ("P90，计入时限的用时", "P90, counted as the limit counts"),
    "compare.counted_mean": (
        "每件计入时限的平均用时为 {value} 个工作日，原为 {reference}",
        "a case takes {value} counted working days on average instead of {reference}",
    ),
    "compare.tag.counted_mean": ("平均，计入时限的用时", "mean, counted as the limit counts"),
    "compare.on_time_label": (
        "按时办结率（各情景统一按 {limit:g} 个工作日的时限计）",
        "on time within the common limit of {limit:g} working days",
    ),
    "compare.common_limit": (
        "按时办结率：各情景统一按 {limit:g} 个工作日的时限计算（{source}）；各情景自己的目标与结论：",
        "on time: every scenario within one common limit of {limit:g} working days ({source}); each scenario's own target and verdict:",
    ),
    "compare.limit_given": ("由 --limit 指定", "given with --limit"),
    "compare.limit_reference": (
        "取基准情景 {name} 的时限",
        "the reference scenario {name}'s limit",
    ),
    "compare.own_limit": (
        "自身时限 {limit:g} 个工作日{kind}",
        "own limit {limit:g} working days{kind}",
    ),
    "compare.own_average": ("（平均）", " on average"),
    "compare.no_own_limit": ("自身无办理时限", "no limit of its own"),
    "compare.no_target": ("无可判断的目标", "no target to judge"),
    "compare.verdict_separator": ("；", "; "),
    "compare.own_target": ("{own}：{verdicts}", "{own}: {verdicts}"),
    "compare.bad_limit": (
        "--limit 应为正的工作日数，实际为 {value}；例如 --limit 20（以小时计的时限写成日的分数：半日写 --limit 0.5）",
        "--limit must be a positive number of working days, got {value}; e.g. --limit 20 (a limit in hours as a fraction of a day: --limit 0.5 for half a day)",
    ),
    "compare.infinite_limit": (
        "--limit 应为有限数，实际为 {value}",
        "--limit must be finite, got {value}",
    ),
    "compare.generic": (
        "{label}为 {value}，原为 {reference}",
        "{label} is {value} instead of {reference}",
    ),
    # attribution (simulate/experiments/attribution.py)
    "attribute.value": ("数值", "value"),
    "attribute.interval": ("{level} 置信区间", "{level} CI"),
    "attribute.alone": ("单独实施", "alone"),
    "attribute.added_last": ("最后加入", "added last"),
    "attribute.baseline": ("基准", "baseline"),
    "attribute.no_reform": ("（无改革）", "(no reform)"),
    "attribute.all_reforms": ("全部改革", "all reforms"),
    "attribute.title": (
        "改革贡献分解：{label}（{subsets} 个组合上的 Shapley 值，重复 {replications} 次，随机种子 {seed}，共同随机数）",
        "Reform attribution: {label} (Shapley values over {subsets} subsets, {replications} replications, seed {seed}, common random numbers)",
    ),
    "attribute.sum": (
        "各项贡献之和 = 全部改革 − 基准 = {total}，每次重复均成立；",
        "contributions sum to all reforms - baseline = {total} in every replication;",
    ),
    "attribute.note": (
        "负值为节省；举措相互影响时，“单独实施”与“最后加入”不同",
        "negative values save; 'alone' and 'added last' differ where reforms interact",
    ),
    "attribute.repr": (
        "<{metric} 在 {names} 间的分解：{base} -> {full} {unit}>",
        "<Attribution of {metric} to {names}: {base} -> {full} {unit}>",
    ),
    # diff (simulate/scenario/diff.py)
    "diff.numbers": ("数值变化：", "changed numbers:"),
    "diff.notes": ("仅说明（assumption/source）变化：", "changed notes only (assumption/source):"),
    "diff.kind.removed": ("删除环节", "removed"),
    "diff.kind.added": ("新增环节", "added"),
    "diff.kind.merged": ("合并环节", "merged"),
    "diff.kind.made parallel": ("改为并联", "made parallel"),
    "diff.kind.made sequential": ("改为串联", "made sequential"),
    "diff.kind.share taken": ("经过比例", "share taken"),
    "diff.kind.desk pooled": ("窗口合并", "desk pooled"),
    "diff.kind.desk moved": ("换窗口", "desk moved"),
    "diff.kind.duration": ("用时", "duration"),
    "diff.kind.limit": ("环节时限", "limit"),
    "diff.kind.staffing": ("人员配置", "staffing"),
    "diff.kind.desk added": ("新增窗口", "desk added"),
    "diff.kind.desk removed": ("撤销窗口", "desk removed"),
    "diff.kind.step changed": ("环节变化", "step changed"),
    "diff.kind.rework": ("补正", "rework"),
    "diff.kind.arrivals": ("到达", "arrivals"),
    "diff.kind.time limit": ("办理时限", "time limit"),
    "diff.kind.flow": ("流程", "flow"),
    "diff.kind.setting": ("设置", "setting"),
    "diff.kind.note": ("说明", "note"),
    "diff.none": ("无差异", "no differences"),
}

#: The whole catalogue of messages.
MESSAGES: dict[str, tuple[str, str]] = {
    **TEXTS,
    **CLI_MESSAGES,
    **CALENDAR_MESSAGES,
    **COMMAND_MESSAGES,
    **TARGET_MESSAGES,
    **PROBLEM_MESSAGES,
    **READING_MESSAGES,
    **REFORM_PARAM_MESSAGES,
    **REFORM_CHECK_MESSAGES,
    **WORKBOOK_MESSAGES,
    **REPORT_MESSAGES,
    **ATTRIBUTE_MESSAGES,
}
