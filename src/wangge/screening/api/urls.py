from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("risk-areas", views.RiskAreaViewSet, basename="riskarea")
router.register("screening-runs", views.ScreeningRunViewSet, basename="screeningrun")
router.register("flags", views.FlagViewSet, basename="flag")

urlpatterns = router.urls
