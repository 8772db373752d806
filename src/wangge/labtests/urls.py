from django.urls import path

from . import views

app_name = "labtests"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/not-sampled/", views.NotSampledListView.as_view(), name="not-sampled"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/sw.js", views.RegisterWorkerView.as_view(), name="register-sw"),
    path("tubes/<str:barcode>/", views.TubeDetailView.as_view(), name="tube"),
]
