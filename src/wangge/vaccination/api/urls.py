from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("vaccination/products", views.VaccineProductViewSet)
router.register("vaccination/sites", views.VaccinationSiteViewSet)
router.register("vaccination/doses", views.DoseViewSet)
router.register("vaccination/coverage", views.CoverageViewSet, basename="vaccination-coverage")

urlpatterns = router.urls
