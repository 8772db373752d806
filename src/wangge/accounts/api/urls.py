from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from wangge.core.api import APIRootView

from . import views

router = DefaultRouter()
router.APIRootView = APIRootView  # accounts is mounted first, so its root is /api/: let it list every app
router.register("users", views.UserViewSet, basename="user")

urlpatterns = [
    # username + password → {"token": ...}; send it as `Authorization: Token <key>`.
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    *router.urls,
]
