"""API routes of the command centre: the figures of a level and the big screen's data."""

from django.urls import path

from . import levels

urlpatterns = [
    path("dashboard/figures/", levels.FiguresView.as_view(), name="dashboard-figures"),
    path("dashboard/screen/", levels.ScreenDataView.as_view(), name="dashboard-screen-data"),
]
