from django.urls import include, path

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.OrderListView.as_view(), name="orders"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("supervision/", views.SupervisionView.as_view(), name="supervision"),
    path("callbacks/", views.CallbackQueueView.as_view(), name="callbacks"),
    path("kpis/", views.KpiPageView.as_view(), name="kpis"),
    path("report/", views.DailyReportView.as_view(), name="report"),
    path("report.xlsx", views.daily_report_xlsx, name="report-xlsx"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order"),
    path("orders/<int:pk>/<str:transition>/", views.TransitionView.as_view(), name="transition"),
    path("suggest.json", views.suggest_json, name="suggest"),
    path("open311/v2/", include("wangge.hotline.open311_urls")),
]
