"""Whether a monitoring point is online: the video platform's last heartbeat said "online" and came within
`WANGGE_MONITORING_OFFLINE_MINUTES` (default 5) of the clock's now. One rule, for the pages, the API and the map.

    offline_after()              timedelta after which a silent point counts as offline
    online_q(now)                the same rule as a Q, to filter or annotate a queryset
    is_online(point, now)        for one loaded point
    offline_minutes(point, now)  whole minutes since it was last seen online (None: online, or never seen)
"""

from __future__ import annotations

import datetime
import os

from django.conf import settings
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wangge.core import clock

from .choices import PointStatus

DEFAULT_OFFLINE_MINUTES = 5


def offline_after_minutes() -> int:
    value = getattr(settings, "WANGGE_MONITORING_OFFLINE_MINUTES", None)
    if value is None:
        value = os.environ.get("WANGGE_MONITORING_OFFLINE_MINUTES", "") or DEFAULT_OFFLINE_MINUTES
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_OFFLINE_MINUTES
    return max(minutes, 1)


def offline_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=offline_after_minutes())


def online_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """The oldest "online" heartbeat that still counts."""
    return (now or clock.now()) - offline_after()


def online_q(now: datetime.datetime | None = None) -> Q:
    return Q(last_status=PointStatus.ONLINE, last_online_at__gte=online_since(now))


def with_online(queryset, now: datetime.datetime | None = None):
    """The queryset with an `online` boolean worked out by the database (to sort, filter and count by it)."""
    return queryset.annotate(online=Case(When(online_q(now), then=Value(True)), default=Value(False),
                                         output_field=BooleanField()))


def is_online(point, now: datetime.datetime | None = None) -> bool:
    return (point.last_status == PointStatus.ONLINE and point.last_online_at is not None
            and point.last_online_at >= online_since(now))


def offline_minutes(point, now: datetime.datetime | None = None) -> int | None:
    """Whole minutes since the point was last seen online; None when it is online or was never seen online."""
    now = now or clock.now()
    if is_online(point, now) or point.last_online_at is None:
        return None
    return max(int((now - point.last_online_at).total_seconds() // 60), 0)


def status_text(point, now: datetime.datetime | None = None) -> str:
    """"在线", "离线 12 分钟", "离线 3 小时 5 分钟" or "从未上线" (in the active language)."""
    if is_online(point, now):
        return _("Online")
    minutes = offline_minutes(point, now)
    if minutes is None:
        return _("Never online")
    return _("Offline for %(duration)s") % {"duration": duration_text(minutes)}


def duration_text(minutes: int) -> str:
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
        if rest:
            text += " " + ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest}
        return text
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def point_state(point, now: datetime.datetime | None = None) -> dict:
    """What a page, the API or the wall shows about a point's status."""
    now = now or clock.now()
    return {"online": is_online(point, now), "offline_minutes": offline_minutes(point, now),
            "status_text": str(status_text(point, now)),
            "last_heartbeat_at": point.last_heartbeat_at.isoformat() if point.last_heartbeat_at else None}
