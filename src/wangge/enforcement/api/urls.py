from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("enforcement-cases", views.ViolationCaseViewSet)
router.register("enforcement-measures", views.MeasureViewSet)

urlpatterns = router.urls
