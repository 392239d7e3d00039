"""Texts of declared targets and their verdicts (环节数, 跑动次数, 材料数, 费用, 网办率 ...)."""

from __future__ import annotations

TARGET_MESSAGES: dict[str, tuple[str, str]] = {
    "verdict.target": (
        "{name}{cited}：在这些假设下，{shown}，{word}{mark}{caveat}",
        "{name}{cited}: {shown} {word} {mark}, under these assumptions{caveat}",
    ),
    "verdict.target_online": (
        "{value:.1f}% 的办件网上提交{interval}",
        "{value:.1f}% of cases online{interval}",
    ),
    "verdict.target_mean": (
        "平均 {value:.2f} {unit}{interval}",
        "mean {value:.2f} {unit}{interval}",
    ),
    "verdict.target_within": (
        "{value:.1f}% 的办件不超过 {limit:g} {unit}{interval}",
        "{value:.1f}% of cases within {limit:g} {unit}{interval}",
    ),
    "verdict.mark_target": ("目标 {goal:.0f}%", "the target {goal:.0f}%"),
    "verdict.mark_average": ("平均 {goal:g} 的要求", "the average of {goal:g}"),
    "verdict.mark_share": ("{goal:.0f}% 的标准", "the {goal:.0f}% mark"),
    "verdict.interval_share": (
        "（95% 置信区间 {low:.1f}%～{high:.1f}%）",
        " [95% CI {low:.1f}%, {high:.1f}%]",
    ),
    "verdict.interval": (
        "（95% 置信区间 {low:.2f}～{high:.2f}）",
        " [95% CI {low:.2f}, {high:.2f}]",
    ),
    "condition.in": ("{attribute} 为 {values}", "{attribute} in {values}"),
    "condition.and": ("且", " and "),
    "target.kind.time": ("办结时间", "time"),
    "target.kind.stage": ("阶段用时", "stage"),
    "target.kind.steps": ("环节数", "steps"),
    "target.kind.visits": ("跑动次数", "visits"),
    "target.kind.documents": ("材料数", "documents"),
    "target.kind.fees": ("费用", "fees"),
    "target.name.online": ("网办率不低于 {share:.0f}%", "online share >= {share:.0f}%"),
    "target.name.mean": (
        "平均{kind}{scope}不超过 {value:g} {unit}",
        "mean {kind}{scope} <= {value:g} {unit}",
    ),
    "target.name.max": (
        "{kind}{scope}不超过 {value:g} {unit}",
        "{kind}{scope} <= {value:g} {unit}",
    ),
    "target.name.scope": ("（{steps}）", " of {steps}"),
    "target.name.where": ("{text}（适用于 {where}）", "{text} (where {where})"),
}
