"""Checkpoints' public reads (the figures page, the command centre, a future duty plan): checks per hour per
checkpoint and their decisions on a day, inside a region and the user's jurisdiction. Grouped queries only."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour

from wangge.core import clock
from wangge.core.querysets import within_code

from .choices import Decision
from .models import Check, Checkpoint


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return clock.start_of(day), clock.start_of(day + datetime.timedelta(days=1))


def checks_of_day(user, region_code: str, day: datetime.date):
    """The checks of `day` at the checkpoints of the subtree `region_code`, scoped to the user."""
    start, end = day_bounds(day)
    return within_code(Check.objects.restrict(user), region_code).filter(checked_at__gte=start, checked_at__lt=end)


def day_totals(user, region_code: str, day: datetime.date) -> dict[str, int]:
    """People checked, by decision, with fevers, entries anyway and the follow-ups opened."""
    figures = {"checks": Count("pk"), "entered": Count("pk", filter=Q(entered=True)),
               "followups": Count("pk", filter=Q(followup_opened=True)),
               "vehicles": Count("pk", filter=Q(seq=0) & ~Q(vehicle_plate=""))}
    figures.update({decision: Count("pk", filter=Q(decision=decision)) for decision in Decision.values})
    return checks_of_day(user, region_code, day).order_by().aggregate(**figures)


def checkpoints_in(user, region_code: str):
    return within_code(Checkpoint.objects.restrict(user), region_code).order_by("region_code", "code")


def per_hour(user, region_code: str, day: datetime.date) -> tuple[list[Checkpoint], dict[int, list[int]]]:
    """The checkpoints that checked anyone that day (plus those in use), and {checkpoint id: 24 counts, one per
    hour of the day, China Standard Time}."""
    rows = (checks_of_day(user, region_code, day).annotate(hour=ExtractHour("checked_at"))
            .values("checkpoint_id", "hour").annotate(n=Count("pk")).order_by())
    counts: dict[int, list[int]] = {}
    for row in rows:
        counts.setdefault(row["checkpoint_id"], [0] * 24)[row["hour"]] += row["n"]
    checkpoints = [c for c in checkpoints_in(user, region_code) if c.active or c.pk in counts]
    for checkpoint in checkpoints:
        counts.setdefault(checkpoint.pk, [0] * 24)
    return checkpoints, counts


def decisions_by_checkpoint(user, region_code: str, day: datetime.date) -> dict[int, dict[str, int]]:
    """{checkpoint id: {decision: people}} for the day."""
    result: dict[int, dict[str, int]] = {}
    rows = (checks_of_day(user, region_code, day).values("checkpoint_id", "decision").annotate(n=Count("pk"))
            .order_by())
    for row in rows:
        result.setdefault(row["checkpoint_id"], dict.fromkeys(Decision.values, 0))[row["decision"]] = row["n"]
    return result
