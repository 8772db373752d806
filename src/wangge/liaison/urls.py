from django.urls import path

from . import views

app_name = "liaison"

urlpatterns: list = [
    path("", views.my_enterprises, name="my"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignments"),
    path("assignments/add/", views.AssignmentEditView.as_view(), name="assignment-add"),
    path("assignments/<int:pk>/", views.AssignmentEditView.as_view(), name="assignment-edit"),
    path("visits/", views.VisitListView.as_view(), name="visits"),
    path("visits/add/", views.visit_add, name="visit-add"),
    path("visits/<int:pk>/", views.VisitView.as_view(), name="visit"),
    path("problems/", views.ProblemListView.as_view(), name="problems"),
    path("problems/<int:pk>/solve/", views.problem_solve, name="problem-solve"),
    path("figures/", views.figures, name="figures"),
]
