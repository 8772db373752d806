from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("checkpoints", views.CheckpointViewSet)
router.register("checkpoint-checks", views.CheckViewSet)

urlpatterns = [
    # Before the router: its detail route would read "sync" as a check's id.
    path("checkpoint-checks/sync/", views.CheckSyncView.as_view(), name="checkpoint-checks-sync"),
    path("checkpoints/<str:code>/checks/", views.CheckCreateView.as_view(), name="checkpoint-check"),
    *router.urls,
]
