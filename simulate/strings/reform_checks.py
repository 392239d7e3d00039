"""Texts of the problems of the later reforms (simulate/reforms/utilities.py, offices.py,
permits.py, queues.py) and of the checks on attribute conditions and the channel mix
(simulate/scenario/target_checks.py)."""

from __future__ import annotations

REFORM_CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    # joint utility connections (simulate/reforms/utilities.py)
    "reform.utilities.no_shared": (
        "列出的环节中写了材料数量的不足两个：没有可共用的材料",
        "fewer than two listed steps give a document count: nothing is shared",
    ),
    "reform.utilities.add_counts": (
        "请为各项报装申请添加 documents: N，或不写 shared_documents",
        "add documents: N to the applications, or leave shared_documents out",
    ),
    "reform.utilities.too_many_shared": (
        "共用材料 {shared} 份，但有一项申请只要 {least} 份",
        "{shared} shared documents, but one application asks for only {least}",
    ),
    "reform.utilities.at_most": ("最多写 {least}", "give at most {least}"),
    # front office, back office (simulate/reforms/offices.py)
    "reform.offices.no_desk": (
        "环节 '{name}' 没有窗口：无人受理",
        "step '{name}' has no desk: nobody receives it",
    ),
    "reform.offices.department_steps": (
        "请写在部门窗口办理的环节",
        "list steps served at a department's window",
    ),
    "reform.offices.one_desk": (
        "列出的环节都在窗口 '{desk}'：没有可合并的",
        "every listed step is at desk '{desk}': nothing to pool",
    ),
    "reform.offices.two_departments": (
        "请列出至少两个部门的受理环节（或改用 staffing）",
        "list intake steps of at least two departments (or use staffing)",
    ),
    # build first, one permit per industry, separate permits (simulate/reforms/permits.py)
    "reform.permits.both": (
        "'{name}' 既是施工环节，又是要移出的审批",
        "'{name}' is both the construction and a moved approval",
    ),
    "reform.permits.leave_out": ("请把 '{name}' 从 steps 中去掉", "leave '{name}' out of steps"),
    "reform.permits.not_in_sequence": (
        "环节 '{name}' 不是某一串联序列中的一项",
        "step '{name}' is not an item of a sequence",
    ),
    "reform.permits.name_approvals": (
        "请写施工之前依次办理的审批环节",
        "name approvals that come one after another before construction",
    ),
    "reform.permits.share_node": (
        "环节 {steps} 与列出的审批处在同一个流程节点中",
        "steps {steps} sit in one flow node with the listed approvals",
    ),
    "reform.permits.list_too": (
        "请把 {steps} 也列上，或不列它们所在的节点",
        "list {steps} too, or leave their node out",
    ),
    "reform.permits.not_after": (
        "'{name}' 并不在同一串联序列中排在 {steps} 之后",
        "'{name}' does not follow {steps} in one sequence",
    ),
    "reform.permits.name_construction": (
        "请写在每条路径上都排在这些审批之后的施工环节",
        "name the construction step that comes after the approvals on every path",
    ),
    "reform.permits.after_start": (
        "审批移到开工之后",
        "with the approvals after the start of construction",
    ),
    "reform.permits.too_few": (
        "应列出至少 2 项许可，实际为 {value}",
        "must list at least 2 permits, got {value}",
    ),
    "reform.permits.write_permits": (
        "例如写 steps: [food_permit, fire_check] 或 [[food_accept, food_review], ...]",
        "write steps: [food_permit, fire_check] or [[food_accept, food_review], ...]",
    ),
    "reform.permits.reviews_apart": (
        "各项审查不在同一串联序列中",
        "the reviews are not in one sequence",
    ),
    "reform.permits.give_measure": (
        "请给出 cancel:、filing: 或 commitment:",
        "give cancel:, filing: or commitment:",
    ),
    "reform.permits.in_both": (
        "环节 '{name}' 同时列在 {first} 和 {second} 中",
        "step '{name}' is in both {first} and {second}",
    ),
    "reform.permits.one_measure": ("每项许可只用一种方式", "give each permit one measure"),
    "reform.permits.give_with": ("有 {key}: 时请给出 {name}:", "give {name}: with {key}:"),
    "reform.permits.without": ("写了 '{name}' 却没有 {key}", "'{name}' without {key}"),
    "reform.permits.list_in": ("请在 {key}: 中列出环节", "list steps in {key}:"),
    # priority classes, batches, service points pooled (simulate/reforms/queues.py)
    "reform.queues.write_when": (
        "例如写 when: {{exporter_class: class1}} 或 when: {{capacity_kva: {{max: 160}}}}",
        "when: {{exporter_class: class1}} or when: {{capacity_kva: {{max: 160}}}}",
    ),
    "reform.queues.not_conditions": (
        "应把属性映射到条件，实际为 {value}",
        "must map attributes to tests, got {value}",
    ),
    "reform.queues.bad_test": (
        "无法用 {value} 检验属性",
        "cannot test an attribute with {value}",
    ),
    "reform.queues.not_desks": ("应为窗口列表，实际为 {value}", "must list desks, got {value}"),
    "reform.queues.write_desks": ("请写 desks: [counter]", "write desks: [counter]"),
    "reform.queues.unused_desk": ("没有环节使用窗口 '{desk}'", "no step uses desk '{desk}'"),
    "reform.queues.serving_desk": ("请写有环节办理的窗口", "list a desk that serves steps"),
    "reform.queues.give_batch": (
        "请给出 every_working_days:、size: 或两者都给",
        "give every_working_days:, size: or both",
    ),
    "reform.queues.already_batched": (
        "环节 '{name}' 已经按批办理",
        "step '{name}' is already handled in batches",
    ),
    "reform.queues.apply_once": ("请只应用一次", "apply it once"),
    "reform.queues.no_visit": (
        "这些服务点的环节都不需要到场（visit: true），没有可以改变的往返",
        "no step at these points has a visit (visit: true), so there is no trip to change",
    ),
    "reform.queues.leave_travel": ("请去掉 travel", "leave travel out"),
    # attribute conditions and the channel mix (simulate/scenario/target_checks.py)
    "problem.condition.unknown": ("未知的属性 '{name}'", "unknown attribute '{name}'"),
    "problem.condition.number": (
        "'{name}' 是数值：请用 min 和 max 检验",
        "'{name}' is a number: test it with min and max",
    ),
    "problem.condition.category": (
        "'{name}' 是类别：应写出它的取值",
        "'{name}' is a category: name its values",
    ),
    "problem.condition.one_of": ("请写其中之一：{names}", "write one of {names}"),
    "problem.condition.no_value": (
        "'{name}' 没有取值 '{value}'",
        "'{name}' has no value '{value}'",
    ),
    "problem.attribute.twice": (
        "属性 '{name}' 声明了两次",
        "attribute '{name}' is declared twice",
    ),
    "problem.attribute.keep_one": ("只保留一个", "keep one"),
    "problem.channels.not_category": (
        "'{name}' 不是类别属性",
        "'{name}' is not a category attribute",
    ),
    "problem.channels.every_category": (
        "请给出 '{name}' 每个类别的线上办理比例",
        "give the online share of every category of '{name}'",
    ),
    # the meaning of a required key (simulate/io/fields.py)
    "field.meaning.limit_class.when": (
        "本类适用的办件：属性条件，须全部满足",
        "the cases of the class: attribute conditions, all of which must hold",
    ),
}
