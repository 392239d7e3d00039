"""Help and messages of the report, template, convert and init commands."""

from __future__ import annotations

COMMAND_MESSAGES: dict[str, tuple[str, str]] = {
    "cli.report.help": (
        "写出改革方案附件（report.docx 和 report.html，图表 300 dpi），语言随 --lang（默认中文）",
        "write a proposal appendix (report.docx and report.html, charts at 300 dpi) in the"
        " chosen language (--lang; Chinese by default)",
    ),
    "cli.report.scenarios": (
        "情景文件或情景库中的名称；第一个是对照基准，其余与它比较",
        "scenario files or library names; the first is the reference the others are compared with",
    ),
    "cli.report.out": ("输出文件夹（默认 report/）", "output folder (default report/)"),
    "cli.report.replications": ("重复次数（默认：文件中的）", "replications (default: the file's)"),
    "cli.report.seed": (
        "随机种子（默认：第一个文件中的）",
        "random seed (default: the first file's)",
    ),
    "cli.report.no_attribution": (
        "不把各情景的变化拆分到各项改革（拆分要运行改革的每个组合）",
        "skip splitting each scenario's change among its reforms (it runs every subset)",
    ),
    "cli.report.wrote": (
        "已写出 {docx}、{html} 和 {charts} 张图",
        "wrote {docx}, {html} and {charts} charts",
    ),
    "cli.template.help": (
        "写出一个中英双语的情景工作簿（环节、窗口、流程、到达、目标、改革），供填写",
        "write a bilingual scenario workbook (steps, desks, flow, arrivals, targets, reforms) to fill in",
    ),
    "cli.template.workbook": ("要写出的 .xlsx 文件", "the .xlsx file to write"),
    "cli.template.source": (
        "用来填充的情景：文件或情景库名称（默认 example_gas，一个小的示例）",
        "scenario to fill it with: a file or library name (default example_gas, a small worked example)",
    ),
    "cli.template.force": ("工作簿已存在时覆盖", "overwrite the workbook if it exists"),
    "cli.template.wrote": (
        "已写出 {workbook}（以 {source} 填充）；在 Excel 或 WPS 中编辑后，"
        "用 `simulate validate {workbook}` 检查、`simulate run {workbook}` 运行",
        "wrote {workbook} (filled with {source}); edit it in Excel or WPS, then "
        "`simulate validate {workbook}` and `simulate run {workbook}`",
    ),
    "cli.convert.help": (
        "把情景工作簿转成 YAML，或把 YAML 情景转成工作簿",
        "turn a scenario workbook into YAML, or a YAML scenario into a workbook",
    ),
    "cli.convert.source": (
        "情景文件（.xlsx 或 .yaml）或情景库名称",
        "scenario file (.xlsx or .yaml) or library name",
    ),
    "cli.convert.target": ("要写出的文件（.yaml 或 .xlsx）", "file to write (.yaml or .xlsx)"),
    "cli.convert.force": ("目标文件已存在时覆盖", "overwrite the target if it exists"),
    "cli.convert.wrote": ("已由 {source} 写出 {target}", "wrote {target} from {source}"),
    "cli.target.suffix": (
        "{target}：请写成以 {suffixes} 结尾的文件",
        "{target}: write a file ending in {suffixes}",
    ),
    "cli.target.exists": (
        "{target} 已存在；请换一个名称，或加 --force 覆盖",
        "{target} exists; choose another name or add --force to overwrite",
    ),
    "cli.init.help": (
        "从内置情景开始一个自己的情景（复制一份来修改）",
        "start a scenario of your own from a shipped one (a copy to edit)",
    ),
    "cli.init.name": (
        "要写出的文件：NAME.yaml，或工作簿 NAME.xlsx",
        "file to write: NAME.yaml, or NAME.xlsx for a workbook",
    ),
    "cli.init.source": (
        "要复制的内置情景，例如 power/low_voltage_baseline（见 `simulate list`）",
        "shipped scenario to copy, e.g. power/low_voltage_baseline (see `simulate list`)",
    ),
    "cli.init.force": ("NAME 已存在时覆盖", "overwrite NAME if it exists"),
    "cli.init.wrote": (
        "已由 {source} 写出 {target}；用 `simulate validate {target}` 检查",
        "wrote {target} from {source}; check it with `simulate validate {target}`",
    ),
}
