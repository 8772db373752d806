"""The daily information report (信息日报): volume, KPIs, departments, hot topics and notable cases of one day.

Every figure is a grouped count over one day's rows (a few thousand orders), so the report takes well under
two seconds even on a million-order history.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _lazy

from wangge.core import clock

from . import kpis
from .choices import DISSATISFIED, OPEN_STATES, Channel, EventKind, State, Urgency
from .models import Category, Event, WorkOrder


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return clock.start_of(day), clock.start_of(day + datetime.timedelta(days=1))


def _counts(qs, field: str) -> dict:
    return dict(qs.values_list(field).order_by().annotate(n=Count("id")).values_list(field, "n"))


def hot_keywords(today_qs, yesterday_qs, limit: int = 15) -> list[dict]:
    """Most frequent jieba keywords today (one count per order), with the rise over yesterday."""
    def count(qs):
        counter: Counter[str] = Counter()
        for text in qs.values_list("tokens", flat=True).iterator(chunk_size=2000):
            counter.update(set(word for word in text.split() if len(word) > 1))
        return counter

    today, yesterday = count(today_qs), count(yesterday_qs)
    ranked = sorted(today.items(), key=lambda kv: (-(kv[1] - yesterday.get(kv[0], 0)), -kv[1]))
    top = sorted(today.items(), key=lambda kv: -kv[1])[:limit]
    rising = [kv for kv in ranked if kv[1] - yesterday.get(kv[0], 0) > 0][:limit]
    words = dict(top)
    words.update(rising)
    rows = [{"word": w, "today": n, "yesterday": yesterday.get(w, 0), "rise": n - yesterday.get(w, 0)}
            for w, n in words.items()]
    return sorted(rows, key=lambda r: (-r["rise"], -r["today"]))[:limit]


def daily_report(day: datetime.date, orders=None) -> dict:
    orders = orders if orders is not None else WorkOrder.objects.all()
    start, end = day_bounds(day)
    prev_start = start - datetime.timedelta(days=1)
    today = orders.filter(received_at__gte=start, received_at__lt=end)
    yesterday = orders.filter(received_at__gte=prev_start, received_at__lt=start)

    channel_counts = _counts(today, "channel")
    channels = [{"code": code, "name": str(label), "count": channel_counts.get(code, 0)}
                for code, label in Channel.choices]
    cat_today, cat_prev = _counts(today, "category_id"), _counts(yesterday, "category_id")
    names = dict(Category.objects.values_list("pk", "name"))
    categories = sorted(({"name": names.get(pk, ""), "count": cat_today.get(pk, 0), "yesterday": cat_prev.get(pk, 0),
                          "rise": cat_today.get(pk, 0) - cat_prev.get(pk, 0)}
                         for pk in set(cat_today) | set(cat_prev)), key=lambda r: -r["count"])

    total = kpis.total(start, end, orders=orders)
    # The centre's own row (key None) carries its direct answers: they count for the one who answered.
    by_department = [{"name": row.label, "new": row.counts["dispatches"], "finished": row.counts["finished"],
                      "overdue": row.counts["open_overdue"], "on_time_rate": row.on_time_rate,
                      "centre": row.key is None}
                     for row in kpis.compute(start, end, "department", orders=orders)]

    related = "category", "department"
    events_today = Event.objects.filter(time__gte=start, time__lt=end)
    if orders.query.where:
        events_today = events_today.filter(order__in=orders.values("pk"))
    notable = {
        "urgent": list(today.filter(urgency=Urgency.URGENT).select_related(*related)[:10]),
        "supervised": list(orders.filter(Q(supervised=True) | Q(urged=True), state__in=OPEN_STATES)
                           .select_related(*related).order_by("due_at")[:10]),
        "dissatisfied": list(orders.filter(pk__in=events_today.filter(
            kind=EventKind.CALLBACK, satisfaction__in=DISSATISFIED).values("order_id")).select_related(*related)[:10]),
        "overdue": list(orders.filter(state__in=OPEN_STATES, due_at__lt=end, received_at__lt=end)
                        .select_related(*related).order_by("due_at")[:10]),
    }
    return {
        "day": day, "start": start, "end": end,
        "received": sum(channel_counts.values()), "received_yesterday": yesterday.count(),
        "answered": today.filter(state=State.ANSWERED).count(),
        "channels": channels, "categories": categories, "kpi": total, "definitions": kpis.definitions(),
        "by_department": by_department, "keywords": hot_keywords(today, yesterday),
        "rising_categories": [c for c in categories if c["rise"] > 0][:5], "notable": notable,
    }


def section_context(day: datetime.date, orders) -> dict:
    """What the report's section template (hotline/_report_section.html) draws: the figures and the charts' data
    (the charts draw the same rows as the tables beside them). The hotline's page and the district daily report's
    hotline section both render it."""
    report = daily_report(day, orders=orders)
    chart = {"channels": [{"name": c["name"], "value": c["count"]} for c in report["channels"]],
             "categories": [[c["name"], c["count"], c["yesterday"]] for c in report["categories"][:12]],
             "keywords": [[k["word"], k["today"], k["yesterday"]] for k in report["keywords"]]}
    return {"r": report, "chart": chart}


NOTABLE_LABELS = {"urgent": _lazy("Urgent"), "supervised": _lazy("Urged or supervised"),
                  "dissatisfied": _lazy("Dissatisfied callbacks"), "overdue": _lazy("Overdue")}


def _cell(name: str, value):
    """A KPI as the sheet shows it: rates as percentages with one decimal, "—" when there was nothing to count."""
    if name.endswith("_rate"):
        return kpis.format_rate(value)
    return "—" if value is None else value


def report_xlsx(report: dict) -> bytes:
    """The report as an xlsx workbook (one sheet per section)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    add_sheets(wb, report, first=wb.active)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def add_sheets(wb, report: dict, *, prefix: str = "", first=None) -> None:
    """The report's sheets (summary, channels, categories, departments, hot topics, notable cases) added to `wb`;
    `prefix` goes before each sheet's title (the district daily report's copy), `first` is reused for the summary."""
    from django.utils.translation import gettext as _
    from openpyxl.styles import Font

    def titled(title):
        return f"{prefix}{title}"[:31]

    if first is not None:
        ws = first
        ws.title = titled(_("Summary"))
    else:
        ws = wb.create_sheet(titled(_("Summary")))
    ws.append([_("12345 hotline daily information report"), report["day"].isoformat()])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Received"), report["received"], _("Yesterday"), report["received_yesterday"]])
    ws.append([_("Answered directly"), report["answered"]])
    ws.append([])
    ws.append([_("Indicator"), _("Value"), _("Definition")])
    kpi = report["kpi"]
    for item in report["definitions"]:
        ws.append([item["label"], _cell(item["name"], getattr(kpi, item["name"])), item["definition"]])

    def sheet(title, header, rows):
        s = wb.create_sheet(titled(title))
        s.append(header)
        for row in rows:
            s.append(row)

    sheet(_("Channels"), [_("Channel"), _("Orders")], [[c["name"], c["count"]] for c in report["channels"]])
    sheet(_("Categories"), [_("Category"), _("Today"), _("Yesterday"), _("Rise")],
          [[c["name"], c["count"], c["yesterday"], c["rise"]] for c in report["categories"]])
    sheet(_("Departments"), [_("Department"), _("Dispatched"), _("Finished"), _("Overdue"), _("On-time rate")],
          [[d["name"], d["new"], d["finished"], d["overdue"], kpis.format_rate(d["on_time_rate"])]
           for d in report["by_department"]])
    sheet(_("Hot topics"), [_("Keyword"), _("Today"), _("Yesterday"), _("Rise")],
          [[k["word"], k["today"], k["yesterday"], k["rise"]] for k in report["keywords"]])
    notable_rows = []
    for kind, orders in report["notable"].items():
        for o in orders:
            notable_rows.append([str(NOTABLE_LABELS[kind]), o.number, o.category.name, o.get_state_display(),
                                 o.department.name if o.department_id else "", o.content[:100]])
    sheet(_("Notable cases"), [_("Kind"), _("Number"), _("Category"), _("State"), _("Department"), _("Content")],
          notable_rows)
