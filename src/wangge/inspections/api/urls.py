from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("inspections", views.InspectionViewSet)
router.register("inspection-findings", views.FindingViewSet)
router.register("checklists", views.ChecklistViewSet)
router.register("closure-notices", views.NoticeViewSet)
router.register("notice-deliveries", views.DeliveryViewSet)

urlpatterns = [
    path("inspection-findings/<int:pk>/close/", views.FindingCloseView.as_view(), name="inspection-finding-close"),
    *router.urls,
]
