"""Problems and fixes of scenario files: reading (YAML, CSV, workbooks), fields, durations,
the flow, every section, and the checks of a built scenario (:mod:`simulate.scenario.validate`).

Identifiers (keys, step and desk ids) and examples written in YAML are filled in as fields,
so they read the same in both languages.
"""

from __future__ import annotations

#: Shared wording: kinds of things, plain fixes and lists.
COMMON: dict[str, tuple[str, str]] = {
    "problem.none": ("无", "none"),
    "problem.write": ("请写成 {example}", "write {example}"),
    "problem.write_eg": ("例如写成 {example}", "write e.g. {example}"),
    "problem.write_or": ("请写成 {example} 或 {other}", "write {example} or {other}"),
    "problem.write_eg_or": ("例如写成 {example} 或 {other}", "write e.g. {example} or {other}"),
    "problem.eg": ("例如 {example}", "e.g. {example}"),
    "problem.use": ("可选：{names}", "use {names}"),
    "problem.use_one_of": ("可选：{names}", "use one of {names}"),
    "problem.allowed_here": ("此处可用：{names}", "allowed here: {names}"),
    "problem.not_list": ("应为列表，实际为 {value}", "must be a list, got {value}"),
    "problem.exactly_one": (
        "{names} 中应恰好写一个，实际为 {got}",
        "needs exactly one of {names}; got {got}",
    ),
    "problem.batch_empty": (
        "应写 every_working_days（每隔几个工作日集中办理一次）、size（集满几件）或两者",
        "needs every_working_days (a session every N working days), size (k cases) or both",
    ),
    "problem.max_or_mean": ("应为 max 或 mean，实际为 {value}", "must be max or mean, got {value}"),
    "problem.step_list": (
        "应为环节编号的列表，实际为 {value}",
        "must be a list of step ids, got {value}",
    ),
    "problem.check_path": ("请检查路径", "check the path"),
    "problem.check_year": ("请检查年份", "check the year"),
    "problem.what.desk": ("窗口", "desk"),
    "problem.what.step": ("环节", "step"),
    "problem.what.attribute": ("属性", "attribute"),
    "problem.what.scenario file": ("情景文件", "scenario file"),
    "problem.what.CSV file": ("CSV 文件", "CSV file"),
    "problem.what.a duration": ("时长", "a duration"),
    "problem.what.a staff count": ("人数", "a staff count"),
    "problem.what.a volume": ("办件量", "a volume"),
    "problem.what.a probability": ("概率", "a probability"),
}

#: Typed fields, ranges and durations (simulate/io/fields.py, duration_parser.py).
FIELDS: dict[str, tuple[str, str]] = {
    "problem.mapping.step": ("一个环节", "a step"),
    "problem.mapping.calendar": ("日历设置", "calendar settings"),
    "problem.mapping.arrivals": ("办件如何到达", "how cases arrive"),
    "problem.mapping.category": ("类别 -> 比例", "category -> share"),
    "problem.mapping.desks": ("窗口编号 -> {example}", "desk id -> {example}"),
    "problem.mapping.rework": (
        "环节编号 -> {example}",
        "step id -> {example}",
    ),
    "problem.mapping.conditions": (
        "属性 -> {example} 或一个类别",
        "attribute -> {example} or a category",
    ),
    "problem.mapping.attributes": ("名称 -> {example} 或 {other}", "name -> {example} or {other}"),
    "problem.mapping.attribute": ("{example} 或 {other}", "{example} or {other}"),
    "problem.dates": ("应为日期列表，实际为 {value}", "must be a list of dates, got {value}"),
    "problem.hours": ("办公时间 {value} 无法识别：{error}", "bad office hours {value}: {error}"),
    "problem.identifier": (
        "{what}编号只能由英文字母、数字和 _ 组成，实际为 {value}",
        "{what} id must be an ASCII identifier, got {value}",
    ),
    "problem.identifier_fix": (
        "请只用字母、数字和 _（中文名称写在 label 中）",
        "use letters, digits and _ (put Chinese in label)",
    ),
    "problem.range.shape": (
        "应为 [下限, 上限]，实际为 {value}",
        "must be [low, high], got {value}",
    ),
    "problem.range.order": (
        "下限 {low:g} 大于上限 {high:g}",
        "low {low:g} is above high {high:g}",
    ),
    "problem.range.order_fix": ("请把较小的数写在前面", "write the smaller number first"),
    "problem.range.outside": (
        "[{low:g}, {high:g}] 超出了{what}可取的范围",
        "[{low:g}, {high:g}] is outside what {what} can be",
    ),
    "problem.range.above": ("请给出大于 {lowest:g} 的范围", "give a range above {lowest:g}"),
    "problem.range.within": (
        "请给出 [{lowest:g}, {highest:g}] 之内的范围",
        "give a range within [{lowest:g}, {highest:g}]",
    ),
    "problem.duration.shape": (
        "应写成 {{单位: 数值}}，实际为 {value}",
        "must be {{unit: value}}, got {value}",
    ),
    "problem.duration.one_unit": (
        "应恰好写一个时间单位，实际为 {got}",
        "needs exactly one unit key, got {got}",
    ),
    "problem.duration.negative": ("应不小于 0，实际为 {value}", "must be >= 0, got {value}"),
    "problem.duration.positive": (
        "办理时长必须是正的时间长度",
        "durations are positive lengths of time",
    ),
    "problem.duration.incomplete": ("分布参数不完整：{keys}", "incomplete distribution {keys}"),
    "problem.duration.shapes": ("可写 {shapes} 或 {last}", "give {shapes} or {last}"),
    "problem.duration.values": (
        "应为非空的数字列表，实际为 {value}",
        "must be a non-empty list of numbers, got {value}",
    ),
    "problem.duration.p90": (
        "应不小于 median（{median:g}），实际为 {value:g}",
        "must be >= median ({median:g}), got {value:g}",
    ),
    "problem.duration.p90_fix": (
        "P90 是 90% 的办件不超过的时长",
        "P90 is the value 90% of cases stay under",
    ),
    "problem.duration.triangle": (
        "应满足 min <= mode <= max，实际为 {values}",
        "needs min <= mode <= max, got {values}",
    ),
    "problem.duration.triangle_fix": ("请调整三个数的顺序", "reorder the three values"),
}

