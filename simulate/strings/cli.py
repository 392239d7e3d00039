"""The command line's help, messages and errors, as (Chinese, English) templates."""

from __future__ import annotations

CLI_MESSAGES: dict[str, tuple[str, str]] = {
    "cli.description": (
        "看一项营商环境改革让企业少等多少时间。",
        "See what a business-environment reform does to the time a company waits.",
    ),
    "cli.commands": ("命令", "commands"),
    "cli.help": ("显示帮助并退出", "show this help and exit"),
    "cli.version": ("显示版本并退出", "show the version and exit"),
    "cli.lang": (
        "输出语言：zh（中文，默认）或 en（英文）；也可设环境变量 SIMULATE_LANG",
        "language of the output: zh (Chinese, the default) or en (English); or set SIMULATE_LANG",
    ),
    "cli.usage": ("用法", "usage"),
    "cli.positional": ("位置参数", "positional arguments"),
    "cli.options": ("选项", "options"),
    # run / validate
    "cli.run.help": (
        "运行一个情景文件，写出结果表和摘要",
        "run a scenario file and write its tables and summary",
    ),
    "cli.scenario_file": (
        "情景文件（YAML 或 .xlsx 工作簿）或情景库中的名称",
        "scenario file (YAML or .xlsx workbook) or library name",
    ),
    "cli.scenario_files": (
        "情景文件（YAML 或 .xlsx，可多个）或情景库中的名称",
        "scenario files (YAML or .xlsx) or library names",
    ),
    "cli.run.rows": (
        "逐件、逐环节明细的文件格式（默认 CSV）",
        "file format of the per-case and per-step rows (default csv)",
    ),
    "cli.run.rows_in_workbook": (
        "同时把逐件、逐环节明细写进 results.xlsx（文件大、写得慢）",
        "also put the per-case and per-step rows into results.xlsx (large and slow)",
    ),
    "cli.run.replications": (
        "重复次数（默认：文件中的，否则 10）",
        "replications (default: the file's, else 10)",
    ),
    "cli.run.seed": (
        "随机种子（默认：文件中的，否则随机生成并记录）",
        "random seed (default: the file's, else fresh and recorded)",
    ),
    "cli.run.jobs": (
        "并行进程数（任何取值结果都相同）",
        "worker processes (same numbers for any value)",
    ),
    "cli.run.out": (
        "输出文件夹（默认：results/<情景名>，带 --reform 时为 results/<情景名>+<举措>）",
        "output folder (default: results/<scenario name>, with --reform results/<scenario name>+<reforms>)",
    ),
    "cli.run.reform": (
        "在文件自身的改革之后再加一项改革，写法同 YAML 的 reforms: 条目，名称可用英文键或中文名，例如 'online: {{steps: [apply]}}' 或 '并联审批: {{steps: [a, b]}}'（可重复）",
        "apply a reform after the file's own, written as a YAML reforms: entry, by key or Chinese name, e.g. 'online: {{steps: [apply]}}' or '并联审批: {{steps: [a, b]}}' (repeatable)",
    ),
    "cli.run.no_excel": ("不写 Excel 工作簿", "skip the Excel workbook"),
    "cli.charts": ("同时把图表（PNG 和 SVG）写入 DIR", "also write charts (PNG and SVG) into DIR"),
    "cli.svg_text": (
        "SVG 中保留可编辑文字（svg.fonttype: none，可在 WPS/PowerPoint 中修改；显示用读者电脑上的字体），而非轮廓",
        "keep the SVG's text editable (svg.fonttype: none, for WPS or PowerPoint; shown in the reader's fonts) instead of outlines",
    ),
    "cli.quiet": ("除错误外不输出任何内容", "print nothing but errors"),
    "cli.validate.help": (
        "检查情景文件并列出每个问题",
        "check a scenario file and list every problem",
    ),
    "cli.validate.ok": (
        "{path}：通过（{name}：{steps} 个环节，{desks} 个窗口）",
        "{path}: ok ({name}: {steps} steps, {desks} desks)",
    ),
    "cli.run.wrote": ("已写出 {out}/（{files}）", "wrote {out}/ ({files})"),
    "cli.warning": ("警告：{name}：{message}", "warning: {name}: {message}"),
    "cli.warning_plain": ("警告：{message}", "warning: {message}"),
    "cli.wrote_files": ("已写出 {files}", "wrote {files}"),
    "cli.reform.usage": (
        "请写 --reform 名称 或 --reform '名称: {{参数: 值}}'，例如 'parallel_approval: {{steps: [a, b]}}'",
        "write --reform NAME or --reform 'NAME: {{param: value}}', e.g. 'parallel_approval: {{steps: [a, b]}}'",
    ),
    "cli.reform.not_yaml": (
        "--reform {text!r} 不是有效的 YAML；{usage}",
        "--reform {text!r} is not valid YAML; {usage}",
    ),
    "cli.reform.not_one": (
        "--reform {text!r} 不是一项改革；{usage}",
        "--reform {text!r} is not one reform; {usage}",
    ),
    "cli.count": ("{option} 至少为 1，实际为 {value}", "{option} must be at least 1, got {value}"),
    "cli.whatif.replications": ("每个参数点的重复次数", "replications per point"),
    "cli.whatif.seed": ("随机种子（默认：文件中的）", "random seed (default: the file's)"),
    "cli.whatif.jobs": (
        "工作进程数（任何取值结果都相同）",
        "worker processes (same numbers for any value)",
    ),
    "cli.whatif.scheduler": (
        "在地址为 ADDRESS 的 Dask 集群上运行（tcp://host:8786）；用 --dask 时默认取 $DASK_SCHEDULER_ADDRESS",
        "run on the Dask cluster at ADDRESS (tcp://host:8786); default $DASK_SCHEDULER_ADDRESS if --dask",
    ),
    "cli.whatif.dask": (
        "在 Dask 上运行（未给地址时在本机启动 --jobs 个工作进程）",
        "run on Dask (a local cluster of --jobs workers unless an address is given)",
    ),
    "cli.whatif.out": ("表格和图表的输出文件夹", "output folder for tables and the chart"),
    "cli.sweep.help": (
        "在共同随机数下，把一个情景在许多参数点上各运行一遍",
        "run a scenario at many parameter points on common random numbers",
    ),
    "cli.sweep.set": (
        "一个数的取值，例如 desks.window.staff=2,3,4（可重复：组成完整网格）",
        "values of one number, e.g. desks.window.staff=2,3,4 (repeatable: the full grid)",
    ),
    "cli.sensitivity.help": (
        "结论取决于哪些假设（龙卷风图、翻转点）",
        "which assumptions the verdict hinges on (tornado, flip points)",
    ),
    "cli.sensitivity.include_sourced": (
        "有文件依据的数也一并变动",
        "vary numbers that cite a plan too",
    ),
    "cli.sensitivity.range": (
        "替代默认范围的因素取值范围，例如 desks.window.staff=2:6（可重复）",
        "a factor's range instead of the default, e.g. desks.window.staff=2:6 (repeatable)",
    ),
    "cli.sensitivity.levels": ("每个因素取几个值（默认 5）", "values per factor (default 5)"),
    "cli.sensitivity.morris": (
        "另做 R 条轨迹的 Morris 筛选",
        "also a Morris screen with R trajectories",
    ),
    "cli.staff.help": (
        "满足全部目标所需的各窗口最少人数",
        "the least staff per desk that meets every target",
    ),
    "cli.staff.desk": ("只调整这些窗口（可重复）", "only change these desks (repeatable)"),
    "cli.staff.cost": ("某窗口每人的成本（可重复）", "cost of one person at a desk (repeatable)"),
    "cli.staff.max_staff": (
        "每个窗口最多这么多人（默认 60）",
        "at most this many at any desk (default 60)",
    ),
    "cli.jobs_range": (
        "--jobs 应在 1 到 {most} 之间，实际为 {value}；每个核心一个进程最快",
        "--jobs must be from 1 to {most}, got {value}; one worker per core is fastest",
    ),
    "run.replications_range": (
        "应为 1 到 {cap:,} 之间的整数，实际为 {value}",
        "must be a whole number from 1 to {cap:,}, got {value}",
    ),
    "run.replications_fix": (
        "一般几次到几百次重复即可；{hint}",
        "use a few to a few hundred replications; {hint}",
    ),
    "run.seed_range": (
        "应为 0 到 2**63 - 1 之间的整数，实际为 {value}",
        "must be a whole number from 0 to 2**63 - 1, got {value}",
    ),
    "run.seed_fix": (
        "请给一个非负整数，例如 20240301",
        "give a non-negative integer such as 20240301",
    ),
    # compare / attribute
    "cli.compare.help": (
        "在共同随机数上运行多个情景并比较",
        "run scenarios on common random numbers and compare them",
    ),
    "cli.compare.scenarios": (
        "情景文件；第一个为基准",
        "scenario files; the first is the reference",
    ),
    "cli.compare.replications": (
        "重复次数（默认：第一个文件中的）",
        "replications (default: the first file's)",
    ),
    "cli.compare.seed": (
        "随机种子（默认：第一个文件中的，否则随机生成）",
        "random seed (default: the first file's, else fresh)",
    ),
    "cli.jobs": ("并行进程数", "worker processes"),
    "cli.compare.out": ("比较结果表的输出文件夹", "output folder for the comparison tables"),
    "cli.compare.limit": (
        "所有情景的按时办结率都按同一个时限（工作日）计算（默认：基准情景自己的时限）",
        "one common limit in working days for every scenario's on-time share (default: the reference scenario's own limit)",
    ),
    "cli.attribute.help": (
        "文件的 reforms: 列表中每项改革各贡献多少天（Shapley 分解）",
        "how many days each reform of a file's reforms: list contributes (Shapley split)",
    ),
    "cli.attribute.scenario": ("含 reforms: 的情景文件", "a scenario file with reforms:"),
    "cli.attribute.metric": (
        "要分解的摘要指标（默认：情景有办理时限或停表时为 mean_counted_working_days，否则为 mean_elapsed_working_days）",
        "summary metric to split (default: mean_counted_working_days where the scenario has a limit or clock stops, else mean_elapsed_working_days)",
    ),
    "cli.attribute.replications": (
        "每个组合的重复次数（默认：文件中的，否则 10）",
        "replications of each subset (default: the file's, else 10)",
    ),
    "cli.attribute.seed": (
        "随机种子（默认：文件中的，否则随机生成）",
        "random seed (default: the file's, else fresh)",
    ),
    "cli.attribute.charts": ("同时把瀑布图写入 DIR", "also write the waterfall chart into DIR"),
    "cli.attribute.group": (
        "把几项改革算作一项（可重复）；超过 6 项或改革相互依赖时需要",
        "count several reforms as one (repeatable); needed past 6 reforms or for reforms that depend on each other",
    ),
    "cli.attribute.no_reforms": (
        "{file} 没有可分解的 reforms:；请添加 reforms: 列表或指定一个改革变体",
        "{file} has no reforms: to split; add a reforms: list or name a reform variant",
    ),
    "cli.attribute.bad_group": (
        "--group 应写作 名称=reform_a,reform_b，实际为 {spec!r}",
        "--group must look like NAME=reform_a,reform_b, got {spec!r}",
    ),
    # diff / reforms / list
    "cli.diff.help": (
        "两个情景之间逐环节的变化",
        "what changed from one scenario to another, step by step",
    ),
    "cli.diff.a": ("原情景文件", "the scenario file to compare from"),
    "cli.diff.b": ("新情景文件", "the scenario file to compare to"),
    "cli.reforms.help": (
        "列出所有已注册的改革举措及其中文名和含义",
        "list every registered reform with its label and meaning",
    ),
    "cli.list.help": (
        "列出内置情景及其名称、流程和依据文件",
        "list shipped scenarios with label, process and source documents",
    ),
    "cli.list.folder": (
        "要查找的文件夹（默认：随软件包安装的内置情景库）",
        "folder to search (default: the shipped library, installed with the package)",
    ),
    "cli.list.library": (
        "情景库：{folder}；按名称运行（{run_example}），或复制一份来修改（{init_example}）",
        "library: {folder}; run one by name ({run_example}), copy one with {init_example}",
    ),
    "cli.list.none": ("{folder} 下没有情景文件", "no scenario files under {folder}"),
    "cli.list.no_process": ("（无流程）", "(no process)"),
    "cli.list.file": ("文件", "file"),
    "cli.list.label": ("名称", "label"),
    "cli.list.documents": ("依据文件", "documents"),
    "cli.list.reforms": ("改革举措", "reforms"),
    "cli.list.total": (
        "共 {count} 个情景文件；`simulate validate 文件` 检查，`simulate run 文件` 运行",
        "{count} scenario files; `simulate validate FILE` checks one, `simulate run FILE` runs it",
    ),
    # calibrate (simulate/cli/calibrate.py)
    "cli.calibrate.help": (
        "按办件记录（事件日志）拟合情景，并检验它能否再现记录",
        "fit a scenario to an event log and check how well it reproduces it",
    ),
    "cli.calibrate.log": ("办件记录：CSV、Excel 或 Parquet", "event log: CSV, Excel or Parquet"),
    "cli.calibrate.out": ("把拟合出的情景 YAML 写到这里", "write the fitted scenario YAML here"),
    "cli.calibrate.column": (
        "指定哪一列承担某个角色（case、activity、start、end、resource、group、submitted）；可重复",
        "which header fills a role (case, activity, start, end, resource, group, submitted); repeatable",
    ),
    "cli.calibrate.time_zone": (
        "把带时区偏移的时间换算到这个时区",
        "convert times with offsets to this zone",
    ),
    "cli.calibrate.stages": (
        "把原始环节归并为阶段：CSV 表（activity,stage）或 “阶段: 正则表达式” 形式的 YAML 文件",
        "group raw activities into stages: a CSV table (activity,stage) or a YAML file of stage: regex",
    ),
    "cli.calibrate.calendar": (
        "工作日：官方中国日历（默认）、周一至周五、每天",
        "working days: the official Chinese calendar (default), weekdays, every day",
    ),
    "cli.calibrate.holidays": (
        "另行放假日期的文件，每行一个日期",
        "file of extra days off, one date a line",
    ),
    "cli.calibrate.min_share": (
        "出现的办件比例低于此值的环节并入下一条事件（默认 0.01）",
        "fold activities in fewer than this share of cases (default 0.01)",
    ),
    "cli.calibrate.arrivals": (
        "到达：每工作日一个泊松到达率（默认）或按记录的提交时间重放",
        "a Poisson rate per working day (default) or a replay of the observed submissions",
    ),
    "cli.calibrate.holdout": (
        "留出最近提交的这一比例办件，与模拟结果比较（例如 0.3）",
        "keep this share of the latest cases to compare with a simulation (e.g. 0.3)",
    ),
    "cli.calibrate.report": (
        "配合 --holdout：把 holdout.txt、holdout.xlsx 和累积分布图写入 DIR",
        "with --holdout: write holdout.txt, holdout.xlsx and the ECDF chart into DIR",
    ),
    "cli.calibrate.replications": ("留出检验的重复次数", "hold-out replications"),
    "cli.calibrate.seed": ("随机种子", "random seed"),
    "cli.calibrate.bad_column": (
        "--column {pair} 不是 ROLE=HEADER 的形式",
        "--column {pair} is not ROLE=HEADER",
    ),
    "cli.calibrate.column_example": ("例如 --column case=办件编号", "e.g. --column case=办件编号"),
    "cli.calibrate.no_holidays": ("找不到放假日期文件：{path}", "no such holiday file: {path}"),
    "cli.calibrate.not_date": ("不是日期：{value}", "not a date: {value}"),
    "cli.calibrate.write_date": ("请写成 YYYY-MM-DD", "write YYYY-MM-DD"),
    "cli.calibrate.replications_low": (
        "--replications 至少为 1，实际为 {value}",
        "--replications must be at least 1, got {value}",
    ),
}
