"""URL map: one include per app for pages, one per app under /api/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from wangge.core import views as core_views

APPS = ["accounts", "regions", "people", "policies", "screening", "followup", "labtests", "vaccination", "hotline",
        "dashboard", "checkpoints", "volunteers", "enterprises", "liaison", "inspections", "projects", "enforcement",
        "fishery", "services"]

api_patterns = [path("", include(f"wangge.{app}.api.urls")) for app in APPS]

urlpatterns = [
    path("", core_views.home, name="home"),
    *[path(f"{app}/", include(f"wangge.{app}.urls")) for app in APPS],
    path("api/", include(api_patterns)),
    # 晒单: the published practical projects of a village and quarter, and their evaluation, without login.
    path("public/projects/", include("wangge.projects.public_urls")),
    # Open311 GeoReport v2 for outside clients, at the path the spec's discovery documents use.
    path("open311/v2/", include("wangge.hotline.open311_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
