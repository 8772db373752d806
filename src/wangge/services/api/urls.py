from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("services/menu", views.ServiceItemViewSet)
router.register("services/orders", views.OrderViewSet)
router.register("services/postings", views.JobPostingViewSet)
router.register("services/seekers", views.JobSeekerViewSet)
router.register("services/trainings", views.TrainingViewSet)
router.register("services/attendance", views.AttendanceViewSet)
router.register("services/placements", views.PlacementViewSet)

urlpatterns = router.urls
