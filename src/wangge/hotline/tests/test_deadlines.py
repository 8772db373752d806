"""Working-day deadlines: statutory holidays skipped, 调休 Saturdays counted."""

import datetime

import pytest

from wangge.hotline import deadlines
from wangge.hotline.deadlines import TZ

D = datetime.date


@pytest.mark.parametrize("start,days,expected", [
    (D(2021, 9, 30), 1, D(2021, 10, 8)),   # National Day: Oct 1-7 off
    (D(2021, 9, 29), 3, D(2021, 10, 9)),   # 9/30, 10/8, then the 调休 Saturday 10/9
    (D(2021, 10, 1), 1, D(2021, 10, 8)),   # received on a holiday: counting starts after it
    (D(2021, 9, 17), 1, D(2021, 9, 18)),   # 2021-09-18 was a working Saturday
    (D(2021, 9, 17), 2, D(2021, 9, 22)),   # Mid-Autumn 9/19-21 off
    (D(2021, 8, 2), 5, D(2021, 8, 9)),     # an ordinary week
    (D(2021, 8, 6), 0, D(2021, 8, 6)),     # urgent: same day
])
def test_add_working_days(start, days, expected):
    assert deadlines.add_working_days(start, days) == expected


def test_workdays_respect_tiaoxiu():
    assert deadlines.is_workday(D(2021, 9, 18)) and deadlines.is_workday(D(2021, 10, 9))
    assert not deadlines.is_workday(D(2021, 10, 4)) and not deadlines.is_workday(D(2021, 10, 2))


def test_years_outside_the_calendar_fall_back_to_weekdays():
    assert deadlines.is_workday(D(2031, 1, 6))  # a Monday
    assert not deadlines.is_workday(D(2031, 1, 4))  # a Saturday


def test_deadline_for_category_ends_at_end_of_day_beijing_time():
    class Cat:
        time_limit_days, urgent = 3, False

    received = datetime.datetime(2021, 9, 30, 2, 0, tzinfo=datetime.UTC)  # 10:00 Beijing
    assert deadlines.deadline_for(Cat, received) == datetime.datetime(2021, 10, 11, 23, 59, 59, tzinfo=TZ)
    Cat.urgent = True
    assert deadlines.deadline_for(Cat, received) == datetime.datetime(2021, 9, 30, 23, 59, 59, tzinfo=TZ)


def test_return_window_is_two_working_days_across_the_holiday():
    dispatched = datetime.datetime(2021, 9, 30, 16, 0, tzinfo=TZ)
    assert deadlines.return_deadline(dispatched).date() == D(2021, 10, 9)
    assert deadlines.can_return(dispatched, datetime.datetime(2021, 10, 7, 12, 0, tzinfo=TZ))
    assert not deadlines.can_return(dispatched, datetime.datetime(2021, 10, 10, 9, 0, tzinfo=TZ))


def test_signing_limit():
    dispatched = datetime.datetime(2021, 9, 17, 16, 0, tzinfo=TZ)
    assert deadlines.sign_deadline(dispatched).date() == D(2021, 9, 18)
    assert deadlines.sign_deadline(dispatched, urgent=True) == dispatched + datetime.timedelta(hours=2)


def test_working_days_between():
    assert deadlines.working_days_between(D(2021, 9, 30), D(2021, 10, 9)) == 2
