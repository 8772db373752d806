"""Reads of the volunteers app: the duty figures of a region (filled versus needed per shift, hours per team, no-shows
per day), a stored plan checked against the rules, and the report-back of cadres sent down to their departments.

Every read takes the user and goes through `restrict(user)`; a day is the local calendar day of the shift's start.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wangge.core import clock
from wangge.core.querysets import within_code

from . import rules
from .choices import PersonKind, SignUpStatus
from .models import CadreDeployment, Shift, SignUp, Team, Volunteer

ZERO = Decimal("0")


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = clock.at(day, 0)
    return start, clock.at(day + datetime.timedelta(days=1), 0)


def period_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return day_bounds(first)[0], day_bounds(last)[1]


def _active_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": SignUpStatus.ACTIVE})


@dataclass
class ShiftFill:
    shift: Shift
    needed: int
    filled: int
    checked_in: int
    no_shows: int

    @property
    def short(self) -> int:
        return max(self.needed - self.filled, 0)


def shift_fill(user, region_code: str, day: datetime.date) -> list[ShiftFill]:
    """Each shift starting on `day` at the posts inside `region_code`: people needed, on the plan, checked in and
    no-shows (the shift over, no check-in)."""
    start, end = day_bounds(day)
    now = clock.now()
    shifts = within_code(Shift.objects.restrict(user), region_code).filter(start__gte=start, start__lt=end)
    shifts = shifts.select_related("post").annotate(
        n_filled=Count("signups", filter=_active_q("signups__")),
        n_in=Count("signups", filter=_active_q("signups__") & Q(signups__checked_in_at__isnull=False)),
        n_absent=Count("signups", filter=_active_q("signups__") & Q(signups__checked_in_at__isnull=True,
                                                                    signups__end__lte=now)),
    ).order_by("start", "post__name", "id")
    return [ShiftFill(s, s.needed, s.n_filled, s.n_in, s.n_absent) for s in shifts]


def fill_by_start(rows: list[ShiftFill]) -> list[dict]:
    """The day's shifts grouped by their start time (00:00, 08:00 …): needed and filled over every post."""
    slots: dict[str, dict] = {}
    for row in rows:
        key = timezone.localtime(row.shift.start).strftime("%H:%M")
        slot = slots.setdefault(key, {"start": key, "needed": 0, "filled": 0, "checked_in": 0, "no_shows": 0,
                                      "shifts": 0})
        slot["needed"] += row.needed
        slot["filled"] += min(row.filled, row.needed)
        slot["checked_in"] += row.checked_in
        slot["no_shows"] += row.no_shows
        slot["shifts"] += 1
    return [slots[k] for k in sorted(slots)]


def _hours_annotations(prefix: str, start, end, now):
    """Shifts, hours recorded and approved, and no-shows of the sign-ups under `prefix` in [start, end)."""
    in_period = Q(**{f"{prefix}start__gte": start, f"{prefix}start__lt": end, f"{prefix}status": SignUpStatus.ACTIVE})
    decimal = DecimalField(max_digits=9, decimal_places=2)
    return {
        "n_shifts": Count(f"{prefix}pk", filter=in_period),
        "n_hours": Coalesce(Sum(f"{prefix}hours", filter=in_period), Value(ZERO), output_field=decimal),
        "n_approved": Coalesce(Sum(f"{prefix}approved_hours", filter=in_period), Value(ZERO), output_field=decimal),
        "n_no_shows": Coalesce(Count(f"{prefix}pk", filter=in_period & Q(**{
            f"{prefix}checked_in_at__isnull": True, f"{prefix}end__lte": now})), Value(0),
            output_field=IntegerField()),
    }


def volunteers_with_hours(queryset, first: datetime.date, last: datetime.date):
    """`queryset` of volunteers annotated with their shifts, hours and no-shows from `first` to `last`."""
    start, end = period_bounds(first, last)
    return queryset.annotate(**_hours_annotations("signups__", start, end, clock.now()))


def teams_with_hours(queryset, first: datetime.date, last: datetime.date):
    start, end = period_bounds(first, last)
    return queryset.annotate(n_members=Count("members", filter=Q(members__active=True), distinct=True),
                             **_hours_annotations("members__signups__", start, end, clock.now()))


