"""Texts of case attributes at work: choices by attributes, limits per class, reforms for some
cases, and results split by attribute."""

from __future__ import annotations

ATTRIBUTE_MESSAGES: dict[str, tuple[str, str]] = {
    "problem.flow.when_and_p": (
        "选项要么按条件（when）选取，要么按概率（p）选取，不能两者都写",
        "an option is taken by its conditions (when) or by chance (p), not both",
    ),
    "problem.flow.when_or_p": (
        "删去 p（满足条件的办件都走这个选项）或删去 when",
        "drop p (every case meeting the conditions takes this option) or drop when",
    ),
    "problem.flow.no_rest": (
        "按条件分流时，不满足任何条件的办件也需要一个选项",
        "cases that meet no condition need an option too",
    ),
    "problem.flow.add_rest": (
        "加一个不带 when 的选项，例如 {example}",
        "add an option without when, e.g. {example}",
    ),
    "problem.flow.needs_p": (
        "不带 when 的选项不止一个时，每个都需要 p",
        "with several options without when, each needs p",
    ),
    "problem.flow.option_when": (
        "每个选项应包含 do，以及 p 或 when，实际为 {value}",
        "each option needs do and either p or when, got {value}",
    ),
    "limit.class": ("{where}：{days:g} 个工作日", "{days:g} working days where {where}"),
    "limit.otherwise": ("其余：{days:g} 个工作日", "{days:g} otherwise"),
    "limit.separator": ("；", "; "),
    "problem.limit.by_mean": (
        "分类时限是每件的时限（以内），不能与 statistic: mean 同用",
        "limits per class are limits per case (within), not an average (statistic: mean)",
    ),
    "problem.limit.by_mean_fix": ("删去 statistic: mean 或 by", "drop statistic: mean or by"),
    "problem.limit.class_when": (
        "每个分类需要 when（它适用的办件）",
        "each class needs when (the cases it applies to)",
    ),
    "verdict.limit_classes": (
        "时限：在这些假设下，{rate:.1f}% 的办件在各自类别的时限内办结（{limits}；{how}），{word} {mark:.0f}% 的标准{caveat}",
        "limit: {rate:.1f}% within the limit of their class ({limits}; {how}) {word} the {mark:.0f}% mark, under these assumptions{caveat}",
    ),
    "report.time_limit_classes": ("分类时限：{limits}", "time limits by class: {limits}"),
    "limit.rest": ("其余办件", "the rest"),
    "limit.line": ("时限 {days:g}：{where}", "limit {days:g}: {where}"),
    "compare.on_time_classes": (
        "按时办结率（各情景统一按分类时限计：{limits}）",
        "on time within the common limits per class ({limits})",
    ),
    "reform.when.mapping": (
        "when 应为属性条件的映射",
        "when needs a mapping of attribute conditions",
    ),
    "reform.when.number": ("min 和 max 应为数字", "min and max must be numbers"),
    "reform.when.test": (
        "条件应为一个类别、类别列表或 {{min, max}}",
        "a condition is a category, a list of categories or {{min, max}}",
    ),
    "reform.when.drop": (
        "删去 when（改革适用于所有办件），或改用按环节的改革",
        "drop when (the reform applies to every case) or use a reform of steps",
    ),
    "reform.when.desks": (
        "此改革调整窗口人员，窗口为所有办件服务，不能只对部分办件适用",
        "this reform changes desks, which serve every case alike: it cannot apply to some cases only",
    ),
    "reform.when.field": (
        "此改革改变了 {field}，它适用于所有办件，不能只对部分办件适用",
        "this reform changes {field}, which applies to every case: it cannot apply to some cases only",
    ),
    "reform.when.added": (
        "此改革新增环节（{steps}），不能只对部分办件适用",
        "this reform adds steps ({steps}): it cannot apply to some cases only",
    ),
    "reform.when.flow": (
        "此改革调整了流程结构（并联、合并等），不能只对部分办件适用",
        "this reform reorganises the flow (parallel, merged steps ...): it cannot apply to some cases only",
    ),
    "reform.when.before": (
        "环节 {owner} 的容缺补正须在环节 {step} 之前补齐，而此改革只对部分办件改变 {step}",
        "the make-up of step {owner} is due before step {step}, which this reform changes for some cases only",
    ),
    "reform.when.no_limit": (
        "此改革设定办结时限，只对部分办件适用时，其余办件需要原有的时限",
        "this reform sets the whole-case limit: for some cases only, the others need the scenario's own limit",
    ),
    "reform.when.copied": (
        "环节 {step} 已由前面一项带 when 的改革为部分办件改成 {copy}；此改革再改 {step}，"
        "走 {copy} 的办件就得不到这项改革",
        "step {step} already has a version for some cases ({copy}, from an earlier reform with "
        "when): changing {step} now would not reach the cases that take {copy}",
    ),
    "reform.when.copied_fix": (
        "把这项改革写在带 when 的改革之前",
        "apply this reform before the one with when",
    ),
    "reform.when.add_limit": (
        "先在情景中写 time_limit，或删去 when",
        "write the scenario's time_limit first, or drop when",
    ),
    "split.unknown": (
        "没有名为 '{attribute}' 的办件属性（已声明：{known}）",
        "no case attribute '{attribute}' (declared: {known})",
    ),
    "split.declare": ("在 attributes: 中声明它", "declare it under attributes:"),
    "split.edges_category": (
        "'{attribute}' 是类别，按类别拆分，不需要 edges",
        "'{attribute}' is a category: it splits by its categories, without edges",
    ),
    "split.edges": (
        "'{attribute}' 是数值：请用递增的 edges 给出分段，例如 edges=[0, 160, 10000]",
        "'{attribute}' is a number: give increasing edges to cut it, e.g. edges=[0, 160, 10000]",
    ),
    "workbook.header.cases": ("办件数（每次重复）", "cases (per replication)"),
    "workbook.header.share_of_cases": ("占办件比例", "share of cases"),
    "workbook.header.p90_elapsed_working_days": (
        "P90 用时（工作日）",
        "P90 elapsed (working days)",
    ),
    "workbook.header.mean_counted_working_days": (
        "平均计时（工作日）",
        "mean counted (working days)",
    ),
    "workbook.header.p90_counted_working_days": (
        "P90 计时（工作日）",
        "P90 counted (working days)",
    ),
    "workbook.header.on_time_rate": ("按时办结率", "on-time share"),
    "workbook.header.on_time_rate_ci_low": ("按时办结率 95% 下限", "on-time share, 95% low"),
    "workbook.header.on_time_rate_ci_high": ("按时办结率 95% 上限", "on-time share, 95% high"),
    "compare.own_classes": ("（分类时限：{limits}）", " (by class: {limits})"),
}
