"""Dates as records write them: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and intervals ``A/B``.

This is the reduced-precision part of ISO 8601 / EDTF level 0. A date keeps the precision it was
written with, so that "1997" is never shown as "1 January 1997".
"""

from __future__ import annotations

import calendar
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

Precision = Literal["year", "month", "day"]

ACCEPTED_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, or an interval A/B of those (e.g. 2022-06/2022-08)"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"

_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, order=True)
class Point:
    """One calendar date at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> date:
        """The earliest day this point can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        """The latest day this point can mean."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class EDate:
    """A date or an interval, as written in a record."""

    start: Point
    end: Point | None = None

    @property
    def first(self) -> date:
        return self.start.first

    @property
    def last(self) -> date:
        return (self.end or self.start).last

    @property
    def sort_key(self) -> tuple[date, date, int]:
        """Orders by first possible day, then the more precise date first."""
        precision = {"day": 0, "month": 1, "year": 2}[self.start.precision]
        return (self.first, self.last, precision)

    @property
    def year(self) -> int:
        return self.start.year

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def __str__(self) -> str:
        return format_date(self)


# Pages format the same dates many times (an event's date on its own page, on its neighbours' and
# in every list that shows it); the result is immutable, so one parse per distinct text will do.
@functools.lru_cache(maxsize=16384)
def parse_date(text: str) -> EDate:
    """Parse a record date.

    Raises:
        ValueError: with a message that says which forms are accepted, or which day is impossible.
    """
    parts = text.split("/")
    if len(parts) > 2 or not all(_PART.fullmatch(p) for p in parts):
        raise ValueError(f"date {text!r} is not in a supported form; use {ACCEPTED_FORMS}")
    points = [_point(p) for p in parts]
    if len(points) == 2:
        # "2024-03-15/2024-03" is fine: the end month runs past the start day.
        if points[1].last < points[0].first:
            raise ValueError(f"interval {text!r} ends before it starts; write the earlier date first")
        return EDate(points[0], points[1])
    return EDate(points[0])


def _point(text: str) -> Point:
    match = _PART.fullmatch(text)
    assert match is not None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year < 1:
        raise ValueError(f"date {text!r} has no year 0000; years run from 0001")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"date {text!r} has no month {month:02d}; months run from 01 to 12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"date {text!r} does not exist: {MONTHS[month - 1]} {year} has {last} days")
    return Point(year, month, day)


def format_point(point: Point) -> str:
    """ "26 April 2024", "April 2024" or "2024"."""
    if point.day:
        return f"{point.day} {_month(point)} {point.year}"
    if point.month:
        return f"{_month(point)} {point.year}"
    return str(point.year)


def _month(point: Point) -> str:
    if point.month is None:
        raise ValueError(f"{point.iso()} has no month")
    return MONTHS[point.month - 1]


def format_date(value: EDate) -> str:
    """A date for readers, at the precision it was recorded: "August–September 2023"."""
    start, end = value.start, value.end
    if end is None or end == start:
        return format_point(start)
    if start.precision == end.precision and start.year == end.year and start.precision != "year":
        if start.precision == "month":
            return f"{_month(start)}–{_month(end)} {end.year}"
        if start.month == end.month:
            return f"{start.day}–{end.day} {_month(end)} {end.year}"
        return f"{start.day} {_month(start)} – {format_point(end)}"
    return f"{format_point(start)} – {format_point(end)}"


def source_date_epoch(environ: Mapping[str, str] | None = None) -> datetime | None:
    """The reproducible-build time from ``SOURCE_DATE_EPOCH``, or ``None`` when it is not set."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def build_date(environ: Mapping[str, str] | None = None) -> date:
    """The date of this build: from ``SOURCE_DATE_EPOCH`` when set, else today (UTC), as MkDocs does."""
    moment = source_date_epoch(environ) or datetime.now(tz=UTC)
    return moment.date()
