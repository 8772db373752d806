"""URL patterns of the command centre: the level pages, the big screen, the refresh."""

from django.urls import path

from .views import levels

urlpatterns = [
    path("", levels.LevelPageView.as_view(), name="level"),
    path("screen/", levels.ScreenPageView.as_view(), name="screen"),
    path("refresh/", levels.RefreshView.as_view(), name="refresh"),
]
