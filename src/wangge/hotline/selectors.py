"""The hotline's public reads: the work orders a user may see and the small lists the pages show.

Other apps (the command centre, the daily report) read work orders through here, never through the models."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from wangge.core import clock

from .choices import OPEN_STATES
from .models import Department, WorkOrder, member_department_id

if TYPE_CHECKING:
    from wangge.accounts.models import User

SOON_HOURS = 24


def orders_for(user: User | None) -> QuerySet[WorkOrder]:
    """The work orders `user` may see (no user: none)."""
    return WorkOrder.objects.restrict(user)


def order_by_number(user: User | None, number: str) -> WorkOrder | None:
    return orders_for(user).filter(number=number).first()


def department_of(user: User | None) -> Department | None:
    """The department whose inbox `user` works, or None."""
    department_id = member_department_id(user)
    return Department.objects.filter(pk=department_id).first() if department_id else None


def duplicates_of(user: User | None, order: WorkOrder) -> list[WorkOrder]:
    return list(orders_for(user).filter(duplicate_of=order).order_by("received_at", "id"))


def supervision_counts(user: User | None, now: datetime.datetime | None = None) -> dict[str, int]:
    """The true numbers of open orders overdue, due within a day, and with an extension request (one query)."""
    now = now or clock.now()
    soon = now + datetime.timedelta(hours=SOON_HOURS)
    counts = orders_for(user).filter(state__in=OPEN_STATES).aggregate(
        overdue=Count("id", filter=Q(due_at__lt=now)),
        soon=Count("id", filter=Q(due_at__gte=now, due_at__lt=soon)),
        extensions=Count("id", filter=Q(extension_requested_until__isnull=False)))
    return {key: int(value or 0) for key, value in counts.items()}


def intake_places(user: User | None) -> list[tuple[str, str]]:
    """(code, name) of the villages and grids the operator may register an order at, for the intake's picker."""
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region

    return list(Region.objects.restrict(user).filter(level__in=[RegionLevel.VILLAGE, RegionLevel.GRID])
                .order_by("code").values_list("code", "name"))
