from django.urls import path

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
    path("report.xlsx", views.DailyReportXlsxView.as_view(), name="report-xlsx"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order"),
    path("orders/<int:pk>/call/", views.CallerCallView.as_view(), name="order-call"),
    path("orders/<int:pk>/reveal/", views.CallerRevealView.as_view(), name="order-reveal"),
    path("orders/<int:pk>/<str:action>/", views.TransitionView.as_view(), name="transition"),
]
