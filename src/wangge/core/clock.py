"""The one clock: real time, or a shifted or frozen day (the demo lives in August 2021; tests move it).

Every module that asks "what day is it" or "what time is it" for the work itself asks here: pages' default dates,
KPI periods, reports, deadlines, the worker. `WANGGE_TODAY=2021-08-06` shifts them all together, keeping the time
of day running; `frozen()` stops the clock for a block. Record-keeping timestamps (`created`, `updated`, the
change log) stay real time: they say when the row was written, not which day of the work it belongs to.
"""

import datetime
import os
from contextlib import contextmanager

from django.utils import timezone

_offset = datetime.timedelta(0)
_frozen: datetime.datetime | None = None


def _parse_env() -> None:
    value = os.environ.get("WANGGE_TODAY", "").strip()
    if value:
        set_today(datetime.date.fromisoformat(value))


def now() -> datetime.datetime:
    """The current moment of the work (aware)."""
    if _frozen is not None:
        return _frozen
    return timezone.now() + _offset


def today() -> datetime.date:
    """Today's date in the local time zone (Asia/Shanghai)."""
    return timezone.localdate(now())


def local_date(moment: datetime.datetime) -> datetime.date:
    """The local calendar day of an aware moment."""
    return timezone.localdate(moment)


def set_today(day: datetime.date | None) -> None:
    """Shift the clock so that today is `day`, keeping the time of day running (None = real time)."""
    global _offset
    real = timezone.localdate(timezone.now())
    _offset = datetime.timedelta(days=(day - real).days) if day else datetime.timedelta(0)


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """An aware datetime on `day` in the local time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


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
