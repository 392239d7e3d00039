"""Problems of reading scenario files (YAML, CSV, workbooks, ``extends:``) and of the checks
of a built scenario (:mod:`simulate.scenario.validate`), as (Chinese, English) templates.

PyYAML's own messages for common mistakes are keyed here with their exact English, so a
Chinese reader gets them in Chinese and an English one unchanged.
"""

from __future__ import annotations

#: Reading files (simulate/io/yamlsrc.py, loader.py, workbook.py).
FILES: dict[str, tuple[str, str]] = {
    "problem.file.not_found": ("找不到{what}", "{what} not found"),
    "problem.file.cannot_open": ("无法打开{what}（{error}）", "cannot open the {what} ({error})"),
    "problem.file.folder": ("{what}是一个文件夹", "the {what} is a folder"),
    "problem.file.irregular": ("{what}不是普通文件", "the {what} is not a regular file"),
    "problem.file.give": ("请给出{what}的路径", "give the path of a {what}"),
    "problem.file.cannot_read": ("无法读取{what}（{error}）", "cannot read the {what} ({error})"),
    "problem.file.readable": (
        "请确认文件存在且可读",
        "check that the file exists and is readable",
    ),
    "problem.file.too_large": (
        "{what}超过 {cap:,} 字节",
        "the {what} is larger than {cap:,} bytes",
    ),
    "problem.file.not_utf8": (
        "不是 UTF-8 文本：第 {position} 个字节 {byte} 无法读取",
        "not UTF-8 text: byte {byte} at position {position} cannot be read",
    ),
    "problem.file.save_utf8": (
        "请把文件存为 UTF-8 编码（Excel 中选 CSV UTF-8；编辑器中选 UTF-8 编码）",
        "save the file as UTF-8 (in Excel: CSV UTF-8; in an editor: encoding UTF-8)",
    ),
    "problem.file.nul": (
        "文件中含有 NUL 字节：不是文本文件",
        "the file holds NUL bytes: it is not a text file",
    ),
    "problem.file.give_yaml": ("请给出情景的 YAML 文件", "give the scenario's YAML file"),
    "problem.file.empty": ("文件是空的", "the file is empty"),
    "problem.file.write_mapping": (
        "请写一个情景映射（name、start、steps、flow 等）",
        "write a scenario mapping (name, start, steps, flow, ...)",
    ),
    "problem.file.not_mapping": (
        "情景文件应为键值映射，实际为 {kind}",
        "a scenario file must be a mapping of keys, got {kind}",
    ),
    "problem.file.start_name": (
        "请在第一列顶格写 `name: ...` 开头",
        "start with `name: ...` at the left margin",
    ),
    "problem.yaml.broken": ("YAML 格式有误：{what}", "broken YAML: {what}"),
    "problem.yaml.check_line": (
        "请检查这一行和上一行的缩进、冒号和引号",
        "check indentation, colons and quotes on this line and the one before",
    ),
    "problem.yaml.check_syntax": ("请检查 YAML 语法", "check the YAML syntax"),
    "problem.yaml.too_deep": ("嵌套超过 {depth} 层", "nested more than {depth} levels deep"),
    "problem.yaml.too_many": (
        "展开别名后包含超过 {cap:,} 个值",
        "holds more than {cap:,} values once its aliases are expanded",
    ),
    "problem.yaml.loop": (
        "别名引用了包含它自身的值（形成循环）",
        "an alias refers to the value that contains it (a loop)",
    ),
    "problem.yaml.loop_fix": (
        "请删除该别名或让它指向别处",
        "remove the alias or point it elsewhere",
    ),
    "problem.yaml.duplicate": (
        "键 '{key}' 在同一个映射中出现了两次",
        "the key '{key}' appears twice in one mapping",
    ),
    "problem.yaml.duplicate_fix": (
        "请只保留一个（YAML 会悄悄只保留最后一个）",
        "keep one of them (YAML would silently keep the last)",
    ),
    # PyYAML's own words for the common mistakes (English kept exactly as PyYAML writes it)
    "problem.yaml.mapping_values": (
        "此处不能出现“键: 值”（冒号后是否缺空格，或缩进不对？）",
        "mapping values are not allowed here",
    ),
    "problem.yaml.no_colon": ("找不到应有的冒号 ':'", "could not find expected ':'"),
    "problem.yaml.block_end": (
        "缩进没有对齐：此处（{found}）与上文的层级不一致",
        "expected <block end>, but found {found}",
    ),
    "problem.yaml.sequence": (
        "列表 [...] 没有正确结束：缺少 ',' 或 ']'，却遇到了{found}",
        "expected ',' or ']', but got {found}",
    ),
    "problem.yaml.mapping": (
        "映射 {{...}} 没有正确结束：缺少 ',' 或 '}}'，却遇到了{found}",
        "expected ',' or '}}', but got {found}",
    ),
    "problem.yaml.character": (
        "字符 {found} 不能出现在这里（缩进请用空格，不要用制表符）",
        "found character {found} that cannot start any token",
    ),
    "problem.yaml.escape": (
        "未知的转义字符 {found}（双引号内的反斜杠请写成 \\\\，或改用单引号）",
        "found unknown escape character {found}",
    ),
    "problem.yaml.alias": ("未定义的别名 {found}", "found undefined alias {found}"),
    "problem.yaml.end": (
        "文件意外结束（引号或括号没有闭合？）",
        "found unexpected end of stream",
    ),
    "problem.yaml.documents": (
        "文件中只能有一个 YAML 文档（请删去多余的 ---）",
        "but found another document",
    ),
    "problem.yaml.tag": (
        "不支持的标签 {found}",
        "could not determine a constructor for the tag {found}",
    ),
    "problem.yaml.entries": ("此处不能出现列表项 '-'", "sequence entries are not allowed here"),
    "problem.yaml.keys": ("此处不能出现映射的键", "mapping keys are not allowed here"),
    "problem.yaml.content": (
        "此处缺少值（遇到了{found}）",
        "expected the node content, but found {found}",
    ),
    # PyYAML's names of what it found instead, as it writes them (quoted)
    "problem.yaml.token.'<stream end>'": ("文件结尾", "'<stream end>'"),
    "problem.yaml.token.'<block mapping start>'": ("新的映射", "'<block mapping start>'"),
    "problem.yaml.token.'<block sequence start>'": ("新的列表", "'<block sequence start>'"),
    "problem.yaml.token.'<block end>'": ("缩进结束", "'<block end>'"),
    "problem.yaml.token.'<scalar>'": ("一个值", "'<scalar>'"),
    "problem.yaml.token.'<document start>'": ("文档分隔符 ---", "'<document start>'"),
    "problem.yaml.token.'<document end>'": ("文档结束符 ...", "'<document end>'"),
    "problem.yaml.token.'<alias>'": ("别名", "'<alias>'"),
    "problem.yaml.token.'<anchor>'": ("锚点", "'<anchor>'"),
    "problem.yaml.token.'<tag>'": ("标签", "'<tag>'"),
    "problem.yaml.indent": (
        "缩进有误，或 '[' / '{brace}' 没有闭合",
        "invalid indentation or unclosed '[' or '{brace}'",
    ),
    "problem.extends.path": ("应为文件路径，实际为 {value}", "must be a file path, got {value}"),
    "problem.extends.unusable": (
        "不是可用的文件路径，实际为 {value}（{error}）",
        "not a usable file path, got {value} ({error})",
    ),
    "problem.extends.relative": (
        "请给出相对于本文件的情景文件路径",
        "give the path of a scenario file relative to this file",
    ),
    "problem.extends.loop": ("extends 形成了循环（{base}）", "extends itself in a loop ({base})"),
    "problem.extends.loop_fix": (
        "请让 extends 指向一个不继承本文件的基础情景",
        "point extends at a base scenario that does not extend this one",
    ),
    "problem.extends.folder": (
        "基础情景是一个文件夹，实际为 {value}",
        "base scenario is a folder, got {value}",
    ),
    "problem.extends.irregular": (
        "基础情景不是普通文件，实际为 {value}",
        "base scenario is not a regular file, got {value}",
    ),
    "problem.extends.not_found": (
        "找不到基础情景，实际为 {value}",
        "base scenario not found, got {value}",
    ),
    "problem.extends.chain": (
        "超过 {count} 个文件相互继承",
        "more than {count} files extend one another",
    ),
    "problem.extends.flatten": ("请缩短 extends: 的继承链", "flatten the chain of extends:"),
    "problem.extends.base": (
        "基础情景 {value} 无法使用：{message}",
        "base scenario {value} cannot be used: {message}",
    ),
    "problem.calendar.fix": (
        "请把起始日选在官方日历数据之内，或提供 `{example}`",
        "choose a start date inside the official data, or supply `{example}`",
    ),
    "problem.calendar.horizon": (
        "从 {start} 起 {horizon:g} 个工作日，加上最后一件提交后办件可能还需要的 {margin:.0f} 个工作日，"
        "超出了日历的最后一天 {last}",
        "{horizon:g} working days from {start}, and the {margin:.0f} after the last submission "
        "that its case may still need, run past the calendar's last day {last}",
    ),
    "problem.calendar.horizon_fix": (
        "请缩短模拟期或提前起始日，或在 calendar: 下提供以后年份的节假日",
        "shorten the horizon or move the start earlier, or supply holidays for later years under calendar:",
    ),
    "problem.calendar.arrival": (
        "提交日期 {day} 晚于日历的最后一天 {last}",
        "submission date {day} is after the calendar's last day {last}",
    ),
    "problem.workbook.not_found": ("找不到文件", "file not found"),
    "problem.workbook.unread": ("无法读取工作簿（{error}）", "cannot read the workbook ({error})"),
    "problem.workbook.save": (
        "请在 Excel 或 WPS 中另存为 .xlsx",
        "save it as .xlsx from Excel or WPS",
    ),
    "problem.workbook.sheet": ("缺少工作表 '{sheet}'", "sheet '{sheet}' is missing"),
    "problem.workbook.template": (
        "请从 `simulate template FILE.xlsx` 生成的模板开始，其中包含所有工作表",
        "start from `simulate template FILE.xlsx`, which has every sheet",
    ),
    "problem.workbook.inline": ("不是单行 YAML（{error}）", "not one-line YAML ({error})"),
    "problem.workbook.inline_fix": (
        "例如写成 {example}，保留花括号和冒号",
        "write e.g. {example} with its braces and colons",
    ),
}

