from django.urls import path  # noqa: F401

# Included by enterprises/urls.py under "help/" (url names in the "enterprises" namespace).
urlpatterns: list = []
