"""The registry's figures for the command centre: residents and the populations other apps' coverage is measured
against (vaccination counts over residents aged 3 or more, elderly coverage over those aged 60 or more).

Every figure is the registry as it stands (a resident has no history of arrivals and departures): the day only
sets the ages. Grouped by the resident's grid code (`Resident.region_code`)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import ResidenceType
from .models import Household, Resident

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
HOUSEHOLDS = pgettext_lazy("unit", "households")
PEOPLE = pgettext_lazy("unit", "people")

VIEW_RESIDENTS = "people.view_resident"
ELIGIBLE_AGE = 3  # vaccination's eligible population (vaccination.coverage.eligible_residents)
ELDERLY_AGE = 60  # the region tree's elderly (regions.views.elderly_cutoff)


def born_by(day: datetime.date, years: int) -> datetime.date:
    """Born on or before this date = aged `years` or more on `day` (29 February: the 28th), as vaccination's
    `coverage.years_before` and the region tree's elderly cut-off count ages."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def residents(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Resident.objects.all(), "region_code", region_code, length)


def aged_at_least(years: int):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        return count_by_region(Resident.objects.filter(birth_date__lte=born_by(day, years)), "region_code",
                               region_code, length)

    return values


def migrants(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Resident.objects.filter(residence_type=ResidenceType.MIGRANT), "region_code",
                           region_code, length)


def elderly_offline(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Resident.objects.filter(no_smartphone=True, birth_date__lte=born_by(day, ELDERLY_AGE)),
                           "region_code", region_code, length)


def households(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Household.objects.all(), "region_code", region_code, length)


register(
    Indicator("people.residents", _("Residents"), unit=PEOPLE, section=Section.GRID, perm=VIEW_RESIDENTS,
              definition=_("Everyone in the population registry of the area (registered, resident and migrant "
                           "population alike)."),
              values=residents, action_url="people:resident-list", order=10),
    Indicator("people.households", _("Households"), unit=HOUSEHOLDS, section=Section.GRID,
              perm="people.view_household", definition=_("Households registered in the area."),
              values=households, order=20),
    Indicator("people.migrants", _("Migrant population"), unit=PEOPLE, section=Section.GRID,
              perm=VIEW_RESIDENTS, definition=_("Residents registered as migrant population (外来人口)."),
              values=migrants, action_url="people:resident-list", action_query="residence_type=migrant", order=30),
    Indicator("people.aged_3_plus", _("Residents aged 3 or more"), unit=PEOPLE, section=Section.GRID,
              perm=VIEW_RESIDENTS,
              definition=_("Residents aged 3 or more on the day: the population vaccination coverage is "
                           "measured against."),
              values=aged_at_least(ELIGIBLE_AGE), order=40),
    Indicator("people.aged_60_plus", _("Residents aged 60 or more"), unit=PEOPLE, section=Section.GRID,
              perm=VIEW_RESIDENTS,
              definition=_("Residents aged 60 or more on the day (the elderly)."),
              values=aged_at_least(ELDERLY_AGE), order=50),
    Indicator("people.elderly_offline", _("Elderly without a smartphone"), unit=PEOPLE, section=Section.GRID,
              perm=VIEW_RESIDENTS,
              definition=_("Residents aged 60 or more with no smartphone: they need a call or a visit, not "
                           "a message."),
              values=elderly_offline, order=60),
)
