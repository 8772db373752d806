from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("liaison/assignments", views.AssignmentViewSet, basename="liaison-assignment")
router.register("liaison/visits", views.VisitViewSet, basename="liaison-visit")
router.register("liaison/problems", views.ProblemViewSet, basename="liaison-problem")
router.register("help-requests", views.HelpRequestViewSet, basename="help-request")

urlpatterns = router.urls
