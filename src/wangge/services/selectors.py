"""Public reads of the services register: a resident's orders, a volunteer's, and the figures (orders by status and
rating, trained, placed, placement rate), per community."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from wangge.core.querysets import within_code

from .choices import RATING_MAX, RATING_MIN, OrderStatus
from .models import Attendance, JobSeeker, Order, Placement


def orders_of(user, resident):
    """A resident's orders, newest first ("my orders" of a resident, seen by their grid worker)."""
    return Order.objects.restrict(user).filter(resident=resident).select_related("item", "team", "volunteer")


def my_orders(user):
    """The orders a volunteer took (their own, or for their team) — "taken by me"."""
    return (Order.objects.filter(Q(volunteer__user=user) | Q(taken_by=user))
            .select_related("item", "resident", "team", "volunteer").order_by("-taken_at", "-id"))


def open_orders_for(user):
    """Orders waiting for a team in the communities of the volunteer's teams."""
    codes = list(user.duty_rows.filter(active=True, team__isnull=False).values_list("team__region_code", flat=True))
    if not codes:
        return Order.objects.none()
    return (Order.objects.filter(status=OrderStatus.ORDERED, community_code__in=codes)
            .select_related("item", "resident").order_by("wanted_on", "ordered_at", "id"))


@dataclass
class Figures:
    by_status: dict = field(default_factory=dict)
    by_rating: dict = field(default_factory=dict)
    orders: int = 0
    mean_rating: float | None = None
    seekers: int = 0
    landless: int = 0
    trained: int = 0
    placed: int = 0
    landless_placed: int = 0
    mean_wage: float | None = None
    rows: list = field(default_factory=list)  # per community / grid

    @property
    def placement_rate(self) -> float | None:
        return round(100 * self.placed / self.seekers, 1) if self.seekers else None


def figures(user, region_code: str, first: datetime.date, last: datetime.date, child_length: int | None) -> Figures:
    """Orders placed in [first, last] by status and by rating; job seekers registered by `last`, those trained and
    placed by then; and the same per child region (`child_length` digits of the code)."""
    orders = within_code(Order.objects.restrict(user), region_code).filter(
        ordered_at__date__gte=first, ordered_at__date__lte=last)
    seekers = within_code(JobSeeker.objects.restrict(user), region_code).filter(registered_on__lte=last)
    attended = within_code(Attendance.objects.restrict(user), region_code).filter(training__date__lte=last)
    placements = within_code(Placement.objects.restrict(user), region_code).filter(placed_on__lte=last)
    out = Figures()
    status = dict(orders.values_list("status").annotate(n=Count("pk")).order_by())
    out.by_status = {s: status.get(s, 0) for s in OrderStatus.values}
    rating = dict(orders.filter(rating__isnull=False).values_list("rating").annotate(n=Count("pk")).order_by())
    out.by_rating = {r: rating.get(r, 0) for r in range(RATING_MIN, RATING_MAX + 1)}
    out.orders = sum(out.by_status.values())
    mean = orders.aggregate(m=Avg("rating"))["m"]
    out.mean_rating = round(mean, 2) if mean is not None else None
    out.seekers = seekers.count()
    out.landless = seekers.filter(landless=True).count()
    out.trained = attended.values("seeker").distinct().count()
    placed = placements.values("seeker").distinct()
    out.placed = placed.count()
    out.landless_placed = placements.filter(seeker__landless=True).values("seeker").distinct().count()
    wage = placements.aggregate(m=Avg("monthly_wage"))["m"]
    out.mean_wage = round(wage) if wage is not None else None
    if child_length:
        out.rows = _per_child(orders, seekers, attended, placements, child_length)
    return out


def _group(queryset, length, value=None):
    from django.db.models.functions import Substr

    rows = (queryset.annotate(_code=Substr("region_code", 1, length)).values("_code")
            .annotate(_v=value if value is not None else Count("pk")).order_by())
    return {r["_code"]: r["_v"] or 0 for r in rows}


def _per_child(orders, seekers, attended, placements, length) -> list[dict]:
    from wangge.regions.models import Region

    cols = {
        "orders": _group(orders, length),
        "done": _group(orders.filter(status__in=[OrderStatus.DONE, OrderStatus.RATED]), length),
        "waiting": _group(orders.filter(status=OrderStatus.ORDERED), length),
        "rating": _group(orders.filter(rating__isnull=False), length, Avg("rating")),
        "seekers": _group(seekers, length),
        "trained": _group(attended, length, Count("seeker", distinct=True)),
        "placed": _group(placements, length, Count("seeker", distinct=True)),
    }
    codes = sorted(set().union(*[set(c) for c in cols.values()]))
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for code in codes:
        row = {"code": code, "name": names.get(code, code), **{k: v.get(code, 0) for k, v in cols.items()}}
        row["rating"] = round(row["rating"], 2) if row["rating"] else None
        row["rate"] = round(100 * row["placed"] / row["seekers"], 1) if row["seekers"] else None
        rows.append(row)
    return rows
