"""The follow-up clock: real time, or a shifted/frozen day for tests and the demo (`wangge worker --today`).

Everything in follow-up that asks "what day is it" asks here, so that the worker, the actions and the pages agree
when the demo runs in August 2021 or a test moves the clock forward day by day.
"""

import datetime
import os
from contextlib import contextmanager

from django.utils import timezone

_offset = datetime.timedelta(0)
_frozen: datetime.datetime | None = None


def _parse_env() -> None:
    global _offset
    value = os.environ.get("WANGGE_TODAY", "").strip()
    if value:
        set_today(datetime.date.fromisoformat(value))


def now() -> datetime.datetime:
    if _frozen is not None:
        return _frozen
    return timezone.now() + _offset


def today() -> datetime.date:
    return timezone.localdate(now())


def set_today(day: datetime.date | None) -> None:
    """Shift the clock so that today is `day`, keeping the time of day running (None = real time)."""
    global _offset
    real = timezone.localdate(timezone.now())
    _offset = datetime.timedelta(days=(day - real).days) if day else datetime.timedelta(0)


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """An aware datetime on `day` in the local time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


@contextmanager
def frozen(moment: datetime.datetime | datetime.date):
    """Stop the clock at `moment` (a date means noon of that day) for the duration of a block."""
    global _frozen
    if not isinstance(moment, datetime.datetime):
        moment = at(moment)
    previous, _frozen = _frozen, moment
    try:
        yield moment
    finally:
        _frozen = previous


_parse_env()
