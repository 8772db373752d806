from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("grid-staff", views.GridStaffViewSet, basename="gridstaff")

urlpatterns = router.urls
