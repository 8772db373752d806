"""The duty figures of the command centre (section 志愿者): places needed and filled on the day's shifts, the fill
rate, hours worked, no-shows, people on the roster and cadres sent down.

A shift belongs to the day it starts on (local time). Places needed, filled and no-shows are counted where the post
stands; hours are counted where the person serves (their team's village), so that a village sees the hours of its own
volunteers wherever they stood."""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.core import clock
from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import DeploymentStatus, PersonKind
from .models import CadreDeployment, Shift, SignUp, Volunteer
from .selectors import day_bounds

PEOPLE = pgettext_lazy("unit", "people")
PLACES = pgettext_lazy("unit", "places")
HOURS = pgettext_lazy("unit", "hours")
VIEW_SHIFT = "volunteers.view_shift"
VIEW_SIGNUP = "volunteers.view_signup"


def _on_day(queryset, day):
    start, end = day_bounds(day)
    return queryset.filter(start__gte=start, start__lt=end)


def places_needed(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_on_day(Shift.objects.all(), day), "region_code", region_code, length, Sum("needed"))


def places_filled(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_on_day(SignUp.objects.active(), day), "region_code", region_code, length)


def no_shows(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(_on_day(SignUp.objects.no_shows(clock.now()), day), "region_code", region_code, length)


def hours_worked(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    worked = _on_day(SignUp.objects.active().filter(hours__isnull=False), day)
    return {code: float(value) for code, value in count_by_region(
        worked, "volunteer_region_code", region_code, length, Sum("hours")).items()}


def volunteers_on_roster(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    people = Volunteer.objects.filter(active=True, kind=PersonKind.VOLUNTEER)
    return count_by_region(people, "region_code", region_code, length)


def cadres_sent_down(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    reports = CadreDeployment.objects.filter(status=DeploymentStatus.APPROVED, start_date__lte=day, end_date__gte=day)
    return count_by_region(reports, "region_code", region_code, length, Count("cadre", distinct=True))


register(
    Indicator("volunteers.places_needed", _("Duty places needed"), unit=PLACES, section=Section.VOLUNTEER,
              perm=VIEW_SHIFT, values=places_needed, action_url="volunteers:figures", order=700, definition=_(
                  "The people needed on the shifts that start on the day, over the posts at checkpoints and sampling "
                  "sites.")),
    Indicator("volunteers.places_filled", _("Duty places filled"), unit=PLACES, section=Section.VOLUNTEER,
              perm=VIEW_SHIFT, values=places_filled, higher_is_better=True, action_url="volunteers:figures",
              order=710, definition=_("People planned or signed up on the shifts that start on the day.")),
    Indicator("volunteers.fill_rate", _("Duty places filled (rate)"), section=Section.VOLUNTEER,
              numerator="volunteers.places_filled", denominator="volunteers.places_needed", higher_is_better=True,
              headline=True, action_url="volunteers:figures", order=720,
              definition=_("Places filled ÷ places needed on the shifts that start on the day.")),
    Indicator("volunteers.no_shows", _("No-shows"), unit=PEOPLE, section=Section.VOLUNTEER, perm=VIEW_SIGNUP,
              values=no_shows, higher_is_better=False, action_url="volunteers:no-shows", order=730, definition=_(
                  "People on the plan of a shift that started on the day and is over, who never checked in.")),
    Indicator("volunteers.hours", _("Hours on duty"), unit=HOURS, section=Section.VOLUNTEER, perm=VIEW_SIGNUP,
              values=hours_worked, higher_is_better=True, action_url="volunteers:hours", order=740, definition=_(
                  "Hours from check-in to check-out on the shifts that started on the day, counted where the "
                  "people serve.")),
    Indicator("volunteers.on_roster", _("Volunteers on the roster"), unit=PEOPLE, section=Section.VOLUNTEER,
              perm="volunteers.view_volunteer", values=volunteers_on_roster, action_url="volunteers:volunteers",
              order=750, definition=_("Registered volunteers, active, by where they serve.")),
    Indicator("volunteers.cadres", _("Cadres sent down"), unit=PEOPLE, section=Section.VOLUNTEER,
              perm="volunteers.view_cadredeployment", values=cadres_sent_down, action_url="volunteers:deployments",
              order=760, definition=_(
                  "District and town cadres whose approved report to a village or community covers the day.")),
)
