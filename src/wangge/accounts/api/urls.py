from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("users", views.UserViewSet, basename="user")

urlpatterns = [
    # username + password → {"token": ...}; send it as `Authorization: Token <key>`.
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    *router.urls,
]
