from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("add/", views.CaseEditView.as_view(), name="add"),
    path("punished/", views.PunishedListView.as_view(), name="punished"),
    path("measures/<int:pk>/report/", views.MeasureReportView.as_view(), name="measure-report"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CaseEditView.as_view(), name="edit"),
    path("<int:pk>/reveal/", views.CaseRevealView.as_view(), name="reveal"),
    path("<int:pk>/lift-form/", views.LiftFormView.as_view(), name="lift-form"),
    path("<int:pk>/<str:action>/", views.CaseActionView.as_view(), name="action"),
]
