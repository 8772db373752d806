"""A test-only page holding nothing but the map component, on top of the project's URLs (test_map_browser.py)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from wangge.core import clock
from wangge.regions import codes
from wangge.urls import urlpatterns as project_urlpatterns

PAGE = """{% load static %}<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>map</title></head><body>
{% include "dashboard/includes/map.html" with region=region level=level indicators=indicators %}
<script src="{% static 'vendor/echarts/echarts.min.js' %}" defer></script>
<script src="{% static 'dashboard/map.js' %}" defer></script></body></html>"""


def map_page(request):
    from wangge.dashboard import registry
    from wangge.dashboard.levels import indicator_json

    region = codes.page_region(request)
    level = request.GET.get("level") or codes.child_level(region.level) or region.level
    context = {"region": region, "level": level, "day": clock.today(),
               "indicators": [indicator_json(i) for i in registry.visible_to(request.user)]}
    return HttpResponse(engines["django"].from_string(PAGE).render(context, request))


urlpatterns = [path("test-map/", map_page), *project_urlpatterns]
