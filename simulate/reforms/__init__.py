"""The reform library: each reform a pure function Scenario -> Scenario with its citation.

``registry`` holds the registry, the application of reforms and the reference page;
``params`` the parameter checks, ``edit`` the scenario edits and ``makeups`` the rework
(补正, 容缺) handling the reforms share. The reforms are grouped by what they change:
``flow`` (并联审批, 联合审查, 模拟审批, 减环节), ``steps`` (告知承诺制, 全程网办, 秒批, 帮代办,
区域评估, 容缺受理), ``limits`` (压时限, 超时默认, 承诺时限), ``desks`` (一窗受理, 增窗增人),
``documents`` (材料压减, 免提交 / 免证办), ``matters`` (一件事一次办 / 一事联办, 一次性告知),
``utilities`` (水电气网联合报装), ``offices`` (前台综合受理、后台分类审批), ``permits``
(先建后验, 一业一证, 证照分离) and ``queues`` (绿色通道 / 优先办理, 集中申办 / 集中办理).
Importing this package registers every reform.
"""

from simulate.reforms import (
    desks,
    documents,
    flow,
    limits,
    matters,
    offices,
    permits,
    queues,
    steps,
    utilities,
)
from simulate.reforms.registry import (
    REFORMS,
    Reform,
    ReformError,
    apply_reform,
    apply_reform_entries,
    reform,
    reform_aliases,
    reform_key,
    reform_names,
    reforms_markdown,
    unregister,
)

del desks, documents, flow, limits, matters, offices, permits, queues, steps, utilities

__all__ = [
    "REFORMS",
    "Reform",
    "ReformError",
    "apply_reform",
    "apply_reform_entries",
    "reform",
    "reform_aliases",
    "reform_key",
    "reform_names",
    "reforms_markdown",
    "unregister",
]
