"""Record dates: parsing at the written precision, formatting for readers, and timeline order."""

from __future__ import annotations

import re
from datetime import date

import pytest

from explainer.model.dates import DATE_PATTERN, EDate, Point, format_date, parse_date


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2024-04-26", "26 April 2024"),
        ("2024-04-06", "6 April 2024"),
        ("2024-04", "April 2024"),
        ("2024", "2024"),
        ("1997", "1997"),
        ("2023-08/2023-09", "August–September 2023"),
        ("2024-05-01/2024-05-03", "1–3 May 2024"),
        ("2024-04-30/2024-05-02", "30 April – 2 May 2024"),
        ("2023-12/2024-01", "December 2023 – January 2024"),
        ("2023-12-30/2024-01-02", "30 December 2023 – 2 January 2024"),
        ("2019/2021", "2019 – 2021"),
        ("2023-08/2023-09-15", "August 2023 – 15 September 2023"),
        ("2024-04-26/2024-04-26", "26 April 2024"),
    ],
)
def test_format_keeps_the_written_precision(text: str, shown: str) -> None:
    value = parse_date(text)
    assert format_date(value) == shown
    assert str(value) == shown
    assert value.iso() == text


def test_month_interval_uses_an_en_dash() -> None:
    assert "\u2013" in format_date(parse_date("2023-08/2023-09"))


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2024-04-26", "day", date(2024, 4, 26), date(2024, 4, 26)),
        ("2024-04", "month", date(2024, 4, 1), date(2024, 4, 30)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2023-08/2023-09", "month", date(2023, 8, 1), date(2023, 9, 30)),
        ("2019/2021-03", "year", date(2019, 1, 1), date(2021, 3, 31)),
    ],
)
def test_precision_and_the_days_a_date_can_mean(text: str, precision: str, first: date, last: date) -> None:
    value = parse_date(text)
    assert value.start.precision == precision
    assert (value.first, value.last) == (first, last)
    assert value.year == first.year


def test_points_keep_their_parts() -> None:
    assert parse_date("2024-04-26") == EDate(Point(2024, 4, 26))
    assert parse_date("2023-08/2023-09") == EDate(Point(2023, 8), Point(2023, 9))
    assert parse_date("0001").start == Point(1)


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "1996-02-29", "2024-12-31", "2023-04-30", "9999-12-31"])
def test_real_days_parse(text: str) -> None:
    assert parse_date(text).first.isoformat() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "date '2023-02-30' does not exist: February 2023 has 28 days"),
        ("2023-02-29", "date '2023-02-29' does not exist: February 2023 has 28 days"),
        ("1900-02-29", "date '1900-02-29' does not exist: February 1900 has 28 days"),
        ("2024-02-30", "date '2024-02-30' does not exist: February 2024 has 29 days"),
        ("2024-04-31", "date '2024-04-31' does not exist: April 2024 has 30 days"),
        ("2024-04-00", "date '2024-04-00' does not exist: April 2024 has 30 days"),
        ("2024-13", "date '2024-13' has no month 13; months run from 01 to 12"),
        ("2024-00-10", "date '2024-00-10' has no month 00; months run from 01 to 12"),
        ("0000", "date '0000' has no year 0000; years run from 0001"),
        ("2024-01/2024-02-30", "date '2024-02-30' does not exist: February 2024 has 29 days"),
    ],
)
def test_impossible_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "26/04/2024",
        "2024-4-26",
        "2024-04-6",
        "24-04-26",
        "2024/04/26",
        "2024-04-26T10:00",
        "2024-04-26 ",
        " 2024",
        "",
        "April 2024",
        "26 April 2024",
        "20240426",
        "2024-W17",
        "2024-04-26/2024-04-27/2024-04-28",
        "2024-04-26/",
        "/2024",
        "２０２４",
        "٢٠٢٤",
        "-2024",
        "+2024",
        "2024?",
        "2024~",
        "2024-XX",
    ],
)
def test_unsupported_forms_name_the_accepted_ones(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == (
        f"date {text!r} is not in a supported form; use YYYY, YYYY-MM, YYYY-MM-DD, or an interval A/B of those (e.g. 2022-06/2022-08)"
    )


@pytest.mark.parametrize("text", ["2024-05/2024-04", "2024-04-26/2024-04-25", "2024/2023", "2024-01-02/2023-12"])
def test_intervals_ending_before_they_start_are_refused(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == f"interval {text!r} ends before it starts; write the earlier date first"


@pytest.mark.parametrize("text", ["2024-04/2024-04-30", "2024/2024-12-31", "2023-12-31/2024"])
def test_intervals_may_mix_precisions(text: str) -> None:
    assert parse_date(text).end is not None


def test_json_schema_pattern_accepts_exactly_the_written_forms() -> None:
    accepted = ["2024", "2024-04", "2024-04-26", "2023-08/2023-09", "2019/2021-03-01", "2023-02-30"]
    refused = ["26/04/2024", "2024-4-26", "2024-04-26T10:00", "2024/2025/2026", "April 2024"]
    assert all(re.fullmatch(DATE_PATTERN, t) for t in accepted)
    assert not any(re.fullmatch(DATE_PATTERN, t) for t in refused)


def test_sort_key_orders_by_first_possible_day_then_the_more_precise_date() -> None:
    written = [
        "2024-04-26",
        "2024",
        "2024-04",
        "2023-08/2023-09",
        "2024-01-01",
        "2023-12-31",
        "2024-01",
        "2023-08",
        "2024-01-01/2024-01-03",
    ]
    ordered = sorted(written, key=lambda t: parse_date(t).sort_key)
    assert ordered == [
        "2023-08",  # 1 Aug 2023, ends 31 Aug
        "2023-08/2023-09",  # 1 Aug 2023, ends 30 Sep
        "2023-12-31",
        "2024-01-01",  # 1 Jan 2024: the day itself first,
        "2024-01-01/2024-01-03",  # then three days from it,
        "2024-01",  # the month,
        "2024",  # and the year, which starts the same day but ends last;
        "2024-04",  # a later month of that year comes after the year.
        "2024-04-26",
    ]


def test_year_precision_sorts_before_the_later_days_of_its_year() -> None:
    assert parse_date("2024").sort_key < parse_date("2024-01-02").sort_key
    assert parse_date("2024-01-01").sort_key < parse_date("2024").sort_key
    assert parse_date("2023-12-31").sort_key < parse_date("2024").sort_key
