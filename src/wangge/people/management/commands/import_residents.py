"""`wangge import_residents FILE`: load residents and their households from residents.csv (formats.md)."""

from wangge.core.management.base import ImportCommand
from wangge.people.actions import do_import_residents


class Command(ImportCommand):
    help = "Import residents from a CSV or .xlsx file; upsert by ID number, households linked by household key."
    import_action = staticmethod(do_import_residents)
