"""Partial dates: a year, a year-month or a full date, never more precise than the evidence.

>>> bounds("2014")
(datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
>>> bounds("2014-02")
(datetime.date(2014, 2, 1), datetime.date(2014, 2, 28))
>>> display("2014-12-01", approximate=True)
'c. 1 Dec 2014'
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# What a partial date looks like, for a JSON or Table Schema (`parse` also checks the day
# exists); `parse` reads any two digits, to say which month or day is wrong.
PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse(text: str) -> tuple[int, int | None, int | None]:
    """Split a partial date into (year, month, day); raise ValueError when it is not one."""
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if day is not None:
        date(year, month, day)  # raises ValueError for 2014-02-30
    return year, month, day


def precision(text: str) -> str:
    _, month, day = parse(text)
    return "day" if day else "month" if month else "year"


def bounds(text: str) -> tuple[date, date]:
    """The earliest and latest day the partial date can mean."""
    year, month, day = parse(text)
    if day:
        d = date(year, month, day)
        return d, d
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def display(text: str, approximate: bool = False) -> str:
    year, month, day = parse(text)
    out = str(year)
    if month:
        out = f"{calendar.month_abbr[month]} {year}"
    if day:
        out = f"{day} {out}"
    return f"c. {out}" if approximate else out
