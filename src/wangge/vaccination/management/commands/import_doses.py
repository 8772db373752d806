"""`wangge import_doses FILE`: dose records (id_number, dose_number, date, product, site) from CSV or .xlsx."""

from wangge.core.management.base import ImportCommand
from wangge.vaccination.imports import DoseImporter


class Command(ImportCommand):
    help = "Import vaccination doses; upsert by (ID number, dose number); doses may not go backwards."
    importer_class = DoseImporter