#: Checks of a built scenario (simulate/scenario/validate.py).
CHECKS: dict[str, tuple[str, str]] = {
    "problem.check.step_twice": (
        "环节编号 '{name}' 用了 {count} 次",
        "step id '{name}' is used {count} times",
    ),
    "problem.check.own_step_id": ("请给每个环节一个独立的编号", "give every step its own id"),
    "problem.check.desk_twice": (
        "窗口编号 '{name}' 用了 {count} 次",
        "desk id '{name}' is used {count} times",
    ),
    "problem.check.own_desk_id": ("请给每个窗口一个独立的编号", "give every desk its own id"),
    "problem.check.default_approval": (
        "default_approval 需要该环节自己的时限",
        "default_approval needs the step's own limit",
    ),
    "problem.check.add_limit": ("请给该环节加上 {example}", "add {example} to the step"),
    "problem.check.flow_times": (
        "环节 '{name}' 在流程中出现了 {count} 次",
        "step '{name}' appears {count} times in the flow",
    ),
    "problem.check.not_in_flow": ("环节 '{name}' 不在流程中", "step '{name}' is not in the flow"),
    "problem.check.add_to_flow": (
        "请把它加入 flow，或删去这个环节",
        "add it to flow or remove the step",
    ),
    "problem.check.rework_step": (
        "补正（rework）指向未知的环节 '{name}'",
        "rework for unknown step '{name}'",
    ),
    "problem.check.before_itself": (
        "补齐材料不能在它自己的环节之前到期",
        "a make-up cannot be due before its own step",
    ),
    "problem.check.later_step": ("请写一个更靠后的环节", "name a later step"),
    "problem.check.not_after": (
        "在流程的每条路径上，'{before}' 并不都在 '{step}' 之后",
        "'{before}' does not come after '{step}' on every path of the flow",
    ),
    "problem.check.not_after_fix": (
        "请写同一串行顺序中更靠后的环节（不能是并联分支或另一个选项）",
        "name a step that comes later in the same sequence "
        "(not a parallel branch or another option of a choice)",
    ),
    "problem.check.alongside": (
        "before 和 p_fail 只适用于并行补齐（alongside）",
        "before and p_fail only apply to make-ups that run alongside",
    ),
    "problem.check.alongside_fix": (
        "请加上 alongside: true，或删去 before/p_fail",
        "add alongside: true or drop before/p_fail",
    ),
    "problem.check.cohort_date": (
        "批量到达日期 {date} 早于起始日 {start}",
        "cohort date {date} is before start {start}",
    ),
    "problem.check.cohort_fix": ("请把日期改到起始日当天或之后", "move the date on or after start"),
    "problem.check.first_submission": (
        "第一件提交 {first} 早于起始日 {start}",
        "first submission {first} is before start {start}",
    ),
    "problem.check.first_fix": (
        "请把起始日改为第一件提交的日期",
        "move start to the first submission date",
    ),
    "problem.check.volume": (
        "单次重复约有 {count:,.0f} 件提交，多到无法模拟",
        "about {count:,.0f} submissions in one replication, too many to simulate",
    ),
    "problem.check.volume_fix": (
        "请降低办件量或缩短 horizon_working_days；{hint}",
        "lower the volume or shorten horizon_working_days; {hint}",
    ),
    "problem.check.rounds": (
        "{rounds:,} 轮{rework}超出了一个办件所能经历的次数",
        "{rounds:,} rounds of {rework} is more than a case can go through",
    ),
}

#: Problems of reading files and of checking a built scenario.
READING_MESSAGES: dict[str, tuple[str, str]] = {**FILES, **CHECKS}