def team_hours(user, region_code: str, first: datetime.date, last: datetime.date, limit: int = 20) -> list[Team]:
    """The teams inside `region_code` with the most hours recorded from `first` to `last`."""
    teams = within_code(Team.objects.restrict(user), region_code)
    return list(teams_with_hours(teams, first, last).filter(n_shifts__gt=0).order_by("-n_hours", "name")[:limit])


def no_shows_per_day(user, region_code: str, last: datetime.date, days: int = 14) -> list[tuple[datetime.date, int,
                                                                                               int]]:
    """(day, people on the plan, no-shows) for the `days` days ending on `last`, by the shift's start."""
    first = last - datetime.timedelta(days=days - 1)
    start, end = period_bounds(first, last)
    now = clock.now()
    signups = within_code(SignUp.objects.restrict(user), region_code, "region_code").active().filter(
        start__gte=start, start__lt=end)
    planned: dict[datetime.date, int] = defaultdict(int)
    absent: dict[datetime.date, int] = defaultdict(int)
    for moment, checked_in, shift_end in signups.values_list("start", "checked_in_at", "end").iterator():
        day = clock.local_date(moment)
        planned[day] += 1
        if checked_in is None and shift_end <= now:
            absent[day] += 1
    return [(first + datetime.timedelta(days=i), planned[first + datetime.timedelta(days=i)],
             absent[first + datetime.timedelta(days=i)]) for i in range(days)]


# --- a stored plan against the rules -----------------------------------------------------------------------------


def plan_breaches(signups, *, max_hours: float) -> list[rules.Breach]:
    """Every breach of the duty rules in a stored plan (`signups`: a SignUp queryset, e.g. a month of a district):
    one query for the rows, then rules.check_duties over everyone."""
    duties = [rules.Duty(key, start, end, ref=pk)
              for pk, key, start, end in signups.filter(status=SignUpStatus.ACTIVE).values_list(
                  "pk", "volunteer__person_key", "start", "end").iterator(chunk_size=10_000)]
    return rules.check_duties(duties, max_hours=max_hours)


# --- cadres sent down: the report back to their departments ----------------------------------------------------------


def departments(user) -> list[str]:
    return list(CadreDeployment.objects.restrict(user).order_by("department").values_list("department", flat=True)
                .distinct())


@dataclass
class CadreReport:
    deployment: CadreDeployment
    shifts: int
    done: int
    hours: Decimal
    approved: Decimal
    no_shows: int
    posts: list[str]


def cadre_report(user, department: str, first: datetime.date, last: datetime.date) -> list[CadreReport]:
    """For each approved report of `department` overlapping `first`–`last` (inside the user's jurisdiction): the
    cadre's shifts in the period, those worked, hours recorded and approved, no-shows and the posts stood at."""
    deployments = (CadreDeployment.objects.restrict(user).filter(department=department, status="approved",
                                                                 start_date__lte=last, end_date__gte=first)
                   .select_related("cadre", "region").order_by("region_code", "cadre__username"))
    start, end = period_bounds(first, last)
    now = clock.now()
    rows = []
    for deployment in deployments:
        signups = SignUp.objects.active().filter(volunteer__deployment=deployment, volunteer__kind=PersonKind.CADRE,
                                                 start__gte=start, start__lt=end)
        hours = approved = ZERO
        done = absent = 0
        posts: list[str] = []
        signups = list(signups.select_related("shift__post").order_by("start"))
        for signup in signups:
            hours += signup.hours or ZERO
            approved += signup.approved_hours or ZERO
            done += signup.checked_out_at is not None
            absent += signup.is_no_show(now)
            if signup.shift.post.name not in posts:
                posts.append(signup.shift.post.name)
        rows.append(CadreReport(deployment, len(signups), done, hours, approved, absent, posts))
    return rows


def my_rows(user):
    """The roster rows of a person (their own data only)."""
    return Volunteer.objects.filter(user=user, active=True).select_related("team", "region", "deployment")
