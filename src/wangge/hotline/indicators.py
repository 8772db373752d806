"""The 12345 hotline figures of the command centre, with the KPI definitions of `kpis.py` (domain.md §8) over the
day [00:00, 24:00) as the daily report takes it, grouped by the region of the problem (the work order's
`region_code`) instead of by department.

A work order registered without a place has no region code: it is in the hotline's own KPIs but on no region's
figures; one placed only at a village counts for the village, its town and the district, and for no grid."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.core import clock
from wangge.dashboard.registry import Indicator, Section, count_by_region, register

from .choices import OPEN_STATES, SATISFIED, EventKind, Satisfaction, State
from .models import Event, WorkOrder

# Units shown after the figures (msgctxt "unit": "12 人", not the column header "人数").
CALLS = pgettext_lazy("unit", "calls")
ORDERS = pgettext_lazy("unit", "orders")

VIEW_ORDERS = "hotline.view_workorder"


def _bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return clock.start_of(day), clock.start_of(day + datetime.timedelta(days=1))


def _orders(condition):
    """values() counting the work orders that `condition(start, end)` selects for the day."""

    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        return count_by_region(WorkOrder.objects.filter(condition(*_bounds(day))), "region_code", region_code,
                               length)

    return values


def _events(condition):
    def values(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
        start, end = _bounds(day)
        events = Event.objects.filter(condition, kind=EventKind.CALLBACK, time__gte=start, time__lt=end)
        return count_by_region(events, "order__region_code", region_code, length)

    return values


def received(start, end) -> Q:
    return Q(received_at__gte=start, received_at__lt=end)


def answered(start, end) -> Q:
    """kpis: orders received in the period and answered directly at intake (直接答复)."""
    return received(start, end) & Q(state=State.ANSWERED)


def finished_on_time(start, end) -> Q:
    """kpis: finished (direct answer or reply) in the period within the deadline in force."""
    return Q(finished_at__gte=start, finished_at__lt=end, finished_at__lte=F("due_at"))


def open_overdue_at_end(end) -> Q:
    """kpis: received before the end, past the deadline then and not finished by then (never a direct answer)."""
    late = Q(finished_at__isnull=True) | Q(finished_at__gte=end, finished_at__gt=F("due_at"))
    return Q(received_at__lt=end, due_at__lt=end) & ~Q(state=State.ANSWERED) & late


def on_time_base(start, end) -> Q:
    """kpis: the on-time rate's denominator, orders finished in the period + open and overdue at its end (the two
    sets are disjoint, so one count of either)."""
    return Q(finished_at__gte=start, finished_at__lt=end) | open_overdue_at_end(end)


def overdue_now(start, end) -> Q:
    """Open orders past their deadline: the supervision page's and the order list's `overdue` (now, for today;
    the end of the day for a past day)."""
    moment = min(clock.now(), end)
    return Q(state__in=OPEN_STATES, due_at__lt=moment, received_at__lt=moment)


SECTION = Section.HOTLINE

register(
    Indicator("hotline.received", _("Requests received"), unit=ORDERS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Work orders registered on the day (calls, WeChat, web, app), placed in the area."),
              values=_orders(received), headline=True, action_url="hotline:orders", order=600),
    Indicator("hotline.answered", _("Answered directly"), unit=ORDERS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Of the orders received on the day, those the 12345 operator answered and finished at "
                           "intake (直接答复), without a department."),
              values=_orders(answered), action_url="hotline:orders", action_query=f"state={State.ANSWERED}",
              order=610),
    Indicator("hotline.direct_rate", _("Direct-answer rate"), section=SECTION,
              definition=_("Orders answered directly ÷ orders received on the day."),
              numerator="hotline.answered", denominator="hotline.received", order=620),
    Indicator("hotline.overdue", _("Overdue orders"), unit=ORDERS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Orders still being handled past their deadline (the extended one if approved), now."),
              values=_orders(overdue_now), higher_is_better=False, action_url="hotline:orders",
              action_query="overdue=true", order=630),
    Indicator("hotline.finished_on_time", _("Finished on time"), unit=ORDERS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Orders finished on the day (a direct answer or a department's reply) within their "
                           "deadline in force."),
              values=_orders(finished_on_time), higher_is_better=True, order=640),
    Indicator("hotline.on_time_base", _("Orders due to be finished"), unit=ORDERS, section=SECTION,
              perm=VIEW_ORDERS,
              definition=_("Orders finished on the day plus orders still open at its end and already past their "
                           "deadline then: what the on-time rate is counted over."),
              values=_orders(on_time_base), order=650),
    Indicator("hotline.on_time_rate", _("On-time completion rate"), section=SECTION,
              definition=_("Orders finished on the day within their deadline ÷ (orders finished on the day + orders "
                           "still open at its end and already overdue then)."),
              numerator="hotline.finished_on_time", denominator="hotline.on_time_base", higher_is_better=True,
              headline=True, order=660),
    Indicator("hotline.callbacks", _("Successful callbacks"), unit=CALLS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Callbacks on the day in which the citizen was reached and rated the handling."),
              values=_events(~Q(satisfaction=Satisfaction.UNREACHED)), order=670),
    Indicator("hotline.satisfied", _("Satisfied callbacks"), unit=CALLS, section=SECTION, perm=VIEW_ORDERS,
              definition=_("Callbacks on the day rated satisfied or basically satisfied."),
              values=_events(Q(satisfaction__in=SATISFIED)), higher_is_better=True, order=680),
    Indicator("hotline.satisfaction_rate", _("Satisfaction rate"), section=SECTION,
              definition=_("(Satisfied + basically satisfied) ÷ successful callbacks on the day."),
              numerator="hotline.satisfied", denominator="hotline.callbacks", higher_is_better=True, order=690),
)
