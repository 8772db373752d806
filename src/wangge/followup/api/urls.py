from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("followups", views.FollowUpViewSet)
router.register("tasks", views.TaskViewSet)
router.register("visits", views.VisitViewSet)

urlpatterns = router.urls
