from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("hotline/orders", views.WorkOrderViewSet, basename="hotline-order")
router.register("hotline/categories", views.CategoryViewSet, basename="hotline-category")
router.register("hotline/departments", views.DepartmentViewSet, basename="hotline-department")

urlpatterns = [
    path("hotline/kpis/", views.KpiView.as_view(), name="hotline-kpis"),
    path("hotline/suggest/", views.SuggestView.as_view(), name="hotline-suggest"),
    *router.urls,
]
