"""The run settings of a scenario file: its calendar and how cases arrive."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

from simulate.errors import Problem, did_you_mean
from simulate.io.fields import FieldReader, show
from simulate.io.yamlsrc import PathKey, decode, read_input
from simulate.limits import ARRIVALS, raise_hint
from simulate.scenario.model import Arrivals, Batch, CalendarSpec
from simulate.strings import text as say


class SettingsReader(FieldReader):
    """Checks and builds the ``calendar:`` and ``arrivals:`` sections (problems collected)."""

    def calendar(self, value: Any) -> CalendarSpec | None:
        path: PathKey = ("calendar",)
        data = self.mapping(value, path, "calendar settings")
        if data is None:
            return None
        self.keys(data, "calendar", path)
        days = data.get("days", "official")
        if days not in ("official", "weekdays", "every_day"):
            self.fail(
                (*path, "days"),
                say("problem.calendar", value=repr(days)),
                did_you_mean(
                    str(days),
                    ["official", "weekdays", "every_day"],
                    otherwise=say("problem.calendar_fix"),
                ),
            )
            days = "official"
        hours = (
            self.hours(data["office_hours"], (*path, "office_hours"))
            if "office_hours" in data
            else None
        )
        years_raw = data.get("years", [])
        years: tuple[int, ...] = ()
        if isinstance(years_raw, list) and all(
            isinstance(y, int) and not isinstance(y, bool) and 1900 <= y <= 2299 for y in years_raw
        ):
            years = tuple(years_raw)
        else:
            self.fail(
                (*path, "years"),
                say("problem.years", value=show(years_raw)),
                say("problem.write", example="[2027]"),
            )
        spec = CalendarSpec(
            days=days,
            holidays=self.dates(data, "holidays", path),
            workdays=self.dates(data, "workdays", path),
            years=years,
        )
        if hours is not None:
            spec = CalendarSpec(
                days=spec.days,
                office_hours=hours,
                holidays=spec.holidays,
                workdays=spec.workdays,
                years=spec.years,
            )
        return spec

    def arrivals(self, value: Any) -> Arrivals | None:
        path: PathKey = ("arrivals",)
        data = self.mapping(value, path, "how cases arrive")
        if data is None:
            return None
        self.keys(data, "arrivals", path)
        prov = self.provenance(data, path)
        prov["range"] = self.value_range(data, path, (0, math.inf), "a volume")
        kinds = [k for k in ("per_working_day", "cohort", "csv") if k in data]
        if len(kinds) != 1:
            self.fail(
                path,
                say(
                    "problem.exactly_one",
                    names="per_working_day, cohort, csv",
                    got=kinds or say("problem.none"),
                ),
                say("problem.eg", example="arrivals: {per_working_day: 6}"),
            )
            return None
        any_hour = self.flag(data, "any_hour", path)
        if kinds[0] == "per_working_day":
            rate = self.number(data, "per_working_day", path, positive=True)
            return (
                None
                if rate is None
                else Arrivals(kind="poisson", per_working_day=rate, any_hour=any_hour, **prov)
            )
        if kinds[0] == "cohort":
            n = self.number(data, "cohort", path, positive=True, integer=True)
            if n is not None and n > ARRIVALS.value():
                self.fail(
                    (*path, "cohort"),
                    say("problem.cohort", count=n),
                    raise_hint(ARRIVALS),
                )
                n = None
            if "date" not in data:
                self.fail(
                    path,
                    say("problem.cohort_date"),
                    say("problem.add_date", example="date: YYYY-MM-DD"),
                )
                return None
            day = self.date(data["date"], (*path, "date"))
            if n is None or day is None:
                return None
            return Arrivals(kind="cohort", cohort=int(n), date=day, any_hour=any_hour, **prov)
        times = self.csv_times(data["csv"], (*path, "csv"))
        if times is None:
            return None
        return Arrivals(kind="listed", times=times, any_hour=any_hour, **prov)

    def csv_times(self, value: Any, path: PathKey) -> tuple[dt.datetime, ...] | None:
        if not isinstance(value, str):
            self.fail(
                path,
                say("problem.csv_path", value=show(value)),
                say("problem.write", example="csv: arrivals.csv"),
            )
            return None
        file = self.base_dir / value
        raw, problem = read_input(file, "CSV file")
        if problem is not None or raw is None:
            message = problem.message if problem is not None else say("problem.csv_unread")
            self.fail(
                path,
                say("problem.csv_problem", message=message, value=repr(value)),
                say("problem.csv_path_fix"),
            )
            return None
        text, problem = decode(raw, str(file))
        if problem is not None or text is None:
            self.problems.append(problem) if problem is not None else None
            return None
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            self.problems.append(
                Problem(
                    say("problem.csv_nul"),
                    file=str(file),
                    line=line,
                    fix=say("problem.csv_export"),
                )
            )
            return None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            rows = list(reader)
        except csv.Error as err:
            self.problems.append(
                Problem(
                    say("problem.csv_broken", error=err),
                    file=str(file),
                    line=reader.line_num,
                    fix=say("problem.csv_quotes"),
                )
            )
            return None
        if not rows or "submitted" not in rows[0]:
            self.fail(
                path,
                say("problem.csv_column", file=value),
                say("problem.csv_column_fix"),
            )
            return None
        if len(rows) > ARRIVALS.value():
            self.fail(
                path,
                say("problem.csv_rows", file=value, count=len(rows)),
                raise_hint(ARRIVALS),
            )
            return None
        out: list[dt.datetime] = []
        for i, row in enumerate(rows, start=2):
            cell = row.get("submitted")
            text = cell.strip() if isinstance(cell, str) else ""
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError:
                self.problems.append(
                    Problem(
                        say("problem.csv_stamp", value=show(text)),
                        file=str(file),
                        line=i,
                        fix=say("problem.csv_stamp_fix"),
                    )
                )
                if len(self.problems) > 50:
                    return None
                continue
            if stamp.tzinfo is not None:  # an offset: the same instant in Beijing time
                try:
                    stamp = stamp.astimezone(BEIJING).replace(tzinfo=None)
                except OverflowError:
                    self.problems.append(
                        Problem(
                            say("problem.csv_stamp_range", value=show(text)),
                            file=str(file),
                            line=i,
                            fix=say("problem.check_year"),
                        )
                    )
                    continue
            if len(text) <= 10:
                stamp = stamp.replace(hour=9)
            out.append(stamp)
        return tuple(sorted(out))

    def batch(self, data: Any, path: PathKey) -> Batch | None:
        """A step's ``batch:`` (集中办理): ``{every_working_days: N}`` and/or ``{size: k}``."""
        if "batch" not in data:
            return None
        where: PathKey = (*path, "batch")
        spec = self.mapping(data["batch"], where, "{every_working_days: N} or {size: k}")
        if spec is None:
            return None
        self.keys(spec, "batch", where)
        every = self.number(spec, "every_working_days", where, positive=True)
        size = self.number(spec, "size", where, minimum=2, integer=True)
        if every is None and size is None:
            if "every_working_days" not in spec and "size" not in spec:
                self.fail(
                    where,
                    say("problem.batch_empty"),
                    say("problem.write", example="batch: {every_working_days: 5}"),
                )
            return None
        return Batch(
            every_working_days=every,
            size=None if size is None else int(size),
            **self.provenance(spec, where),
        )


#: China Standard Time: submissions with an offset (``+00:00``) are read as this local time.
BEIJING = dt.timezone(dt.timedelta(hours=8))
