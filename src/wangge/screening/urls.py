from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.ScreeningRunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.ScreeningRunDetailView.as_view(), name="run-detail"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("upload/template/", views.TemplateDownloadView.as_view(), name="upload-template"),
    path("upload/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("upload/<str:token>/rejected.csv", views.RejectedDownloadView.as_view(), name="upload-rejected"),
    path("areas/", views.RiskAreaInForceView.as_view(), name="riskarea-list"),
    path("areas/all/", views.RiskAreaListView.as_view(), name="riskarea-all"),
    path("areas/<str:code>/", views.RiskAreaHistoryView.as_view(), name="riskarea-history"),
]
