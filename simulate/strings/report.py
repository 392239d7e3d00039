"""Texts of the proposal appendix (``simulate report``: report.docx and report.html).

Keys are ``appendix.*``; the figures' own numbers and the scenario's labels, descriptions,
sources and assumptions are filled in as written.
"""

from __future__ import annotations

REPORT_MESSAGES: dict[str, tuple[str, str]] = {
    # durations, actors, provenance
    "appendix.unit.working_hours": ("工作小时", "working hours"),
    "appendix.unit.working_days": ("工作日", "working days"),
    "appendix.unit.natural_hours": ("自然小时", "natural hours"),
    "appendix.unit.natural_days": ("自然日", "natural days"),
    "appendix.actor.agency": ("政府部门", "agency"),
    "appendix.actor.applicant": ("申请人", "applicant"),
    "appendix.actor.third_party": ("第三方", "third party"),
    "appendix.duration.lognormal": (
        "中位数 {median:g}、P90 {p90:g}",
        "median {median:g}, P90 {p90:g}",
    ),
    "appendix.duration.triangular": (
        "最短 {low:g}、最可能 {mode:g}、最长 {high:g}",
        "shortest {low:g}, most likely {mode:g}, longest {high:g}",
    ),
    "appendix.duration.exponential": ("平均 {mean:g}（指数分布）", "mean {mean:g} (exponential)"),
    "appendix.duration.cap": ("，最多 {cap:g}", ", at most {cap:g}"),
    "appendix.source": ("出处：{source}", "source: {source}"),
    "appendix.assumption": ("假设：{assumption}", "assumed: {assumption}"),
    "appendix.provenance_separator": ("；", "; "),
    "appendix.not_given": ("未注明", "not given"),
    # the process table
    "appendix.step.visit": ("需到现场", "in person"),
    "appendix.step.clock_stop": ("不计入时限", "not counted against the limit"),
    "appendix.step.auto": ("秒批 {percent:.0f}%", "{percent:.0f}% approved at once"),
    "appendix.step.limit": ("环节时限 {days:g} 个工作日", "step limit {days:g} working days"),
    "appendix.step.waiting": ("—（等待）", "— (waiting)"),
    "appendix.step.assumed": ("假设（见参数表）", "assumed (see the parameters)"),
    "appendix.process.caption": ("表：{name} 的办理环节", "Table: the steps of {name}"),
    "appendix.process.number": ("序号", "No."),
    "appendix.process.step": ("环节", "step"),
    "appendix.process.desk": ("办理窗口", "desk"),
    "appendix.process.actor": ("办理方", "whose time"),
    "appendix.process.duration": ("办理时长", "duration"),
    "appendix.process.notes": ("说明", "notes"),
    "appendix.process.basis": ("依据", "basis"),
    # the parameters table
    "appendix.param.arrivals": ("申请量", "applications"),
    "appendix.param.per_day": ("每工作日 {rate:g} 件", "{rate:g} a working day"),
    "appendix.param.cohort": ("{date} 同批 {count} 件", "{count} at once on {date}"),
    "appendix.param.times": ("{count} 个实际提交时间", "{count} actual submission times"),
    "appendix.param.time_limit": ("办结时限", "time limit"),
    "appendix.param.limit_mean": ("{days:g} 个工作日平均", "{days:g} working days on average"),
    "appendix.param.limit_within": ("{days:g} 个工作日以内", "within {days:g} working days"),
    "appendix.param.threshold": ("统计口径", "threshold"),
    "appendix.param.within": ("{days:g} 个工作日内{goal}", "within {days:g} working days{goal}"),
    "appendix.param.goal": ("，目标 {percent:.0f}%", ", target {percent:.0f}%"),
    "appendix.param.staff": ("人员：{desk}", "staff: {desk}"),
    "appendix.param.people": ("{staff} 人", "{staff} staff"),
    "appendix.param.duration": ("时长：{step}", "duration: {step}"),
    "appendix.param.travel": ("往返：{step}", "travel: {step}"),
    "appendix.param.rework": ("补正：{step}", "rework: {step}"),
    "appendix.param.alongside": (
        "容缺受理（边办边补）",
        "accepted incomplete (completed alongside)",
    ),
    "appendix.param.returned": ("退回补正", "returned for completion"),
    "appendix.param.rework_value": (
        "{percent:.0f}% 材料不全，{kind}，补正时间 {makeup}",
        "{percent:.0f}% incomplete, {kind}, make-up time {makeup}",
    ),
    "appendix.param.reform": ("改革措施", "reform"),
    "appendix.param.see_reforms": (
        "见改革措施说明（simulate reforms）",
        "see the reform notes (simulate reforms)",
    ),
    "appendix.param.caption": (
        "表：{name} 的参数及其依据",
        "Table: the parameters of {name} and their basis",
    ),
    "appendix.param.name": ("参数", "parameter"),
    "appendix.param.value": ("取值", "value"),
    "appendix.param.basis": ("出处或假设", "source or assumption"),
    # results, targets, steps
    "appendix.results.caption": ("表：{name} 的模拟结果", "Table: simulated results of {name}"),
    "appendix.metric": ("指标", "metric"),
    "appendix.mean": ("均值", "mean"),
    "appendix.ci": ("95%置信区间", "95% CI"),
    "appendix.unit": ("单位", "unit"),
    "appendix.targets.caption": ("表：{name} 的目标判定", "Table: the targets of {name}"),
    "appendix.targets.target": ("目标", "target"),
    "appendix.targets.judged_by": ("判定依据", "judged by"),
    "appendix.targets.goal": ("目标值", "goal"),
    "appendix.targets.value": ("模拟值", "simulated"),
    "appendix.targets.verdict": ("结论", "verdict"),
    "appendix.steps.caption": (
        "表：{name} 各环节耗时（工作日）",
        "Table: time by step in {name} (working days)",
    ),
    "appendix.steps.step": ("环节", "step"),
    "appendix.steps.wait": ("平均等候", "mean wait"),
    "appendix.steps.work": ("平均办理", "mean work"),
    "appendix.steps.elapsed": (
        "每件平均耗时（含往返与补正）",
        "mean elapsed per case (with travel and rework)",
    ),
    # comparison and attribution
    "appendix.compare.reference": ("参照", "reference"),
    "appendix.compare.points": ("{diff:+.1f} 个百分点", "{diff:+.1f} percentage points"),
    "appendix.compare.caption": (
        "表：各情景与参照情景的对比（共同随机数，配对差值）",
        "Table: each scenario against the reference (common random numbers, paired differences)",
    ),
    "appendix.compare.scenario": ("情景", "scenario"),
    "appendix.compare.diff": ("与参照之差", "difference to the reference"),
    "appendix.compare.diff_ci": ("差值95%置信区间", "95% CI of the difference"),
    "appendix.attribution.total": ("合计（全部改革 − 基线）", "total (all reforms − baseline)"),
    "appendix.attribution.base": (
        "基线 {base:.2f} → {full:.2f}",
        "baseline {base:.2f} → {full:.2f}",
    ),
    "appendix.attribution.caption": (
        "表：{label} 各项改革的贡献（{metric}，{unit}，Shapley 分解）",
        "Table: the contribution of each reform in {label} ({metric}, {unit}, Shapley values)",
    ),
    "appendix.attribution.reform": ("改革措施", "reform"),
    "appendix.attribution.value": ("贡献", "contribution"),
    "appendix.attribution.alone": ("单独实施", "alone"),
    "appendix.attribution.last": ("最后加入", "added last"),
    # the document
    "appendix.title.one": ("{name} 模拟分析", "Simulation of {name}"),
    "appendix.title.several": (
        "{name} 等 {count} 个情景的模拟分析",
        "Simulation of {count} scenarios, {name} first",
    ),
    "appendix.intro": (
        "编制日期：{today}。本附件由 simulate {version} 生成："
        "离散事件仿真，{replications} 次独立重复，随机种子 {seed}，"
        "自 {start} 起按国务院办公厅公布的节假日与调休安排计算工作日；"
        "各数值为各次重复的均值，方括号内为 95% 置信区间。",
        "Prepared on {today}. This appendix was written by simulate {version}: "
        "discrete-event simulation, {replications} independent replications, random seed "
        "{seed}, working days counted from {start} by the holidays and make-up working days "
        "the General Office of the State Council publishes; each figure is the mean over the "
        "replications, with its 95% confidence interval in brackets.",
    ),
    "appendix.intro_paired": (
        "各情景使用共同随机数，差值为配对差值。",
        " The scenarios share common random numbers, so differences are paired.",
    ),
    "appendix.section.process": ("一、办理流程", "1. The process"),
    "appendix.section.parameters": ("二、参数与依据", "2. Parameters and their basis"),
    "appendix.section.results": ("三、模拟结果", "3. Results"),
    "appendix.section.targets": ("四、目标判定", "4. Targets"),
    "appendix.section.comparison": ("五、情景对比", "5. Comparison of the scenarios"),
    "appendix.section.attribution": ("六、改革措施贡献分解", "6. What each reform contributes"),
    "appendix.parameters_note": (
        "每个参数注明出处（政策文件及行号）或标为假设并说明理由。"
        "结论依赖标为假设的参数，宜在提交前核实。",
        "Each parameter cites its source (policy document and line) or is marked as assumed, "
        "with the reason. Conclusions that rest on assumed parameters should be checked "
        "before the proposal is submitted.",
    ),
    "appendix.targets_note": (
        "“以内”时限按按时办结率是否达到 90% 判定；“平均”时限按计入时限的平均工作日判定"
        "（补正等停表时间不计入）；统计口径按其目标比例判定。"
        "区间跨越目标时，结论取决于抽样误差，宜增加重复次数或核实假设。",
        "A limit to finish within is judged by whether the on-time rate reaches 90%; an "
        "average limit by the mean working days counted against it (time stopped, as for "
        "rework, left out); a threshold by its target share. When the interval straddles the "
        "goal, the verdict rests on sampling error: add replications or check the assumptions.",
    ),
    "appendix.attribution_note": (
        "各项改革对均值变化的贡献按 Shapley 值分解：对所有加入顺序取平均，"
        "各项贡献之和等于全部改革与基线之差。",
        "Each reform's contribution to the change of the mean is its Shapley value, averaged "
        "over every order of adding the reforms; the contributions add up to the difference "
        "between all reforms and the baseline.",
    ),
    # the charts
    "appendix.figure.elapsed": (
        "图：办结时长分布（在 x 个工作日内办结的比例），虚线为时限",
        "Figure: elapsed time (share finished within x working days); the dashed line is the limit",
    ),
    "appendix.figure.comparison": (
        "图：各情景办结时长对比（含 95% 置信区间）",
        "Figure: elapsed time by scenario (with 95% confidence intervals)",
    ),
    "appendix.figure.breakdown": (
        "图：{label} 各环节耗时构成",
        "Figure: where the time goes in {label}",
    ),
    "appendix.figure.desks": (
        "图：{label} 各窗口利用率与排队",
        "Figure: desk utilisation and queues in {label}",
    ),
    "appendix.figure.attribution": (
        "图：{label} 各项改革的贡献",
        "Figure: the contribution of each reform in {label}",
    ),
    "appendix.error.no_figure": ("图表没有可保存的图形", "a chart has no figure to save"),
    "appendix.error.no_scenario": ("请至少给出一个情景", "give at least one scenario"),
}
