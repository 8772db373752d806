from django.urls import path

from . import views

app_name = "checkpoints"

urlpatterns = [
    path("", views.CheckpointListView.as_view(), name="list"),
    path("add/", views.CheckpointEditView.as_view(), name="add"),
    path("check/", views.CheckPageView.as_view(), name="check-page"),
    path("check/sw.js", views.CheckWorkerView.as_view(), name="check-sw"),
    path("checks/", views.CheckListView.as_view(), name="checks"),
    path("checks/<int:pk>/", views.CheckDetailView.as_view(), name="check"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<str:code>/", views.CheckpointDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.CheckpointEditView.as_view(), name="edit"),
]
