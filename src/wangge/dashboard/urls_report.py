"""URL patterns of the command centre: the daily report (信息日报), its print layout and xlsx (joined in
dashboard/urls.py)."""

from django.urls import path

from .views import report

urlpatterns = [
    path("report/", report.ReportView.as_view(), name="report"),
    path("report/print/", report.ReportPrintView.as_view(), name="report-print"),
    path("report/xlsx/", report.ReportXlsxView.as_view(), name="report-xlsx"),
]
