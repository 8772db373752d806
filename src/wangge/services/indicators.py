"""The services figures of the command centre (section 治理): orders of the last 30 days and those done, the mean
rating, job seekers, trained and placed, and the placement rate.

Orders, seekers, attendance and placements are counted where the resident lives (their grid). Orders are those placed
in the 30 days ending on the day; seekers, trained and placed are counted up to the day (cumulative, as the seed's
"1,200 trained, 500 placed")."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import OrderStatus
from .models import Attendance, JobSeeker, Order, Placement

ORDERS = pgettext_lazy("unit", "orders")
PEOPLE = pgettext_lazy("unit", "people")
POINTS = pgettext_lazy("unit", "points")
WINDOW_DAYS = 30
VIEW_ORDER = "services.view_order"
VIEW_SEEKER = "services.view_jobseeker"


def _recent(day: datetime.date):
    first = day - datetime.timedelta(days=WINDOW_DAYS - 1)
    return Order.objects.filter(ordered_at__date__gte=first, ordered_at__date__lte=day)


def orders(region_code, day, length):
    return count_by_region(_recent(day).exclude(status=OrderStatus.CANCELLED), "region_code", region_code, length)


def orders_done(region_code, day, length):
    done = _recent(day).filter(status__in=[OrderStatus.DONE, OrderStatus.RATED])
    return count_by_region(done, "region_code", region_code, length)


def orders_waiting(region_code, day, length):
    return count_by_region(_recent(day).filter(status=OrderStatus.ORDERED), "region_code", region_code, length)


def orders_rated(region_code, day, length):
    return count_by_region(_recent(day).filter(rating__isnull=False), "region_code", region_code, length)


def rating_points(region_code, day, length):
    rated = _recent(day).filter(rating__isnull=False)
    return count_by_region(rated, "region_code", region_code, length, Sum("rating"))


def seekers(region_code, day, length):
    return count_by_region(JobSeeker.objects.filter(registered_on__lte=day), "region_code", region_code, length)


def trained(region_code, day, length):
    rows = Attendance.objects.filter(training__date__lte=day)
    return count_by_region(rows, "region_code", region_code, length, Count("seeker", distinct=True))


def placed(region_code, day, length):
    rows = Placement.objects.filter(placed_on__lte=day)
    return count_by_region(rows, "region_code", region_code, length, Count("seeker", distinct=True))


def landless_placed(region_code, day, length):
    rows = Placement.objects.filter(Q(placed_on__lte=day) & Q(seeker__landless=True))
    return count_by_region(rows, "region_code", region_code, length, Count("seeker", distinct=True))


FIGURES = "services:figures"

register(
    Indicator("services.orders", _("Service orders (30 days)"), unit=ORDERS, section=Section.GOVERNANCE,
              perm=VIEW_ORDER, values=orders, action_url="services:orders", action_day_param=None, order=900,
              definition=_("Orders of the community service menus placed in the 30 days up to the day, not "
                           "cancelled, counted where the resident lives.")),
    Indicator("services.orders_done", _("Service orders done (30 days)"), unit=ORDERS, section=Section.GOVERNANCE,
              perm=VIEW_ORDER, values=orders_done, higher_is_better=True, action_url="services:orders",
              action_query="status=done", action_day_param=None, order=905,
              definition=_("Orders of the last 30 days that a volunteer team has done (rated or not).")),
    Indicator("services.orders_waiting", _("Service orders waiting for a team"), unit=ORDERS,
              section=Section.GOVERNANCE, perm=VIEW_ORDER, values=orders_waiting, higher_is_better=False,
              action_url="services:orders", action_query="status=ordered", action_day_param=None, order=910,
              definition=_("Orders of the last 30 days that no volunteer team has taken yet.")),
    Indicator("services.done_rate", _("Service orders done (rate)"), section=Section.GOVERNANCE,
              numerator="services.orders_done", denominator="services.orders", higher_is_better=True,
              action_url=FIGURES, action_day_param=None, order=915,
              definition=_("Orders done ÷ orders placed in the 30 days up to the day (cancelled ones left out).")),
    Indicator("services.orders_rated", _("Service orders rated (30 days)"), unit=ORDERS, section=Section.GOVERNANCE,
              perm=VIEW_ORDER, values=orders_rated, action_url=FIGURES, action_day_param=None, order=920,
              definition=_("Orders of the last 30 days with the resident's rating.")),
    Indicator("services.rating_points", _("Service rating points"), unit=POINTS, section=Section.GOVERNANCE,
              perm=VIEW_ORDER, values=rating_points, action_url=FIGURES, action_day_param=None, order=925,
              definition=_("The sum of the ratings (1–5) of the orders rated in the last 30 days.")),
    Indicator("services.mean_rating", _("Mean service rating"), section=Section.GOVERNANCE,
              numerator="services.rating_points", denominator="services.orders_rated", percent=False, decimals=2,
              higher_is_better=True, headline=True, action_url=FIGURES, action_day_param=None, order=930,
              definition=_("Rating points ÷ rated orders of the last 30 days (1 = poor, 5 = excellent).")),
    Indicator("services.seekers", _("Job seekers"), unit=PEOPLE, section=Section.GOVERNANCE, perm=VIEW_SEEKER,
              values=seekers, action_url="services:seekers", action_day_param=None, order=940,
              definition=_("Residents registered as job seekers up to the day.")),
    Indicator("services.trained", _("Job seekers trained"), unit=PEOPLE, section=Section.GOVERNANCE,
              perm=VIEW_SEEKER, values=trained, higher_is_better=True, action_url="services:seekers",
              action_query="trained=true", action_day_param=None, order=945,
              definition=_("Job seekers present at one training or more up to the day.")),
    Indicator("services.placed", _("Job seekers placed"), unit=PEOPLE, section=Section.GOVERNANCE,
              perm=VIEW_SEEKER, values=placed, higher_is_better=True, action_url="services:placements",
              action_day_param=None, order=950,
              definition=_("Job seekers placed with an employer up to the day (each person once).")),
    Indicator("services.landless_placed", _("Landless residents placed"), unit=PEOPLE, section=Section.GOVERNANCE,
              perm=VIEW_SEEKER, values=landless_placed, higher_is_better=True, action_url="services:placements",
              action_query="landless=true", action_day_param=None, order=955,
              definition=_("Landless job seekers placed with an employer up to the day.")),
    Indicator("services.placement_rate", _("Job seekers placed (rate)"), section=Section.GOVERNANCE,
              numerator="services.placed", denominator="services.seekers", higher_is_better=True, headline=True,
              action_url=FIGURES, action_day_param=None, order=960,
              definition=_("Job seekers placed ÷ job seekers registered, up to the day.")),
)
