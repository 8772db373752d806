"""`wangge import_volunteers FILE`: volunteers (formats.md, volunteers.csv) from CSV or .xlsx; upsert by ID number,
teams created in their village/community when new."""

from wangge.core.management.base import ImportCommand
from wangge.volunteers.imports import VolunteerImporter


class Command(ImportCommand):
    help = "Import volunteers; upsert by ID number; a new team is created in the volunteer's village/community."
    importer_class = VolunteerImporter
