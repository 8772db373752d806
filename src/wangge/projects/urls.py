from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("add/", views.ProjectEditView.as_view(), name="add"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="edit"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/milestones/", views.MilestonesView.as_view(), name="milestones"),
    path("<int:pk>/codes/", views.CodesView.as_view(), name="codes"),
    path("<int:pk>/evaluations/", views.EvaluationsView.as_view(), name="evaluations"),
]
