"""The run settings of a scenario file: its calendar and how cases arrive."""

from __future__ import annotations

import csv
import datetime as dt
import math
from typing import Any

from simulate.errors import did_you_mean
from simulate.io.fields import FieldReader, show
from simulate.io.yamlsrc import PathKey
from simulate.scenario.model import Arrivals, CalendarSpec


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
                f"unknown calendar {days!r}",
                did_you_mean(
                    str(days),
                    ["official", "weekdays", "every_day"],
                    otherwise="use official, weekdays or every_day",
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
            isinstance(y, int) and not isinstance(y, bool) for y in years_raw
        ):
            years = tuple(years_raw)
        else:
            self.fail(
                (*path, "years"), f"must be a list of years, got {show(years_raw)}", "write [2027]"
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
                f"needs exactly one of per_working_day, cohort, csv; got {kinds or 'none'}",
                "e.g. arrivals: {per_working_day: 6}",
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
            if "date" not in data:
                self.fail(path, "a cohort needs a date", "add date: YYYY-MM-DD")
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
            self.fail(path, f"must be a file path, got {show(value)}", "write csv: arrivals.csv")
            return None
        file = self.base_dir / value
        try:
            with file.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError:
            self.fail(
                path,
                f"CSV file not found, got {value!r}",
                "give the path relative to the scenario file",
            )
            return None
        if not rows or "submitted" not in rows[0]:
            self.fail(
                path,
                f"{value} needs a column named 'submitted'",
                "put dates or datetimes (YYYY-MM-DD[ HH:MM]) under a 'submitted' header",
            )
            return None
        out: list[dt.datetime] = []
        for i, row in enumerate(rows, start=2):
            text = (row.get("submitted") or "").strip()
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError:
                self.fail(
                    path,
                    f"{value} line {i}: not a date or datetime, got {text!r}",
                    "write YYYY-MM-DD or YYYY-MM-DD HH:MM",
                )
                continue
            if len(text) <= 10:
                stamp = stamp.replace(hour=9)
            out.append(stamp)
        return tuple(sorted(out))
