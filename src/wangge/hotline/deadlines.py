"""Working-day arithmetic for hotline time limits (pure functions, no Django).

Time limits are counted in working days of the Chinese calendar: statutory holidays are skipped and 调休
Saturdays/Sundays (e.g. 2021-09-18 and 2021-10-09) count as working days. A limit of N working days ends at
the end (23:59:59, Beijing time) of the N-th working day after the day of receipt; a limit of 0 (urgent)
ends at the end of the day of receipt. Outside the years chinesecalendar knows, Monday–Friday are working days.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

TZ = ZoneInfo("Asia/Shanghai")
RETURN_WINDOW_DAYS = 2  # a department may return an order within 2 working days of dispatch
SIGN_LIMIT_DAYS = 1  # an order must be signed by the end of the next working day after dispatch
URGENT_SIGN_HOURS = 2  # urgent orders: within 2 hours
MAX_EXTENSION_DAYS = 10  # an extension is normally at most 10 working days


@lru_cache(maxsize=8192)
def is_workday(day: datetime.date) -> bool:
    """True for a working day: Mon–Fri that are not holidays, plus 调休 weekend days."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day strictly after `day` (0 → `day` itself)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: how many working days have passed since `start`."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count


def local_date(moment: datetime.datetime) -> datetime.date:
    """The Beijing calendar date of an aware datetime (a naive one is taken as Beijing time)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(TZ).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59 Beijing time on `day`, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=TZ)


def deadline_after(received_at: datetime.datetime, working_days: int) -> datetime.datetime:
    """End of the `working_days`-th working day after the day of `received_at` (0: end of that day)."""
    return end_of_day(add_working_days(local_date(received_at), working_days))


def deadline_for(category: object, received_at: datetime.datetime) -> datetime.datetime:
    """The time limit of an order of `category` (anything with `time_limit_days` and `urgent`)."""
    days = 0 if getattr(category, "urgent", False) else int(getattr(category, "time_limit_days", 5))
    return deadline_after(received_at, days)


def sign_deadline(dispatched_at: datetime.datetime, urgent: bool = False) -> datetime.datetime:
    """By when a department must sign for a dispatched order."""
    if urgent:
        return dispatched_at + datetime.timedelta(hours=URGENT_SIGN_HOURS)
    return deadline_after(dispatched_at, SIGN_LIMIT_DAYS)


def return_deadline(dispatched_at: datetime.datetime) -> datetime.datetime:
    """The last moment a department may return (退单) an order dispatched at `dispatched_at`."""
    return deadline_after(dispatched_at, RETURN_WINDOW_DAYS)


def can_return(dispatched_at: datetime.datetime, now: datetime.datetime) -> bool:
    return now <= return_deadline(dispatched_at)


def max_extension(current_deadline: datetime.datetime) -> datetime.datetime:
    """The furthest deadline an extension may set: 10 working days after the current one."""
    return deadline_after(current_deadline, MAX_EXTENSION_DAYS)

