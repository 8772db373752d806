"""`wangge import_checkpoints FILE`: load the checkpoint registry (卡口, formats.md "checkpoints.csv")."""

from wangge.checkpoints.actions import do_import_checkpoints
from wangge.core.management.base import ImportCommand


class Command(ImportCommand):
    help = ("Import checkpoints (code, name, kind, region_code[, address, lat, lon]) from a CSV (UTF-8 or GBK) or "
            ".xlsx file; upsert by code.")
    import_action = staticmethod(do_import_checkpoints)
