from django.urls import include, path  # noqa: F401

app_name = "enterprises"

urlpatterns: list = [
    # 海企通 help requests (helpdesk/urls.py), in this namespace.
    path("help/", include("wangge.enterprises.helpdesk.urls")),
]
