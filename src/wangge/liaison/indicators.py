"""The liaison figures of the command centre (section 企业): enterprises with a linked cadre and those visited,
problems and suggestions collected and solved, and the enterprises' help requests (海企通) with their on-time
rate (the hotline's definition, domain.md §8, over the orders of channel `enterprise`).

Counts are cumulative up to the end of the day (an enterprise assigned on the day counts; a visit after the day
does not), except the help requests received, which are the day's. Everything is counted where the enterprise
stands (its region code)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.core import clock
from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .models import Assignment, Problem, Visit
from .selectors import current

ENTERPRISES = pgettext_lazy("unit", "enterprises")
ITEMS = pgettext_lazy("unit", "items")
REQUESTS = pgettext_lazy("unit", "requests")
VIEW = "liaison.view_assignment"
VIEW_HELP = "enterprises.view_helprequest"


def _end(day: datetime.date) -> datetime.datetime:
    return clock.start_of(day + datetime.timedelta(days=1))


def assigned_values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    rows = current(Assignment.objects.all(), day)
    return count_by_region(rows, "region_code", region_code, length, Count("enterprise", distinct=True))


def visited_values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    """Enterprises with a linked cadre on the day that have had at least one visit by the day."""
    linked = current(Assignment.objects.all(), day).values("enterprise_id")
    rows = Visit.objects.filter(date__lte=day, enterprise_id__in=linked)
    return count_by_region(rows, "region_code", region_code, length, Count("enterprise", distinct=True))


def problems_values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(Problem.objects.filter(collected_on__lte=day), "region_code", region_code, length)


def solved_values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    rows = Problem.objects.filter(collected_on__lte=day, solved=True, solved_at__lt=_end(day))
    return count_by_region(rows, "region_code", region_code, length)


def _help(condition):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        from wangge.hotline.choices import Channel
        from wangge.hotline.models import WorkOrder

        start, end = clock.start_of(day), _end(day)
        orders = WorkOrder.objects.filter(channel=Channel.ENTERPRISE, enterprise__isnull=False)
        return count_by_region(orders.filter(condition(start, end)), "region_code", region_code, length)

    return values


def _received(start, end) -> Q:
    return Q(received_at__gte=start, received_at__lt=end)


def _on_time(start, end) -> Q:
    from wangge.hotline.indicators import finished_on_time

    return finished_on_time(start, end)


def _on_time_base(start, end) -> Q:
    from wangge.hotline.indicators import on_time_base

    return on_time_base(start, end)


SECTION = Section.ENTERPRISE

register(
    Indicator("liaison.assigned", _("Enterprises with a linked cadre"), unit=ENTERPRISES, section=SECTION, perm=VIEW,
              definition=_("Enterprises linked to at least one cadre (挂钩联系) on the day."),
              values=assigned_values, action_url="liaison:assignments", action_day_param=None, order=300),
    Indicator("liaison.visited", _("Linked enterprises visited"), unit=ENTERPRISES, section=SECTION, perm=VIEW,
              definition=_("Of the enterprises with a linked cadre on the day, those visited at least once by then."),
              values=visited_values, higher_is_better=True, action_url="liaison:visits", action_day_param=None,
              order=310),
    Indicator("liaison.visit_rate", _("Linked enterprises visited (rate)"), section=SECTION,
              definition=_("Linked enterprises visited ÷ enterprises with a linked cadre."),
              numerator="liaison.visited", denominator="liaison.assigned", higher_is_better=True, order=320),
    Indicator("liaison.problems", _("Problems and suggestions collected"), unit=ITEMS, section=SECTION,
              perm="liaison.view_problem",
              definition=_("Problems and suggestions collected on liaison visits up to the day."),
              values=problems_values, action_url="liaison:problems", action_day_param=None, order=330),
    Indicator("liaison.solved", _("Problems and suggestions solved"), unit=ITEMS, section=SECTION,
              perm="liaison.view_problem",
              definition=_("Of the problems and suggestions collected up to the day, those marked solved by its end."),
              values=solved_values, higher_is_better=True, action_url="liaison:problems",
              action_query="solved=true", action_day_param=None, order=340),
    Indicator("liaison.solve_rate", _("Problems solved (rate)"), section=SECTION,
              definition=_("Problems and suggestions solved ÷ collected."),
              numerator="liaison.solved", denominator="liaison.problems", higher_is_better=True, order=350),
    Indicator("liaison.help_requests", _("Help requests received"), unit=REQUESTS, section=SECTION, perm=VIEW_HELP,
              definition=_("Enterprises' help requests (海企通, hotline channel \"enterprise\") received on the day."),
              values=_help(_received), action_url="enterprises:help-requests", action_day_param=None,
              action_region_param="region", order=360),
    Indicator("liaison.help_on_time", _("Help requests finished on time"), unit=REQUESTS, section=SECTION,
              perm=VIEW_HELP,
              definition=_("Help requests finished on the day (the department's reply) within their deadline."),
              values=_help(_on_time), higher_is_better=True, order=370),
    Indicator("liaison.help_on_time_base", _("Help requests due to be finished"), unit=REQUESTS, section=SECTION,
              perm=VIEW_HELP,
              definition=_("Help requests finished on the day plus those still open at its end and already overdue."),
              values=_help(_on_time_base), order=380),
    Indicator("liaison.help_on_time_rate", _("Help requests on-time rate"), section=SECTION,
              definition=_("Help requests finished on time ÷ (finished on the day + open and overdue at its end), as "
                           "the hotline's on-time completion rate."),
              numerator="liaison.help_on_time", denominator="liaison.help_on_time_base", higher_is_better=True,
              order=390),
)