#: The flow (simulate/io/flow_parser.py) and the flow checks of a built scenario.
FLOW: dict[str, tuple[str, str]] = {
    "problem.unknown_step": ("未知的环节 '{name}'", "unknown step '{name}'"),
    "problem.flow.twice": (
        "环节 '{name}' 在流程中出现了两次",
        "step '{name}' appears twice in the flow",
    ),
    "problem.flow.once": (
        "每个环节在流程中只写一次（重复办理用 rework 表示）",
        "reference every step exactly once (use rework for repeats)",
    ),
    "problem.flow.parallel": (
        "应为至少 2 个分支的列表，实际为 {value}",
        "needs a list of at least 2 branches, got {value}",
    ),
    "problem.flow.choice": (
        "应为 {{p, do}} 选项的列表，实际为 {value}",
        "needs a list of {{p, do}} options, got {value}",
    ),
    "problem.flow.option": (
        "每个选项应恰好包含 p 和 do，实际为 {value}",
        "each option needs exactly p and do, got {value}",
    ),
    "problem.flow.sum": (
        "各选项概率之和应为 1，实际为 {total:g}",
        "probabilities must sum to 1, got {total:g}",
    ),
    "problem.flow.rest": (
        "请为其余办件加一个选项 {example}",
        "add an option {example} for the rest",
    ),
    "problem.flow.optional": (
        "可选节点需要 p（经过它的办件比例）",
        "an optional node needs p (the share of cases that take it)",
    ),
    "problem.flow.unknown_node": (
        "无法识别的流程节点，其键为 {keys}",
        "unknown flow node with keys {keys}",
    ),
    "problem.flow.node_kinds": (
        "可用环节编号、列表（依次办理）、{parallel}、{choice} 或 {optional}",
        "use a step id, a list (sequence), {parallel}, {choice} or {optional}",
    ),
    "problem.flow.bad_node": (
        "应为环节编号、列表或流程节点，实际为 {value}",
        "must be a step id, a list or a flow node, got {value}",
    ),
    "problem.flow.see_reference": (
        "参见情景文件说明中的 flow 一节",
        "see the flow section of the scenario reference",
    ),
    "problem.flow.unknown_key": (
        "此流程节点中有未知的键 '{key}'",
        "unknown key '{key}' in this flow node",
    ),
}

