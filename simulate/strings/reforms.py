"""Texts of the checks on reform parameters (simulate.reforms.params)."""

from __future__ import annotations

REFORM_PARAM_MESSAGES: dict[str, tuple[str, str]] = {
    "reform.param.not_step_id": ("应为环节编号，实际为 {value}", "must be a step id, got {value}"),
    "reform.param.write_step_id": ("请写一个环节编号", "write a step id"),
    "reform.param.name_flow_step": ("请写流程中的一个环节", "name a step of the flow"),
    "reform.param.not_step_list": (
        "应为至少 {count} 个环节编号的列表，实际为 {value}",
        "must be a list of at least {count} step id{plural}, got {value}",
    ),
    "reform.param.write_step_list": ("请写 steps: [a, b]", "write steps: [a, b]"),
    "reform.param.listed_twice": ("环节 '{name}' 列了两次", "step '{name}' is listed twice"),
    "reform.param.list_once": ("每个环节只列一次", "list each step once"),
    "reform.param.id_taken": (
        "{what}编号 '{value}' 已被使用",
        "{what} id '{value}' is already used",
    ),
    "reform.param.choose_id": ("请换一个新的{what}编号", "choose a new {what} id"),
    "reform.param.not_in_span": (
        "应在 {span} 之内，实际为 {value}",
        "must be in {span}, got {value}",
    ),
    "reform.param.use_span": ("请用 {span} 之内的数", "use a number in {span}"),
    "reform.param.not_step": (
        "应为一个环节：{{id, label, desk, duration}}，实际为 {value}",
        "must be a step: {{id, label, desk, duration}}, got {value}",
    ),
    "reform.param.write_step": (
        "例如写 intake: {{id: intake, label: 综合受理, desk: window, duration: {{working_hours: 0.5}}}}",
        "write intake: {{id: intake, label: Joint intake, desk: window, duration: "
        "{{working_hours: 0.5}}}}",
    ),
    "reform.param.add_key": ("请添加 {key}:", "add {key}:"),
    "reform.param.unknown_actor": ("未知的办理主体 {value}", "unknown actor {value}"),
    "reform.param.actors": (
        "请用 agency（部门）、applicant（申请人）或 third_party（第三方）",
        "use agency, applicant or third_party",
    ),
    "reform.param.not_stage": (
        "应为阶段名称，实际为 {value}",
        "must be the stage's name, got {value}",
    ),
    "reform.param.write_stage": (
        "例如写 stage: 工程建设许可",
        "write the stage's name, e.g. stage: construction_permit",
    ),
    "reform.param.not_duration": ("不是时长", "not a duration"),
    # problems of the reforms themselves (simulate/reforms/*.py)
    "reform.round": ("请取整", "round it"),
    "reform.missing_key": ("缺少键 '{key}'", "missing key '{key}'"),
    "reform.unknown_parameter": ("未知的参数 '{key}'", "unknown parameter '{key}'"),
    "reform.missing_parameter": ("缺少参数 '{key}'", "missing parameter '{key}'"),
    "reform.takes": ("{name} 的参数：{names}", "{name} takes: {names}"),
    "reform.takes_see": (
        "{name} 的参数：{names}；见 `simulate reforms`（{name}）",
        "{name} takes: {names}; see `simulate reforms` ({name})",
    ),
    "reform.after": ("应用 {name} 之后：{message}", "after {name}: {message}"),
    "reform.entry_shape": (
        "每项改革应写作 `举措名: {{参数}}`，实际为 {value}",
        "each reform is `name: {{params}}`, got {value}",
    ),
    "reform.write_entry": (
        "例如写 - parallel_approval: {{steps: [a, b]}}",
        "write - parallel_approval: {{steps: [a, b]}}",
    ),
    "reform.params_not_mapping": (
        "参数应为映射，实际为 {value}",
        "parameters must be a mapping, got {value}",
    ),
    "reform.write_params": ("例如写 {{steps: [a, b]}}", "write {{steps: [a, b]}}"),
    # flow changes (simulate/reforms/flow.py, edit.py)
    "reform.flow.too_few_steps": (
        "应列出至少 2 个环节，实际为 {value}",
        "must list at least 2 steps, got {value}",
    ),
    "reform.flow.write_steps": ("请写 steps: [a, b, c]", "write steps: [a, b, c]"),
    "reform.flow.one_node": (
        "环节 {steps} 在流程的同一个节点中，不能拆成各自独立的分支",
        "steps {steps} sit in one flow node, so they cannot become separate branches",
    ),
    "reform.flow.one_branch": (
        "请把它们列为一个分支：[{steps}]",
        "list them as one branch: [{steps}]",
    ),
    "reform.flow.two_branches": ("至少需要两个并联分支", "needs at least two branches"),
    "reform.flow.list_two": ("请至少列出两个环节", "list at least two steps"),
    "reform.flow.not_plain": (
        "环节 '{name}' 不是其他环节所在的串联序列或并联中直接的一项",
        "step '{name}' is not a plain step of the sequence or parallel that holds the others",
    ),
    "reform.flow.merge_neighbours": (
        "请合并同一串联序列中前后相接的环节，或同一并联中的各个分支",
        "merge steps that are consecutive in one sequence, or branches of one parallel",
    ),
    "reform.flow.overlap_itself": (
        "环节 '{name}' 不能与自身交叉办理",
        "'{name}' cannot overlap itself",
    ),
    "reform.flow.leave_out": ("请从 steps 中去掉 '{name}'", "leave '{name}' out of steps"),
    "reform.flow.follow": (
        "环节 {steps} 必须在同一串联序列中紧接在 '{name}' 之后",
        "steps {steps} must directly follow '{name}' in one sequence",
    ),
    "reform.flow.list_following": (
        "请列出紧接在 '{name}' 之后的环节",
        "list the steps that come right after '{name}'",
    ),
    "reform.flow.remove_all": ("会删除全部环节", "would remove every step"),
    "reform.flow.keep_one": ("请至少保留一个环节", "keep at least one step"),
    "reform.flow.parallel": ("环节 {steps} 已经并联办理", "steps {steps} already run in parallel"),
    "reform.flow.choice": (
        "环节 {steps} 是同一选择中的不同选项",
        "steps {steps} are options of one choice",
    ),
    "reform.flow.not_sequence": (
        "环节 {steps} 不在同一串联序列中",
        "steps {steps} are not in one sequence",
    ),
    "reform.flow.list_sequence": (
        "请列出在流程的同一串联序列中前后相接的环节",
        "list steps that follow one another in one sequence of the flow",
    ),
    "reform.flow.not_consecutive": (
        "环节 {steps} 并不相邻：中间隔着 {between}",
        "steps {steps} are not consecutive: {between} lies between them",
    ),
    "reform.flow.empty_node": ("一个空节点", "an empty node"),
    "reform.flow.list_between": (
        "请把 {between} 也列上，或调整流程的顺序",
        "list {between} too, or reorder the flow",
    ),
    "reform.flow.no_longest": (
        "无法在以 {units} 计的几个时长之间取最长者",
        "cannot take the longest of durations in {units}",
    ),
    "reform.flow.own_duration": (
        "请给合并后的环节单独设定时长，例如 duration: {{working_days: 5}}",
        "give the joint step its own duration, e.g. duration: {{working_days: 5}}",
    ),
    # 容缺 make-ups (simulate/reforms/makeups.py); {what} says how the reform changed the flow
    "reform.makeup.when.parallel": ("改为并联办理后", "once they run in parallel"),
    "reform.makeup.when.merge": ("合并之后", "after the merge"),
    "reform.makeup.when.overlap": ("提前介入、交叉办理之后", "with the overlap"),
    "reform.makeup.when.one_application": (
        "前置“一次申请”环节之后",
        "with one application in front",
    ),
    "reform.makeup.when.flow": ("在此流程中", "in this flow"),
    "reform.makeup.too_early": (
        "{what}，'{before}' 并非在每条路径上都排在 '{name}' 之后，"
        "但 '{name}' 容缺材料的补齐须在 '{before}' 之前完成",
        "{what}, '{before}' does not come after '{name}' on every path, but the "
        "make-up of '{name}''s missing documents is due before '{before}'",
    ),
    "reform.makeup.due_later": (
        "请去掉 '{before}' 或 '{name}'，或让补齐晚些到期"
        "（accept_incomplete: {{steps: [{name}], before: ...}}）",
        "leave '{before}' or '{name}' out, or let the make-up be due later "
        "(accept_incomplete: {{steps: [{name}], before: ...}})",
    ),
    "reform.makeup.due_removed": (
        "'{name}' 的材料须在 '{before}' 之前补齐，而 '{before}' 会被删除",
        "the make-up of '{name}''s documents is due before '{before}', which is removed",
    ),
    "reform.makeup.move_due": (
        "请先用 accept_incomplete: {{steps: [{name}], before: ...}} 改到另一个环节之前补齐",
        "first apply accept_incomplete: {{steps: [{name}], before: ...}} with another step",
    ),
    "reform.makeup.differ": (
        "这些环节的容缺受理设置各不相同",
        "the steps handle missing documents differently (their make-up settings differ)",
    ),
    "reform.makeup.merge_first": (
        "请先合并，再对合并后的环节使用 accept_incomplete",
        "merge first, then apply accept_incomplete to the joint step",
    ),
    # time limits (simulate/reforms/limits.py)
    "reform.limits.natural_unit": (
        "环节 '{name}' 以 {unit} 计时，无法用工作日封顶",
        "step '{name}' is timed in {unit}, which working days cannot cap",
    ),
    "reform.limits.time_in_working": (
        "请改用 working_days 或 working_hours 计时，或直接在情景中缩放该环节",
        "time the step in working_days or working_hours, or scale it in the scenario",
    ),
    "reform.limits.no_limit": (
        "环节 '{name}' 没有办理时限，无从超期默认",
        "step '{name}' has no limit to default at",
    ),
    "reform.limits.give_limit": (
        "请给 '{name}' 设定时限 limit: {{working_days: N}}，或先使用 cap_duration",
        "give '{name}' a limit: {{working_days: N}}, or apply cap_duration first",
    ),
    "reform.limits.reading": (
        "reading 须说明如何理解“提速”（{got}）",
        "reading must say how to read the speed-up ({got})",
    ),
    "reform.limits.reading_missing": ("未填写", "missing"),
    "reform.limits.reading_got": ("实际为 {value}", "got {value}"),
    "reform.limits.reading_choice": ("reading: {key}（{meaning}）", "reading: {key} ({meaning})"),
    "reform.limits.reading_separator": ("；", "; "),
    "reform.limits.reading.time_cut": (
        "时限 = 法定时限 × (1 − speedup)：提速 60% 即法定时限的 40%",
        "limit = statutory × (1 − speedup): 60% faster is 40% of the statutory limit",
    ),
    "reform.limits.reading.speed_up": (
        "时限 = 法定时限 / (1 + speedup)：提速 60% 即法定时限的 1/1.6 = 62.5%",
        "limit = statutory / (1 + speedup): 60% faster is 1/1.6 = 62.5% of the statutory limit",
    ),
    "reform.limits.no_time_left": (
        "时间压缩 100% 或以上，将不剩任何办理时间",
        "a time cut of 100% or more leaves no time",
    ),
    "reform.limits.share_below_one": ("请用小于 1 的比例", "use a share below 1"),
    # steps and channels (simulate/reforms/steps.py)
    "reform.steps.not_inspection": (
        "应为映射 {{share, desk, duration}}，实际为 {value}",
        "must be a mapping {{share, desk, duration}}, got {value}",
    ),
    "reform.steps.write_inspection": (
        "例如写 inspection: {{share: 0.2, desk: inspect, duration: {{working_hours: 2}}}}",
        "write inspection: {{share: 0.2, desk: inspect, duration: {{working_hours: 2}}}}",
    ),
    "reform.steps.nothing_online": (
        "没有可改为网上办理的内容：{steps} 无需到场或往返，且{why}",
        "nothing to take online: {steps} need no visit or travel, and {why}",
    ),
    "reform.steps.already_any_hour": (
        "申请已可随时提交",
        "submissions already arrive at any hour",
    ),
    "reform.steps.any_hour_false": ("any_hour 为 false", "any_hour is false"),
    "reform.steps.name_visits": (
        "请写需要到场办理的环节（visit: true）",
        "name the steps that need a visit (visit: true)",
    ),
    "reform.steps.say_share": (
        "本情景设有线上线下渠道比例：请写明有多大比例的办件改为网上办理",
        "this scenario declares a channel mix: say what share of cases goes online",
    ),
    "reform.steps.add_share": (
        "请添加 share: 0.8（改革后网上办理的比例）",
        "add share: 0.8 (the online share after the reform)",
    ),
    "reform.steps.lower_share": (
        "会把网上办理的比例从 {before:g} 降到 {share:g}",
        "would lower the online share from {before:g} to {share:g}",
    ),
    "reform.steps.share_at_least": (
        "请给出不低于 {before:g} 的比例",
        "give a share of at least {before:g}",
    ),
    "reform.steps.nothing_changes_online": (
        "没有任何变化：网上办理的比例已是 {share:g}，且 {steps} 已在网上办理",
        "nothing changes: the online share is already {share:g} and "
        "{steps} are already done online",
    ),
    "reform.steps.higher_share": (
        "请给出更高的比例或其他环节",
        "give a higher share or other steps",
    ),
    "reform.steps.pure_delay": (
        "环节 '{name}' 只是一段等待，没有窗口：没有可以免去的人工办理",
        "step '{name}' is a pure delay with no desk: no staff to skip",
    ),
    "reform.steps.name_staffed": (
        "请写一个有人员办理的环节（有 desk 的环节）",
        "name a staffed step (one with a desk)",
    ),
    "reform.steps.agency_work": (
        "环节 '{name}' 是部门的办理工作，不是申请人的准备",
        "step '{name}' is agency work, not the applicant's preparation",
    ),
    "reform.steps.name_preparation": (
        "请写 actor 为 applicant 或 third_party 的环节",
        "name steps with actor: applicant or third_party",
    ),
    "reform.steps.nothing_to_assist": (
        "无需帮办：{steps} 既没有补正，也没有申请人的准备环节",
        "nothing to assist: {steps} have no rework and no applicant preparation",
    ),
    "reform.steps.name_assisted": (
        "请写有补正的环节，或给出 prep_steps",
        "name steps with rework, or give prep_steps",
    ),
    "reform.steps.no_rework_to_accept": (
        "环节 '{name}' 没有补正，无从容缺受理",
        "step '{name}' has no rework to accept with missing documents",
    ),
    "reform.steps.add_rework": (
        "请添加 rework: {{{name}: {{p_incomplete: ..., makeup: ...}}}}，或去掉该环节",
        "add rework: {{{name}: {{p_incomplete: ..., makeup: ...}}}} or leave it out",
    ),
    "reform.steps.due_before_itself": (
        "'{name}' 的补齐不能要求在 '{name}' 自身之前完成",
        "the make-up of '{name}' cannot be due before '{name}' itself",
    ),
    "reform.steps.name_later": (
        "请写一个更靠后的环节，或不写 before（在办结时补齐）",
        "name a step that comes later, or leave before out (due at the end of the case)",
    ),
    # documents (simulate/reforms/documents.py)
    "reform.documents.no_count": ("{steps} 没有写材料数量", "{steps} give no document count"),
    "reform.documents.add_count": (
        "请为这些环节添加 documents: N，或改选有材料数量的环节",
        "add documents: N to those steps, or name steps that have it",
    ),
    "reform.documents.no_whole": (
        "没有任何变化：精简后没有减少任何一份完整的材料",
        "nothing changes: the cut removes no whole document",
    ),
    "reform.documents.larger_cut": ("请给出更大的精简比例", "give a larger cut"),
    # desks (simulate/reforms/desks.py)
    "reform.desks.too_few": (
        "应列出至少 2 个窗口，实际为 {value}",
        "must list at least 2 desks, got {value}",
    ),
    "reform.desks.write_desks": ("请写 desks: [a, b]", "write desks: [a, b]"),
    "reform.desks.listed_twice": ("有窗口列了两次", "a desk is listed twice"),
    "reform.desks.list_once": ("每个窗口只列一次", "list each desk once"),
    "reform.desks.changes_nothing": ("没有任何改变", "changes nothing"),
    "reform.desks.give_change": (
        "请给出 staff:、hours: 或 every_day:",
        "give staff:, hours: or every_day:",
    ),
    "reform.desks.write_hours": (
        '例如写 hours: ["09:00-12:00", "13:00-17:00"] 或 "24h"',
        'write hours: ["09:00-12:00", "13:00-17:00"] or "24h"',
    ),
    # one application, one notice (simulate/reforms/matters.py)
    "reform.matters.nothing_to_apply": (
        "没有可合并为一次申请的内容：{steps} 没有到场、往返、材料，也没有补正",
        "nothing to apply for once: {steps} have no visit, travel, documents or corrections",
    ),
    "reform.matters.name_applications": (
        "请写申请人递交申请的环节",
        "name the steps where the applicant hands in an application",
    ),
    "reform.matters.options": (
        "环节 {steps} 是同一选择中的不同选项：没有哪个办件会同时申请全部这些事项",
        "steps {steps} are options of one choice: no case applies for all of them",
    ),
    "reform.matters.list_together": (
        "请列出同一串联序列中的环节，或同一并联中的各个分支",
        "list steps of one sequence, or branches of one parallel",
    ),
    "reform.matters.no_rework": (
        "环节 '{name}' 没有补正，无从一次性告知",
        "step '{name}' has no rework to notify once",
    ),
    "reform.matters.name_rework": (
        "请写在 rework 中有记录的环节",
        "name steps with a rework entry",
    ),
    "reform.matters.rounds_already": (
        "环节 '{name}' 已规定最多退回补正 {count} 次",
        "step '{name}' already allows at most {count} send-back(s)",
    ),
    "reform.matters.fewer_rounds": (
        "请给出少于 {count} 的次数，或去掉 '{name}'",
        "give fewer rounds than {count}, or leave '{name}' out",
    ),
    "reform.described": ("{label}（{name}{when}）", "{label} ({name}{when})"),
    "reform.described_when": ("，仅当 {conditions}", "; only when {conditions}"),
}
