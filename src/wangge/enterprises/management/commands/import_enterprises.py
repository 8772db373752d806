"""`wangge import_enterprises FILE`: load the enterprise and venue registry (formats.md "enterprises.csv")."""

from wangge.core.management.base import ImportCommand
from wangge.enterprises.actions import do_import_enterprises


class Command(ImportCommand):
    help = ("Import enterprises and venues (uscc, name, kind, above_scale, industry, region_code, address, "
            "contact_name, contact_phone, employees) from a CSV (UTF-8 or GBK) or .xlsx file.")
    import_action = staticmethod(do_import_enterprises)
