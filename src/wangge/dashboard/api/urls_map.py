"""API routes of the command centre: map (joined in dashboard/api/urls.py)."""

from django.urls import path

from . import map as map_api

urlpatterns: list = [
    path("dashboard/map/", map_api.MapView.as_view(), name="dashboard-map"),
]
