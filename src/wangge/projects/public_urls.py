"""The public project list (晒单) and its evaluation (评单): no login (formats.md, "The public project list")."""

from django.urls import path  # noqa: F401

app_name = "public-projects"

urlpatterns: list = []
