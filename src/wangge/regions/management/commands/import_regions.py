"""`wangge import_regions FILE`: load the region tree from regions.csv (formats.md)."""

from wangge.core.management.base import ImportCommand
from wangge.regions.actions import do_import_regions


class Command(ImportCommand):
    help = "Import regions (code, name, level, parent_code) from a CSV or .xlsx file; upsert by code."
    import_action = staticmethod(do_import_regions)
