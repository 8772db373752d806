from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("residents/", views.ResidentListView.as_view(), name="resident-list"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("residents/<int:pk>/reveal/", views.ResidentRevealView.as_view(), name="resident-reveal"),
    path("residents/<int:pk>/call/", views.ResidentCallView.as_view(), name="resident-call"),
]
