from django.urls import path

from wangge.core.views import AccessLogView

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("access-log/", AccessLogView.as_view(), name="access-log"),
]
