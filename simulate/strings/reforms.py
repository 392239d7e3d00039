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
}
