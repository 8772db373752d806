"""`wangge import_employees FILE`: load enterprises' rosters (formats.md "employees.csv")."""

from wangge.core.management.base import ImportCommand
from wangge.enterprises.actions import do_import_employees


class Command(ImportCommand):
    help = ("Import employees (uscc, id_number, name, phone, non_local, returned_at, from_place_code) from a CSV "
            "(UTF-8 or GBK) or .xlsx file; upsert by (uscc, id_number).")
    import_action = staticmethod(do_import_employees)