#: Sections of a scenario file (simulate/io/parser.py, settings_parser.py, targets_parser.py).
SECTIONS: dict[str, tuple[str, str]] = {
    "problem.name": (
        "应为 1 到 {longest} 个字母、数字或 _ 组成、以字母开头的标识符，实际为 {value}",
        "must be an identifier of 1 to {longest} letters, digits and _ starting with a letter, got {value}",
    ),
    "problem.name_fix": (
        "例如写 {example}，中文名称写在 label 中（name 用作输出文件夹名）",
        "use e.g. {example} and put Chinese in label (the name is the output folder)",
    ),
    "problem.start_year": (
        "应在 {first}-{last} 年之间，实际为 {value}",
        "must lie in the years {first}-{last}, got {value}",
    ),
    "problem.warmup": (
        "应短于 horizon_working_days（{horizon:g}），实际为 {value:g}",
        "must be shorter than horizon_working_days ({horizon:g}), got {value:g}",
    ),
    "problem.warmup_fix": ("请缩短预热期", "shorten the warm-up"),
    "problem.documents": (
        "应为文件名列表，实际为 {value}",
        "must be a list of file names, got {value}",
    ),
    "problem.seed": (
        "应为 0 到 2**63 - 1 之间的整数，实际为 {value}",
        "must be a whole number from 0 to 2**63 - 1, got {value}",
    ),
    "problem.seed_fix": ("请写一个整数，例如 {example}", "write a plain integer such as {example}"),
    "problem.unknown_desk": ("未知的窗口 '{name}'", "unknown desk '{name}'"),
    "problem.statistic_fix": (
        "max 表示每个办件都在时限{within}；mean 表示{mean}时限",
        "max: every case within the limit ({within}); mean: an average limit ({mean})",
    ),
    "problem.steps": (
        "应为非空的环节列表，实际为 {value}",
        "must be a non-empty list of steps, got {value}",
    ),
    "problem.actor": ("未知的办理主体 {value}", "unknown actor {value}"),
    "problem.desk_id": ("应为窗口编号，实际为 {value}", "must be a desk id, got {value}"),
    "problem.step_id": ("应为环节编号，实际为 {value}", "must be a step id, got {value}"),
    "problem.rounds": (
        "{rounds:,.0f} 轮{rework}超出了一个办件所能经历的次数",
        "{rounds:,.0f} rounds of {rework} is more than a case can go through",
    ),
    "problem.calendar": ("未知的日历 {value}", "unknown calendar {value}"),
    "problem.calendar_fix": (
        "可选：official、weekdays 或 every_day",
        "use official, weekdays or every_day",
    ),
    "problem.years": (
        "应为 1900 到 2299 之间的年份列表，实际为 {value}",
        "must be a list of years from 1900 to 2299, got {value}",
    ),
    "problem.cohort": (
        "一批 {count:,.0f} 件提交，单次重复模拟不了这么多",
        "a cohort of {count:,.0f} submissions is too many for one replication",
    ),
    "problem.cohort_date": ("一批到达（cohort）需要日期 date", "a cohort needs a date"),
    "problem.add_date": ("请添加 {example}", "add {example}"),
    "problem.csv_path": ("应为文件路径，实际为 {value}", "must be a file path, got {value}"),
    "problem.csv_unread": ("无法读取", "cannot be read"),
    "problem.csv_problem": ("{message}，实际为 {value}", "{message}, got {value}"),
    "problem.csv_path_fix": (
        "请给出相对于情景文件的 CSV 文件路径",
        "give the path of a CSV file relative to the scenario file",
    ),
    "problem.csv_nul": (
        "文件中含有 NUL 字节：不是 CSV 文本文件",
        "the file holds NUL bytes: it is not a CSV text file",
    ),
    "problem.csv_export": ("请重新导出为 CSV UTF-8 格式", "export the arrivals again as CSV UTF-8"),
    "problem.csv_broken": ("CSV 格式有误：{error}", "broken CSV: {error}"),
    "problem.csv_quotes": (
        "请检查这一行的引号；每个单元格一个值",
        "check the quotes on this line; one value per cell",
    ),
    "problem.csv_column": (
        "{file} 中需要一列名为 'submitted'",
        "{file} needs a column named 'submitted'",
    ),
    "problem.csv_column_fix": (
        "在表头 'submitted' 下填写日期或日期时间（YYYY-MM-DD[ HH:MM]）",
        "put dates or datetimes (YYYY-MM-DD[ HH:MM]) under a 'submitted' header",
    ),
    "problem.csv_rows": (
        "{file} 列出了 {count:,} 件提交，单次重复模拟不了这么多",
        "{file} lists {count:,} submissions, too many for one replication",
    ),
    "problem.csv_stamp": (
        "[submitted] 不是日期或日期时间，实际为 {value}",
        "[submitted] not a date or datetime, got {value}",
    ),
    "problem.csv_stamp_fix": (
        "请写 YYYY-MM-DD 或 YYYY-MM-DD HH:MM",
        "write YYYY-MM-DD or YYYY-MM-DD HH:MM",
    ),
    "problem.csv_stamp_range": (
        "[submitted] 超出可用范围，实际为 {value}",
        "[submitted] out of range, got {value}",
    ),
    "problem.target_kind": ("未知的目标类型 {value}", "unknown target kind {value}"),
    "problem.target_key": ("不适用于 {kind} 类目标", "does not apply to a {kind} target"),
    "problem.target_statistic_fix": (
        "max 表示一定比例的办件在时限{within}；mean 表示{mean}值",
        "max: a share of cases within ({within}); mean: an average ({mean})",
    ),
    "problem.target_min": (
        "需要 min：网上办理的办件比例（0-1）",
        "needs min: the share of cases online (0-1)",
    ),
    "problem.target_share": (
        "只适用于按办件计的时限（max），不适用于平均值",
        "applies only to a limit per case (max), not to an average",
    ),
    "problem.target_share_fix": ("请删去 share 或改用 max", "drop share or use max"),
    "problem.stage_steps": (
        "应为非空的环节编号列表，实际为 {value}",
        "must be a non-empty list of step ids, got {value}",
    ),
    "problem.min_max": ("min {low:g} 大于 max {high:g}", "min {low:g} is above max {high:g}"),
    "problem.swap": ("请交换两者", "swap them"),
    "problem.condition": (
        "应写成 {{min: a, max: b}}、一个类别或类别列表，实际为 {value}",
        "must be {{min: a, max: b}}, a category or a list of categories, got {value}",
    ),
    "problem.channel_attribute": (
        "channel 是渠道构成自带的属性",
        "channel is the channel mix's own attribute",
    ),
    "problem.declare_channels": ("请改为声明 channels:", "declare channels:"),
    "problem.shares_empty": ("至少需要一个类别", "needs at least one category"),
    "problem.shares_sum": (
        "各比例之和应为 1，实际为 {total:g}",
        "shares must sum to 1, got {total:g}",
    ),
    "problem.shares_fix": ("请调整各比例", "adjust the shares"),
    "problem.channel_steps_fix": (
        "请写成 {example}（不写则每个环节都可网办）",
        "write {example} (or leave it out: every step online)",
    ),
    "problem.channels_by": (
        "应为 attributes: 中声明的类别属性，实际为 {value}",
        "must be a category attribute declared in attributes:, got {value}",
    ),
    "problem.channels_by_fix": ("可用的类别属性：{names}", "category attributes: {names}"),
    "problem.channels_by_shares": (
        "有 by 时应给出 {name} 每个类别的网办比例，实际为 {value}",
        "with by, give the online share of every category of {name}, got {value}",
    ),
}


