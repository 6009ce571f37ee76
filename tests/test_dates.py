import datetime as dt

import pytest

from tacitus.dates import find_dates, resolve_weekday

WED = "2024-08-07"  # a Wednesday


def one(text: str, published: str = WED) -> tuple[str, str]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0].date, found[0].precision


@pytest.mark.parametrize("text,date,precision", [
    ("The attack happened on Monday.", "2024-08-05", "day"),
    ("It follows a strike last Tuesday.", "2024-07-30", "day"),  # the week before, not yesterday
    ("Gunmen struck yesterday.", "2024-08-06", "day"),
    ("Drones hit the city overnight.", "2024-08-06", "day"),
    ("The raid began late Thursday.", "2024-08-01", "day"),
    ("Clashes erupted earlier this month.", "2024-08-01", "month"),
    ("Clashes erupted last month.", "2024-07-01", "month"),
    ("Protests began last week.", "2024-07-29", "week"),
    ("Police said three days ago that ...", "2024-08-04", "day"),
    ("The bombing on 9 May 2020 killed five.", "2020-05-09", "day"),
    ("The bombing on May 9, 2020 killed five.", "2020-05-09", "day"),
    ("Fighting in mid-May 2021 displaced hundreds.", "2021-05-01", "month"),
    ("The group was founded in 2016.", "2016-01-01", "year"),
    ("Rockets fell on Wednesday evening.", "2024-08-07", "day"),
])
def test_relative_and_absolute_forms(text: str, date: str, precision: str) -> None:
    assert one(text) == (date, precision)


def test_month_day_without_year_takes_the_year_before_when_in_future() -> None:
    assert one("The ambush on December 30 killed four.", "2025-01-03") == ("2024-12-30", "day")
    assert one("The ambush on January 2 killed four.", "2025-01-03") == ("2025-01-02", "day")


def test_last_weekday_on_a_monday_means_the_week_before() -> None:
    monday = dt.date(2024, 8, 12)
    assert resolve_weekday(monday, 1, "last") == dt.date(2024, 8, 6)
    assert resolve_weekday(monday, 0, None) == monday
    assert resolve_weekday(monday, 0, "last") == dt.date(2024, 8, 5)


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("The attack happened on Monday.", None) == []
    assert [d.date for d in find_dates("It happened on 3 March 2024.", None)] == ["2024-03-03"]


def test_wire_dateline_date_is_not_an_event_date() -> None:
    found = find_dates("KABUL, March 4 (Wire) - A blast on Sunday killed two.", "2025-03-04")
    assert [d.text for d in found] == ["on Sunday"]
