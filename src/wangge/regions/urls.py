from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionView.as_view(), name="tree"),
    path("<str:code>/", views.RegionView.as_view(), name="detail"),
]
