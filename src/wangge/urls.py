"""URL map: one include per app for pages, one per app under /api/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from wangge.core import views as core_views

api_patterns = [
    path("", include("wangge.regions.api.urls")),
    path("", include("wangge.people.api.urls")),
    path("", include("wangge.accounts.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("wangge.accounts.urls")),
    path("regions/", include("wangge.regions.urls")),
    path("people/", include("wangge.people.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
