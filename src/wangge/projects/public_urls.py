"""The public project list (晒单) and its evaluation (评单): no login (formats.md, "The public project list")."""

from django.urls import path

from . import public_views

app_name = "public-projects"

urlpatterns = [
    path("<str:region_code>/<str:quarter>.json", public_views.PublicJsonView.as_view(), name="json"),
    path("<str:region_code>/<str:quarter>/", public_views.PublicPageView.as_view(), name="page"),
]
