"""The vaccination figures of the command centre, with the coverage page's definitions (`coverage.py`): the
eligible population is the residents aged 3 or more on the day (people.aged_3_plus); a resident counts for first
dose, full course or booster once their VaccinationStatus has that date, on or before the day. Grouped by the
resident's grid code, as the coverage page groups them."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.dashboard.registry import Indicator, Section, count_by_region, register
from wangge.people.models import Resident

from .coverage import years_before
from .models import Dose

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
DOSES = pgettext_lazy("unit", "doses")
PEOPLE = pgettext_lazy("unit", "people")

VIEW_STATUS = "vaccination.view_vaccinationstatus"
ELIGIBLE_AGE = 3
ELDERLY_AGE = 60


def vaccinated(step: str, age: int = ELIGIBLE_AGE):
    """Residents aged `age`+ on the day whose `step` date (first_dose / full_course / booster) is on or before it:
    `coverage._counts` counts the same status dates over `coverage.eligible_residents`."""

    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        people = Resident.objects.filter(birth_date__lte=years_before(day, age),
                                         **{f"vaccination__{step}_date__lte": day})
        return count_by_region(people, "region_code", region_code, length)

    values.__name__ = f"{step}_{age}"
    return values


def doses_today(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Dose.objects.filter(date=day), "region_code", region_code, length)


def _count(name, label, definition, values, order):
    return Indicator(f"vaccination.{name}", label, unit=PEOPLE, section=Section.PREVENTION, perm=VIEW_STATUS,
                     definition=definition, values=values, higher_is_better=True, action_url="vaccination:coverage",
                     order=order)


def _coverage(name, label, definition, numerator, denominator, order, headline=False):
    return Indicator(f"vaccination.{name}", label, section=Section.PREVENTION, definition=definition,
                     numerator=numerator, denominator=denominator, higher_is_better=True, headline=headline,
                     action_url="vaccination:unvaccinated", order=order)


register(
    Indicator("vaccination.doses", _("Doses given today"), unit=DOSES, section=Section.PREVENTION,
              perm="vaccination.view_dose",
              definition=_("Vaccine doses recorded as given on the day, any dose number."),
              values=doses_today, higher_is_better=True, action_url="vaccination:coverage", order=400),
    _count("first_dose", _("Vaccinated with a first dose"), _(
        "Residents aged 3 or more who had their first dose on or before the day."), vaccinated("first_dose"), 410),
    _count("full_course", _("Fully vaccinated"), _(
        "Residents aged 3 or more who completed the full course of their vaccine (2 doses inactivated, 1 Ad5, 3 "
        "recombinant protein) on or before the day."), vaccinated("full_course"), 420),
    _count("booster", _("Boosted"), _(
        "Residents aged 3 or more who had a dose beyond the full course on or before the day."),
        vaccinated("booster"), 430),
    _count("first_dose_60", _("Elderly with a first dose"), _(
        "Residents aged 60 or more who had their first dose on or before the day."),
        vaccinated("first_dose", ELDERLY_AGE), 440),
    _count("full_course_60", _("Elderly fully vaccinated"), _(
        "Residents aged 60 or more who completed the full course on or before the day."),
        vaccinated("full_course", ELDERLY_AGE), 450),
    _coverage("first_coverage", _("First-dose coverage"), _(
        "Residents aged 3 or more with a first dose ÷ residents aged 3 or more."),
        "vaccination.first_dose", "people.aged_3_plus", 460),
    _coverage("full_coverage", _("Full-course coverage"), _(
        "Residents aged 3 or more fully vaccinated ÷ residents aged 3 or more."),
        "vaccination.full_course", "people.aged_3_plus", 470, headline=True),
    _coverage("booster_coverage", _("Booster coverage"), _(
        "Residents aged 3 or more with a booster ÷ residents aged 3 or more."),
        "vaccination.booster", "people.aged_3_plus", 480),
    _coverage("first_coverage_60", _("Elderly first-dose coverage"), _(
        "Residents aged 60 or more with a first dose ÷ residents aged 60 or more."),
        "vaccination.first_dose_60", "people.aged_60_plus", 490),
    _coverage("full_coverage_60", _("Elderly full-course coverage"), _(
        "Residents aged 60 or more fully vaccinated ÷ residents aged 60 or more."),
        "vaccination.full_course_60", "people.aged_60_plus", 500),
)
