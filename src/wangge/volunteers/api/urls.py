from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("volunteers/teams", views.TeamViewSet)
router.register("volunteers/people", views.VolunteerViewSet)
router.register("volunteers/posts", views.PostViewSet)
router.register("volunteers/shifts", views.ShiftViewSet)
router.register("volunteers/sign-ups", views.SignUpViewSet)
router.register("volunteers/deployments", views.CadreDeploymentViewSet)
router.register("volunteers/my", views.MyDutyViewSet, basename="volunteers-my")

urlpatterns = router.urls
