from rest_framework.routers import DefaultRouter

from .views import PolicyVersionViewSet

router = DefaultRouter()
router.register("policies", PolicyVersionViewSet, basename="policyversion")

urlpatterns = router.urls
