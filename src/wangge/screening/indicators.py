"""The big-data screening figures of the command centre: the people flagged by the day's screening runs.

A flag's region code is the matched resident's grid, else the region its destination was routed to, else the
district (unroutable: it counts for the district only). A person flagged twice on one day (two pushed lists) is
one person."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.core import clock
from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import FlagCategory
from .models import Flag

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
PEOPLE = pgettext_lazy("unit", "people")

VIEW_FLAGS = "screening.view_flag"


def flags_of(day: datetime.date):
    """The flags of the screening runs of `day` (a run's time is the push time)."""
    return Flag.objects.filter(run__as_of__gte=clock.start_of(day),
                               run__as_of__lt=clock.start_of(day + datetime.timedelta(days=1)))


def flagged(category: str | None = None, *, unmatched: bool = False):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        flags = flags_of(day)
        if category:
            flags = flags.filter(category=category)
        if unmatched:
            flags = flags.filter(resident__isnull=True)
        return count_by_region(flags, "region_code", region_code, length, Count("person_key", distinct=True))

    return values


def _flags(name, label, definition, values, order, better=None):
    return Indicator(f"screening.{name}", label, unit=PEOPLE, section=Section.PREVENTION, perm=VIEW_FLAGS,
                     definition=definition, values=values, higher_is_better=better,
                     action_url="screening:run-list", order=order)


register(
    _flags("flagged", _("Flagged by screening"), _(
        "People the day's screening of the pushed lists flagged for a stay in a risk area or the same city."),
        flagged(), 10),
    _flags("flagged_high", _("Flagged: high-risk area"), _(
        "Of the people flagged on the day, those who stayed in a high-risk area."), flagged(FlagCategory.HIGH), 20),
    _flags("flagged_medium", _("Flagged: medium-risk area"), _(
        "Of the people flagged on the day, those who stayed in a medium-risk area."),
        flagged(FlagCategory.MEDIUM), 30),
    _flags("unmatched", _("Flagged, not in the registry"), _(
        "Of the people flagged on the day, those the population registry does not know: they must be found on "
        "the ground (落地查人)."), flagged(unmatched=True), 40, better=False),
)
