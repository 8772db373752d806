"""The command centre's pages; each area keeps its routes in its own module so they grow apart."""

from . import urls_levels, urls_map, urls_report, urls_video

app_name = "dashboard"

urlpatterns = [*urls_levels.urlpatterns, *urls_map.urlpatterns, *urls_report.urlpatterns, *urls_video.urlpatterns]
