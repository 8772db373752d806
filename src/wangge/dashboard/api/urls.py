"""The command centre's API; each area keeps its routes in its own module."""

from . import urls_levels, urls_map, urls_report, urls_video

urlpatterns = [*urls_levels.urlpatterns, *urls_map.urlpatterns, *urls_report.urlpatterns, *urls_video.urlpatterns]
