"""URL patterns of the command centre: the monitoring points and the video wall (joined in dashboard/urls.py)."""

from django.urls import path

from .views import video

urlpatterns = [
    path("points/", video.MonitoringPointListView.as_view(), name="points"),
    path("points/add/", video.MonitoringPointEditView.as_view(), name="point-add"),
    path("points/<str:code>/", video.MonitoringPointDetailView.as_view(), name="point"),
    path("points/<str:code>/edit/", video.MonitoringPointEditView.as_view(), name="point-edit"),
    path("video/", video.VideoWallView.as_view(), name="video-wall"),
    path("video/demo/<path:name>", video.DemoClipView.as_view(), name="video-demo"),
]
