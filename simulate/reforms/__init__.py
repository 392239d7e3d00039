"""The reform library: each reform a pure function Scenario -> Scenario with its citation.

``registry`` holds the registry, the parameter checks and the reference page; the reforms
are grouped by what they change: ``flow`` (并联审批, 联合审查, 模拟审批, 减环节), ``steps``
(告知承诺制, 一窗受理, 全程网办, 秒批, 帮代办, 区域评估, 容缺受理) and ``limits`` (压时限,
超时默认, 增窗增人, 承诺时限). Importing this package registers every reform.
"""

from simulate.reforms import flow, limits, steps
from simulate.reforms.registry import (
    REFORMS,
    Reform,
    ReformError,
    apply_reform,
    apply_reform_entries,
    reform,
    reforms_markdown,
    unregister,
)

del flow, limits, steps

__all__ = [
    "REFORMS",
    "Reform",
    "ReformError",
    "apply_reform",
    "apply_reform_entries",
    "reform",
    "reforms_markdown",
    "unregister",
]
