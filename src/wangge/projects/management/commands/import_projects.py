"""`wangge import_projects FILE`: practical projects (我为群众办实事, formats.md "projects.csv")."""

from wangge.core.management.base import ImportCommand
from wangge.projects.actions import do_import_projects


class Command(ImportCommand):
    help = ("Import practical projects (region_code, quarter, title[, category, description, responsible, "
            "planned_finish, budget, status, progress]) from a CSV (UTF-8 or GBK) or .xlsx file; creates and updates "
            "by region, quarter and title.")
    import_action = staticmethod(do_import_projects)
