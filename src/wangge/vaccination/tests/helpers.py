"""Dates relative to today for the vaccination tests (they run on the real clock)."""

import datetime

from wangge.core import clock

TODAY = clock.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def born_aged(years):
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=30)
