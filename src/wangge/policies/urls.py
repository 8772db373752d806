from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.VersionListView.as_view(), name="list"),
    path("new/", views.VersionYamlEditView.as_view(), name="create"),
    path("new/form/", views.VersionFormEditView.as_view(), name="create-form"),
    path("<int:pk>/", views.VersionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.VersionYamlEditView.as_view(), name="edit"),
    path("<int:pk>/form/", views.VersionFormEditView.as_view(), name="edit-form"),
    path("<int:pk>/switch/", views.VersionSwitchView.as_view(), name="switch"),
    path("<int:pk>/retire/", views.VersionRetireView.as_view(), name="retire"),
]
