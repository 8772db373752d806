from django.urls import path

from . import views

# Included by enterprises/urls.py under "help/" (url names in the "enterprises" namespace).
urlpatterns: list = [
    path("", views.request_list, name="help-requests"),
    path("new/", views.request_add, name="help-request-add"),
    path("<int:pk>/", views.request_detail, name="help-request"),
    path("<int:pk>/confirm/", views.request_confirm, name="help-request-confirm"),
    path("<int:pk>/reopen/", views.request_reopen, name="help-request-reopen"),
]
