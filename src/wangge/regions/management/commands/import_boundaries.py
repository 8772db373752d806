"""`wangge import_boundaries FILE.geojson`: region boundaries from a GeoJSON FeatureCollection (formats.md)."""

from django.utils.translation import gettext as _

from wangge.core.management.base import ActingCommand, ImportCommand
from wangge.regions.actions import do_import_boundaries

SHOWN_CODES = 20


class Command(ImportCommand):
    help = ("Import region boundaries from a GeoJSON FeatureCollection: each feature's properties.code names a "
            "region, its Polygon/MultiPolygon replaces that region's boundary. Other codes are skipped and listed; "
            "invalid geometries go to the rejected-rows file.")
    import_action = staticmethod(do_import_boundaries)

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="GeoJSON FeatureCollection (UTF-8), longitude/latitude")
        parser.add_argument("--rejected", metavar="PATH",
                            help="where to write rejected features (default: FILE.rejected.csv next to the input)")
        parser.add_argument("--no-progress", action="store_true", help="accepted for symmetry; nothing to show")
        ActingCommand.add_arguments(self, parser)

    def print_summary(self, result):
        if result.skipped_codes:
            codes = result.skipped_codes
            shown = "、".join(codes[:SHOWN_CODES]) + (_(" 等") if len(codes) > SHOWN_CODES else "")
            self.stdout.write(_("已跳过 %(count)d 个不属于本系统区域的要素，编码：%(codes)s")
                              % {"count": result.skipped, "codes": shown})
        self.stdout.write(
            _("读取 %(read)d 个要素：新增 %(imported)d，更新 %(updated)d，未变 %(unchanged)d，拒绝 %(rejected)d，"
              "跳过 %(skipped)d") % {"read": result.read, "imported": result.imported, "updated": result.updated,
                                     "unchanged": result.unchanged, "rejected": result.rejected,
                                     "skipped": result.skipped})
        if result.rejected_path:
            self.stdout.write(_("被拒绝的要素及原因已写入：%(path)s") % {"path": result.rejected_path})