#: What a required key means, for "add KEY: (meaning)" in Chinese (English messages show the
#: schema's own text, simulate/io/schema.py, which these English texts follow).
MEANINGS: dict[str, tuple[str, str]] = {
    "field.meaning.scenario.name": (
        "情景的标识符（小写字母、数字、_）",
        "identifier of the scenario (lower-case letters, digits, _)",
    ),
    "field.meaning.scenario.start": (
        "模拟的第一天（YYYY-MM-DD）",
        "first day of the run (YYYY-MM-DD)",
    ),
    "field.meaning.scenario.arrivals": (
        "办件如何到达：per_working_day、cohort 或 csv",
        "how cases arrive: per_working_day, cohort or csv",
    ),
    "field.meaning.scenario.steps": ("流程的各个环节", "the steps of the process"),
    "field.meaning.scenario.flow": (
        "各环节如何组合：串联、并联、选择、可选",
        "how the steps compose: sequence, parallel, choice, optional",
    ),
    "field.meaning.desk.staff": (
        "同时办理的人数（不小于 1 的整数）",
        "number of staff serving in parallel (integer >= 1)",
    ),
    "field.meaning.step.id": ("标识符，在情景中唯一", "identifier, unique in the scenario"),
    "field.meaning.step.duration": (
        "办理时长：一个时间单位（working_hours、working_days、natural_hours 或 natural_days）及其数值",
        "how long: a unit (working_hours, working_days, natural_hours or natural_days) and its value",
    ),
    "field.meaning.rework.p_incomplete": (
        "该环节后材料不全的概率（0-1）",
        "probability the documents are incomplete after the step (0-1)",
    ),
    "field.meaning.rework.makeup": (
        "申请人补齐材料的时间：一个时长",
        "applicant's make-up time: a duration",
    ),
    "field.meaning.channels.online_share": (
        "网上提交的办件比例（0-1），其余到现场办理",
        "share of cases submitted online (0-1); the rest come in person",
    ),
}

#: Problems of the fields and sections of a scenario file.
STAGES: dict[str, tuple[str, str]] = {
    "problem.stage.not_text": (
        "应为写在一行上的阶段名称，实际为 {value}",
        "must be the stage's name on one line, got {value}",
    ),
    "problem.stage.fix": ("请写成 {example}", "write {example}"),
}

PROBLEM_MESSAGES: dict[str, tuple[str, str]] = {
    **COMMON,
    **FIELDS,
    **FLOW,
    **SECTIONS,
    **MEANINGS,
    **STAGES,
}
