"""The mass-testing figures of the command centre: who was sampled, coverage of the campaigns in progress (不漏一人),
tubes on their way to the laboratory, positive pools and the people awaiting a single-tube retest.

People are counted where they live (a sample's region code is the person's grid, or the site's region for a
visitor outside the registry); tubes where they were sampled (the sampling site's region). Coverage is worked out
as `selectors.coverage` does it for one campaign: distinct residents with a sample in the campaign over the
residents of its area, here over every campaign in progress on the day."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.core import clock
from wangge.core.querysets import code_upper_bound
from wangge.dashboard.registry import Indicator, Section, count_by_region, register
from wangge.people.models import Resident

from .choices import ControlState, TubeResult
from .models import Campaign, Sample, TemporaryControl, Tube

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
PEOPLE = pgettext_lazy("unit", "people")
TUBES = pgettext_lazy("unit", "tubes")


def _bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return clock.start_of(day), clock.start_of(day + datetime.timedelta(days=1))


def in_progress(day: datetime.date):
    """The campaigns whose days include `day`."""
    return Campaign.objects.filter(start_date__lte=day, end_date__gte=day)


def sampled(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    start, end = _bounds(day)
    return count_by_region(Sample.objects.filter(scanned_at__gte=start, scanned_at__lt=end), "region_code",
                           region_code, length, Count("id_number", distinct=True))


def to_test(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Residents living inside the area of a campaign in progress (one small read of the campaigns' areas, then
    one grouped count over index ranges of the residents' codes)."""
    areas = sorted(set(in_progress(day).values_list("region_code", flat=True)))
    areas = [a for a in areas if not any(a != b and a.startswith(b) for b in areas)]  # a district-wide one covers all
    if not areas:
        return {}
    inside = Q()
    for area in areas:
        upper = code_upper_bound(area)
        inside |= Q(region_code__gte=area, region_code__lt=upper) if upper else Q(region_code__startswith=area)
    return count_by_region(Resident.objects.filter(inside), "region_code", region_code, length)


def tested(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Distinct residents of a campaign's area sampled in that campaign (in progress on the day) by its end."""
    _start, end = _bounds(day)
    samples = Sample.objects.filter(campaign__in=in_progress(day), resident__isnull=False, scanned_at__lt=end,
                                    region_code__startswith=F("campaign__region_code"))
    return count_by_region(samples, "region_code", region_code, length, Count("resident", distinct=True))


def tubes_open(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Tubes still open at the end of the day (now, for today: closing or a result sets `closed_at`)."""
    _start, end = _bounds(day)
    tubes = Tube.objects.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end), opened_at__lt=end)
    return count_by_region(tubes, "region_code", region_code, length)


def tubes_awaiting(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Tubes closed and sent but without a result at the end of the day (now, for today)."""
    _start, end = _bounds(day)
    tubes = Tube.objects.filter(Q(tested_at__isnull=True) | Q(tested_at__gte=end), closed_at__lt=end)
    return count_by_region(tubes, "region_code", region_code, length)


def tubes_resulted(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    start, end = _bounds(day)
    return count_by_region(Tube.objects.filter(tested_at__gte=start, tested_at__lt=end), "region_code",
                           region_code, length)


def positive_pools(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    start, end = _bounds(day)
    tubes = Tube.objects.filter(result=TubeResult.POSITIVE, pool_size__gt=1, tested_at__gte=start, tested_at__lt=end)
    return count_by_region(tubes, "region_code", region_code, length)


def retests_due(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Members of positive or invalid pools still under temporary control (the state now)."""
    return count_by_region(TemporaryControl.objects.filter(state=ControlState.UNDER_CONTROL), "region_code",
                           region_code, length)


SECTION = Section.PREVENTION

register(
    Indicator("labtests.sampled", _("Sampled today"), unit=PEOPLE, section=SECTION, perm="labtests.view_sample",
              definition=_("People swabbed on the day at any sampling site, each person once however many tubes."),
              values=sampled, higher_is_better=True, action_url="labtests:campaigns", order=300),
    Indicator("labtests.to_test", _("Residents to test"), unit=PEOPLE, section=SECTION,
              perm="people.view_resident",
              definition=_("Residents living inside the area of a testing campaign in progress on the day."),
              values=to_test, action_url="labtests:campaigns", order=310),
    Indicator("labtests.tested", _("Residents tested in the campaign"), unit=PEOPLE, section=SECTION,
              perm="labtests.view_sample",
              definition=_("Residents of a campaign's area with at least one sample in that campaign (in progress on "
                           "the day), counted once."),
              values=tested, higher_is_better=True, action_url="labtests:campaigns", order=320),
    Indicator("labtests.coverage", _("Testing coverage"), section=SECTION,
              definition=_("Residents tested in the campaign ÷ residents to test (不漏一人: every resident of the "
                           "campaign's area sampled)."),
              numerator="labtests.tested", denominator="labtests.to_test", higher_is_better=True, headline=True,
              action_url="labtests:campaigns", order=330),
    Indicator("labtests.tubes_open", _("Tubes open"), unit=TUBES, section=SECTION, perm="labtests.view_tube",
              definition=_("Sampling tubes opened and not yet closed at the end of the day (now, for today)."),
              values=tubes_open, order=340),
    Indicator("labtests.tubes_awaiting", _("Tubes awaiting a result"), unit=TUBES, section=SECTION,
              perm="labtests.view_tube",
              definition=_("Tubes closed and sent to the laboratory with no result yet at the end of the day (now, for "
                           "today)."),
              values=tubes_awaiting, higher_is_better=False, order=350),
    Indicator("labtests.tubes_resulted", _("Tubes resulted today"), unit=TUBES, section=SECTION,
              perm="labtests.view_tube", definition=_("Tubes whose laboratory result was recorded on the day."),
              values=tubes_resulted, higher_is_better=True, order=360),
    Indicator("labtests.positive_pools", _("Positive pools"), unit=TUBES, section=SECTION,
              perm="labtests.view_tube",
              definition=_("Pooled tubes (more than one person) found positive on the day: every member is put under "
                           "temporary control for a single-tube retest."),
              values=positive_pools, higher_is_better=False, action_url="followup:list",
              action_query="source=labtest&is_open=true", action_region_param="area",
              action_day_param="day", order=370),
    Indicator("labtests.retests_due", _("Awaiting a single-tube retest"), unit=PEOPLE, section=SECTION,
              perm="labtests.view_temporarycontrol",
              definition=_("Members of positive or invalid pools still under temporary control, waiting for their "
                           "single-tube retest."),
              values=retests_due, higher_is_better=False, action_url="followup:tasks",
              action_query="kind=retest&state=open", action_region_param="area", action_day_param="day", order=380),
)
