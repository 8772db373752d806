"""`wangge import_tube_results FILE`: lab results per tube; positive pools put their members under control."""

from django.utils.translation import gettext as _

from wangge.core.context import current_actor
from wangge.core.management.base import ImportCommand
from wangge.labtests.imports import TubeResultImporter


class Command(ImportCommand):
    help = "Import tube results (barcode, result, tested_at, lab) from CSV or .xlsx."
    importer_class = TubeResultImporter

    def make_importer(self, **options):
        self.importer = TubeResultImporter(user=current_actor())
        return self.importer

    def print_summary(self, result):
        super().print_summary(result)
        s = self.importer.summary
        self.stdout.write(_("Under temporary control: %(c)d; released: %(r)d; confirmed: %(f)d")
                          % {"c": s.controlled, "r": s.released, "f": s.confirmed})
