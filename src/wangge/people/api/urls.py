from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("residents", views.ResidentViewSet, basename="resident")
router.register("households", views.HouseholdViewSet, basename="household")

urlpatterns = router.urls
