"""API routes of the command centre: the monitoring points, their map layer and heartbeats (joined in
dashboard/api/urls.py)."""

from rest_framework.routers import DefaultRouter

from . import video

router = DefaultRouter()
router.include_root_view = False  # /api/ is the project's root (core.api.APIRootView)
router.register("monitoring-points", video.MonitoringPointViewSet, basename="monitoringpoint")

urlpatterns: list = [*router.urls]
