"""Hotline KPIs for any period, per department or category, as defined in domain.md §8.

Every figure is a grouped aggregate query (one per source: orders received, orders finished, orders closed,
orders open and overdue at the end of the period, events), so a month of a million-order history is computed
in well under a second on PostgreSQL.

Definitions (shown next to each figure in the pages and the daily report):
- 直接答复率 = orders answered directly / orders received in the period;
- 按时办结率 = orders finished (direct answer or department reply) in the period within their deadline in force
  (the extended one if an extension was approved) / (orders finished in the period + orders received before
  the end of the period, not finished at its end and already past their deadline then);
- 及时签收率 = dispatches in the period signed within the signing limit / dispatches in the period (numerator and
  denominator are the same dispatches: counting the day's signings over the day's dispatches gave 102.86 % when
  last night's dispatches were signed this morning);
- 满意率 = (满意 + 基本满意) / successful callbacks in the period;
- 回退率 = dispatches in the period that were returned / dispatches in the period (against the department it was
  returned from);
- 重办率 = closed orders that were redone at least once / orders closed in the period;
- 平均办理时长 = mean hours from receipt to the department's reply, over orders replied in the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from .choices import SATISFIED, EventKind, Satisfaction, State
from .models import Category, Department, Event, WorkOrder

DEFINITIONS = {
    "direct_rate": (_("Direct-answer rate"), _("Orders answered directly ÷ orders received in the period.")),
    "on_time_rate": (_("On-time completion rate"), _(
        "Orders finished in the period within their deadline (the extended one if approved) ÷ (orders finished in "
        "the period + orders still open at the end of the period and already overdue then).")),
    "timely_sign_rate": (_("Timely signing rate"), _(
        "Dispatches in the period signed within the signing limit ÷ dispatches in the period.")),
    "satisfaction_rate": (_("Satisfaction rate"), _(
        "(Satisfied + basically satisfied) ÷ successful callbacks in the period.")),
    "return_rate": (_("Return rate"), _("Dispatches in the period that were returned ÷ dispatches in the period.")),
    "redo_rate": (_("Redo rate"), _("Closed orders redone at least once ÷ orders closed in the period.")),
    "avg_hours": (_("Average handling time (hours)"), _(
        "Mean hours from receipt to the department's reply, over orders replied in the period.")),
}

def format_rate(value: float | None) -> str:
    """A rate as people read it: a percentage with one decimal ("98.7%"); "—" when there was nothing to count."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


COUNT_FIELDS = ("received", "answered", "finished", "finished_on_time", "open_overdue", "dispatches",
                "signed_on_time", "returns", "callbacks", "satisfied", "closed", "redone")


@dataclass
class KpiRow:
    """Counts and rates for one group (a department, a category, or the total)."""

    key: object
    label: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS, 0))
    avg_hours: float | None = None

    @staticmethod
    def _rate(num: int, den: int) -> float | None:
        return round(num / den, 4) if den else None

    @property
    def direct_rate(self):
        return self._rate(self.counts["answered"], self.counts["received"])

    @property
    def on_time_rate(self):
        c = self.counts
        return self._rate(c["finished_on_time"], c["finished"] + c["open_overdue"])

    @property
    def timely_sign_rate(self):
        return self._rate(self.counts["signed_on_time"], self.counts["dispatches"])

    @property
    def satisfaction_rate(self):
        return self._rate(self.counts["satisfied"], self.counts["callbacks"])

    @property
    def return_rate(self):
        return self._rate(self.counts["returns"], self.counts["dispatches"])

    @property
    def redo_rate(self):
        return self._rate(self.counts["redone"], self.counts["closed"])

    def as_dict(self) -> dict:
        data = {"key": self.key, "label": self.label, **self.counts}
        for name in DEFINITIONS:
            data[name] = getattr(self, name)
        return data


GROUPS = {
    # group → (order field, event field, model)
    "department": ("department_id", "department_id", Department),
    "category": ("category_id", "category_id", Category),
    None: (None, None, None),
}


def _grouped(qs, key, **aggregates):
    if key is None:
        return {None: qs.aggregate(**aggregates)}
    return {row.pop(key): row for row in qs.values(key).order_by().annotate(**aggregates)}


