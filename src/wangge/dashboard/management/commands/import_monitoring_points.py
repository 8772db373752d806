"""`wangge import_monitoring_points FILE`: load the monitoring points (视频监控点, docs/用户手册.md 8.6a)."""

from wangge.core.management.base import ImportCommand
from wangge.dashboard.actions import do_import_monitoring_points


class Command(ImportCommand):
    help = ("Import monitoring points (code, name, kind, region_code, stream_url[, sampling_site, lat, lon]) from a "
            "CSV or .xlsx file; upsert by code.")
    import_action = staticmethod(do_import_monitoring_points)
