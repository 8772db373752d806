from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.version_list, name="list"),
    path("new/", views.version_create, name="create"),
    path("<int:pk>/", views.version_detail, name="detail"),
    path("<int:pk>/edit/", views.version_edit, name="edit"),
    path("<int:pk>/switch/", views.version_switch, name="switch"),
    path("<int:pk>/retire/", views.version_retire, name="retire"),
]
