"""The district daily report (信息日报) of a region and day: the page, its A4 print layout and the xlsx export.

`?region=CODE` (default the user's own region; outside the jurisdiction a 404) and `?day=YYYY-MM-DD` (default
today). A malformed day or a day still to come answers 400 with the reason and the day picker, never a 500."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views import View

from wangge.accounts.roles import COMMAND_CENTRE
from wangge.core import clock
from wangge.core.models import AccessKind, log_access
from wangge.core.views_generic import PermissionRequiredMixin
from wangge.regions import codes

from ..models import IndicatorValue
from ..params import BadParameter, day_param
from ..report import DailyReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ReportView(PermissionRequiredMixin, View):
    permission_required = COMMAND_CENTRE
    template_name = "dashboard/report.html"

    def get(self, request):
        region = codes.page_region(request)
        try:
            day = day_param(request.GET)
        except BadParameter as exc:
            return render(request, "dashboard/report_invalid.html", {
                "region": region, "error": exc.message, "today": clock.today(),
                "raw_day": (request.GET.get("day") or "")[:20]}, status=400)
        return self.answer(DailyReport(request.user, region, day))

    def context(self, report: DailyReport) -> dict:
        sections = []
        for section in report.sections():
            parts_html = [mark_safe(render_to_string(  # noqa: S308 — our own templates, autoescaped
                part.template, part.context(report.user, report.region, report.day), request=self.request))
                for part in section["parts"]]
            sections.append({**section, "parts_html": parts_html})
        day = report.day
        return {"report": report, "region": report.region, "day": day, "sections": sections,
                "by_region": report.by_region(), "headline": report.headline, "notes": report.notes(),
                "computed_at": report.computed_at(), "prev": day - datetime.timedelta(days=1),
                "next": day + datetime.timedelta(days=1) if day < clock.today() else None,
                "query": f"region={report.region.code}&day={day.isoformat()}", "today": clock.today()}

    def answer(self, report: DailyReport):
        return render(self.request, self.template_name, self.context(report))


class ReportView(_ReportView):
    """The report as a page, with the day picker, the print layout and the xlsx export."""


class ReportPrintView(_ReportView):
    """The same report laid out for A4 paper: no menu, a print stylesheet, charts without animation."""

    template_name = "dashboard/report_print.html"


class ReportXlsxView(_ReportView):
    """The same figures as an xlsx workbook; the export is written to the access log like every other export."""

    def answer(self, report: DailyReport):
        content = report.xlsx()
        # The sections exported (the indicator keys would not fit the log's field list) and the number of figures.
        log_access(AccessKind.EXPORT, IndicatorValue, fields=",".join(s["key"] for s in report.sections())[:200],
                   count=report.figure_count(), query=self.request.GET.urlencode(), masked=True)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="daily-report-{report.region.code}-{report.day:%Y%m%d}.xlsx"')
        return response
