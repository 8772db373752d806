"""Open311 GeoReport v2 routes, mounted once, at /open311/v2/ (src/wangge/urls.py: the path the spec's discovery
documents use)."""

from django.urls import path, re_path

from . import open311

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery),
    re_path(r"^services" + FMT, open311.services),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, open311.service_definition),
    re_path(r"^requests" + FMT, open311.requests_view),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, open311.request_detail),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, open311.token),
    path("discovery", open311.discovery, {"fmt": "xml"}),
]
