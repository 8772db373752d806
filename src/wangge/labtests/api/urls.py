from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("labtests/campaigns", views.CampaignViewSet)
router.register("labtests/sites", views.SamplingSiteViewSet)
router.register("labtests/terminals", views.TerminalViewSet)
router.register("labtests/tubes", views.TubeViewSet)
router.register("labtests/samples", views.SampleViewSet)
router.register("labtests/controls", views.TemporaryControlViewSet)

urlpatterns = [
    path("labtests/sync/", views.SyncView.as_view(), name="labtests-sync"),
    path("labtests/scan/", views.ScanView.as_view(), name="labtests-scan"),
    path("labtests/results/", views.ResultsView.as_view(), name="labtests-results"),
    path("labtests/latest-negative/", views.LatestNegativeView.as_view(), name="labtests-latest-negative"),
    *router.urls,
]