def compute(start: datetime.datetime, end: datetime.datetime, group_by: str | None = "department",
            orders=None, events=None) -> list[KpiRow]:
    """KPI rows for [start, end), one per group (with activity), followed by nothing else; see `total`."""
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {list(GROUPS)}")
    okey, ekey, model = GROUPS[group_by]
    if events is None:
        unscoped = orders is None or not orders.query.where  # e.g. a superuser's "all orders"
        events = Event.objects.all() if unscoped else Event.objects.filter(order__in=orders.values("pk"))
    orders = orders if orders is not None else WorkOrder.objects.all()
    rows: dict = {}

    def add(data: dict):
        for key, values in data.items():
            row = rows.setdefault(key, KpiRow(key=key, label=""))
            for name, value in values.items():
                if name == "avg_handling":
                    row.avg_hours = round(value.total_seconds() / 3600, 1) if value is not None else None
                elif name in row.counts:
                    row.counts[name] += value or 0

    period = dict(received_at__gte=start, received_at__lt=end)
    add(_grouped(orders.filter(**period), okey, received=Count("id"),
                 answered=Count("id", filter=Q(state=State.ANSWERED))))
    finished = orders.filter(finished_at__gte=start, finished_at__lt=end)
    handling = ExpressionWrapper(F("finished_at") - F("received_at"), output_field=DurationField())
    add(_grouped(finished, okey, finished=Count("id"),
                 finished_on_time=Count("id", filter=Q(finished_at__lte=F("due_at"))),
                 avg_handling=Avg(handling, filter=Q(department__isnull=False))))
    overdue = Q(received_at__lt=end, due_at__lt=end) & ~Q(state=State.ANSWERED)
    add(_grouped(orders.filter(overdue, finished_at__isnull=True), okey, open_overdue=Count("id")))
    # finished_at > due_at is implied, but stated so that PostgreSQL can use the partial index of late orders.
    add(_grouped(orders.filter(overdue, finished_at__gte=end, finished_at__gt=F("due_at")), okey,
                 open_overdue=Count("id")))
    add(_grouped(orders.filter(state=State.CLOSED, closed_at__gte=start, closed_at__lt=end), okey,
                 closed=Count("id"), redone=Count("id", filter=Q(redo_count__gt=0))))
    # Each dispatch of the period with what came of it: the order's next sign or return after it (by event id,
    # which follows time within an order). Signed on time and returned are counted among these same dispatches.
    after = Event.objects.filter(order_id=OuterRef("order_id"), id__gt=OuterRef("id"),
                                 kind__in=[EventKind.SIGN, EventKind.RETURN]).order_by("id")
    dispatched = events.filter(time__gte=start, time__lt=end, kind=EventKind.DISPATCH).annotate(
        next_kind=Subquery(after.values("kind")[:1]), next_on_time=Subquery(after.values("on_time")[:1]))
    add(_grouped(dispatched, ekey, dispatches=Count("id"),
                 signed_on_time=Count("id", filter=Q(next_kind=EventKind.SIGN, next_on_time=True)),
                 returns=Count("id", filter=Q(next_kind=EventKind.RETURN))))
    calls = events.filter(time__gte=start, time__lt=end, kind=EventKind.CALLBACK)
    add(_grouped(calls, ekey,
                 callbacks=Count("id", filter=~Q(satisfaction=Satisfaction.UNREACHED)),
                 satisfied=Count("id", filter=Q(satisfaction__in=SATISFIED))))
    if model is not None:
        names = dict(model.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "name"))
        for key, row in rows.items():
            if key is not None:
                row.label = names.get(key, "")
            else:  # direct answers count for the centre that answered them
                row.label = str(_("12345 centre (direct answers)") if group_by == "department" else _("(none)"))
    else:
        for row in rows.values():
            row.label = str(_("Total"))
    return sorted(rows.values(), key=lambda r: (r.key is None, r.label))


def total(start: datetime.datetime, end: datetime.datetime, orders=None, events=None) -> KpiRow:
    rows = compute(start, end, None, orders, events)
    return rows[0] if rows else KpiRow(key=None, label=str(_("Total")))


def definitions() -> list[dict]:
    return [{"name": name, "label": str(label), "definition": str(text)} for name, (label, text) in
            DEFINITIONS.items()]
