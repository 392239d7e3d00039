"""Texts of calendar problems (dates outside the holiday data, clock times, office hours) and
of the input limits (how to raise one)."""

from __future__ import annotations

CALENDAR_MESSAGES: dict[str, tuple[str, str]] = {
    "calendar.past_end_fix": (
        "运行超出了日历数据的范围；请缩短 horizon_working_days，或为之后的年份补充节假日",
        "the run went past the calendar's data; shorten horizon_working_days or supply "
        "holidays for later years",
    ),
    "calendar.unknown_days": (
        "日历：未知的工作日模式 {days!r}；可选 {choices}",
        "calendar days mode {days!r} is unknown; use one of {choices}",
    ),
    "calendar.both_lists": (
        "日历：{shown} 同时列为节假日和工作日；每个日期只能放在一个列表里",
        "calendar: {shown} listed both as holiday and as working day; keep each date in only "
        "one list",
    ),
    "calendar.last_before_start": (
        "日历：最后一天 {last} 早于开始日期 {start}；请选择更晚的最后一天",
        "calendar: last day {last} is before the start date {start}; choose a later last day",
    ),
    "calendar.which_start": ("开始日期 {start}", "the start date {start}"),
    "calendar.which_last": ("日历的最后一天 {last}", "the calendar's last day {last}"),
    "calendar.which_between": (
        "{year_start}，在开始日期 {start} 与最后一天 {last} 之间",
        "{year_start}, between the start date {start} and the last day {last}",
    ),
    "calendar.no_holidays_year": (
        "日历：没有 {year} 年的法定节假日数据（{which}）；节假日数据覆盖 {covered}。"
        "修改：在场景中加入 `calendar: {{holidays: [...], years: {missing}}}`，"
        "或选择 {low}-{high} 年内的开始日期",
        "calendar: no official holidays for {year} ({which}); the holiday data covers "
        "{covered}. Fix: add `calendar: {{holidays: [...], years: {missing}}}` to the "
        "scenario, or choose a start date in {low}-{high}",
    ),
    "calendar.no_holidays_day": (
        "日历：没有 {day} 的法定节假日数据；节假日数据覆盖 {covered}。"
        "修改：在场景中加入 `calendar: {{holidays: [...], years: [{year}]}}`，"
        "或使用 {low}-{high} 年内的日期",
        "calendar: no official holidays for {day}; the holiday data covers {covered}. Fix: "
        "add `calendar: {{holidays: [...], years: [{year}]}}` to the scenario, or use dates "
        "in {low}-{high}",
    ),
    "calendar.clock_nan": ("日历：时钟时间为 NaN", "calendar: clock time is NaN"),
    "calendar.clock_nan_fix": (
        "日历：时钟时间为 NaN；{fix}",
        "calendar: clock time is NaN; {fix}",
    ),
    "calendar.clock_negative": (
        "日历：时钟时间 {clock!r} 小时早于起点 {start} 00:00（时钟 0）；时钟时间必须 >= 0",
        "calendar: clock time {clock!r} h is before the start {start} 00:00 (clock 0); "
        "clock times must be >= 0",
    ),
    "calendar.clock_infinite": (
        "日历：时钟时间 {clock!r} 小时不是有限数；{fix}",
        "calendar: clock time {clock!r} h is not finite; {fix}",
    ),
    "calendar.time_zone": (
        "日历：{moment} 带有时区；请给出本地（不带时区的）时间",
        "calendar: {moment} has a time zone; give local (naive) times",
    ),
    "calendar.moment_before_start": (
        "日历：{moment} 早于开始日期 {start}；时钟时间必须 >= 0",
        "calendar: {moment} is before the start date {start}; clock times must be >= 0",
    ),
    "calendar.clock_after_end": (
        "日历：时钟时间 {clock:.6g} 小时（{when}）晚于日历覆盖的最后一天 {last}；{fix}",
        "calendar: clock time {clock:.6g} h ({when}) is after the calendar's last covered "
        "date {last}; {fix}",
    ),
    "calendar.work_after_end": (
        "日历：到日历覆盖的最后一天 {last} 为止达不到工作时间 {work:.6g} 小时"
        "（办公时间 '{hours}'，只有 {total:.6g} 小时）；{fix}",
        "calendar: working time {work:.6g} h (office hours '{hours}') is not reached by the "
        "calendar's last covered date {last} (only {total:.6g} h available); {fix}",
    ),
    "calendar.work_not_ending": (
        "日历：从 {when} 开始的 {work:.6g} 个工作小时（办公时间 '{hours}'）"
        "在日历覆盖的最后一天 {last} 之前做不完；{fix}",
        "calendar: {work:.6g} working hours started at {when} (office hours '{hours}') do "
        "not end by the calendar's last covered date {last}; {fix}",
    ),
    "calendar.no_opening": (
        "日历：{when} 之后到日历覆盖的最后一天 {last} 为止没有办公时间（办公时间 '{hours}'）；{fix}",
        "calendar: no opening (office hours '{hours}') after {when} up to the calendar's last "
        "covered date {last}; {fix}",
    ),
    # input limits (simulate.limits): what each counts, and how to raise it
    "limit.raise": (
        "上限为 {value:,} {what}（{variable}）；如确有需要，可提高上限：export {variable}={higher}",
        "the limit is {value:,} {what} ({variable}); if this is intended, raise it: "
        "export {variable}={higher}",
    ),
    "limit.SIMULATE_MAX_FILE_BYTES": ("字节（单个输入文件）", "bytes in one input file"),
    "limit.SIMULATE_MAX_YAML_NODES": (
        "个 YAML 值（单个场景文件）",
        "YAML values in one scenario file",
    ),
    "limit.SIMULATE_MAX_YAML_DEPTH": (
        "层嵌套（单个场景文件）",
        "levels of nesting in one scenario file",
    ),
    "limit.SIMULATE_MAX_ARRIVALS": ("件申请（单次重复运行）", "submissions in one replication"),
    "limit.SIMULATE_MAX_REWORK_ROUNDS": ("轮补正（单个环节）", "rework rounds of one step"),
    "limit.SIMULATE_MAX_REPLICATIONS": ("次重复运行（单次运行）", "replications of one run"),
    # office hours (simulate.calendar.office_hours)
    "hours.not_time": (
        "办公时间 {spec}：{value} 不是时刻；请写成 HH:MM，例如 '09:00-12:00'",
        "office hours {spec}: {value} is not a time of day; write it as HH:MM, e.g. '09:00-12:00'",
    ),
    "hours.bad_time": (
        "办公时间 {spec}：{value} 不是有效时刻；请用 00:00-23:59（结束时刻可写 24:00）",
        "office hours {spec}: {value} is not a valid time; use 00:00-23:59 (or 24:00 as a "
        "closing time)",
    ),
    "hours.open_24": (
        "办公时间 {spec}：时段不能从 24:00 开始；24:00 只能作为结束时刻",
        "office hours {spec}: an interval cannot open at 24:00; 24:00 is only allowed as a "
        "closing time",
    ),
    "hours.none": (
        "办公时间 {spec}：没有办公时段；请至少给出一段",
        "office hours {spec}: no opening interval; give at least one",
    ),
    "hours.outside": (
        "办公时间 {spec}：时段 {start}-{end} 超出 00:00-24:00",
        "office hours {spec}: interval {start}-{end} lies outside 00:00-24:00",
    ),
    "hours.reversed": (
        "办公时间 {spec}：时段 {start}-{end} 的结束不晚于开始；结束时刻须晚于开始时刻",
        "office hours {spec}: interval {start}-{end} ends at or before it starts; the end "
        "must be after the start",
    ),
    "hours.overlap": (
        "办公时间 {spec}：时段 {start}-{end} 与前一段（结束于 {previous}）重叠或在其之前；"
        "请按先后顺序列出、互不重叠",
        "office hours {spec}: interval {start}-{end} overlaps or comes before the previous "
        "one (which ends at {previous}); list intervals in order without overlap",
    ),
    "hours.pairs": (
        "办公时间 {spec}：应为（开始, 结束）小时数对的序列，例如 ((9.0, 12.0), (13.0, 17.0))",
        "office hours {spec}: expected a sequence of (open, close) hour pairs, e.g. "
        "((9.0, 12.0), (13.0, 17.0))",
    ),
    "hours.not_text": (
        "办公时间 {spec}：{value} 不是文字；请把时段写成 'HH:MM-HH:MM'",
        "office hours {spec}: {value} is not a string; write intervals as 'HH:MM-HH:MM'",
    ),
    "hours.empty": (
        "办公时间 {spec}：为空；请写 '24h' 或 '09:00-12:00' 这样的时段",
        "office hours {spec}: empty; give '24h' or intervals like '09:00-12:00'",
    ),
    "hours.whole_day": (
        "办公时间 {spec}：'24h' 只能单独使用，它已覆盖全天",
        "office hours {spec}: '24h' must be the only entry; it already covers the whole day",
    ),
    "hours.not_interval": (
        "办公时间 {spec}：{value} 不是时段；请写成 'HH:MM-HH:MM'，例如 '09:00-12:00'",
        "office hours {spec}: {value} is not an interval; write it as 'HH:MM-HH:MM', e.g. "
        "'09:00-12:00'",
    ),
}
