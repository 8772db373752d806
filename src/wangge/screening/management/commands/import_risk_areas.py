"""`wangge import_risk_areas FILE`: load risk-area designations from risk_areas.csv (formats.md)."""

from wangge.core.management.base import ImportCommand
from wangge.screening.imports import RiskAreaImporter


class Command(ImportCommand):
    help = ("Import risk-area designations (CSV or .xlsx); upsert by (area_code, level, effective_from). "
            "A downgrade is two rows: the high row ends, the medium row starts.")
    importer_class = RiskAreaImporter
