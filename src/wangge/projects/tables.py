"""The project list and its export."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class ProjectTable(Table):
    columns = [
        Column("title", _("Project"), order_by=["title"], link="projects:detail"),
        Column("region", _("Village / community"), accessor="region.name", order_by=["region_code", "title"]),
        Column("quarter", _("Quarter"), order_by=["-quarter", "region_code"]),
        Column("category", _("Category"), order_by=["category", "title"]),
        Column("responsible", _("Responsible person")),
        Column("budget", _("Budget (10,000 yuan)"), order_by=["budget"]),
        Column("planned_finish", _("Planned finish"), order_by=["planned_finish"]),
        Column("status", _("Status"), accessor="get_status_display", order_by=["status", "title"]),
        Column("progress", _("Progress (%)"), order_by=["progress"]),
        Column("published", _("Published")),
        Column("published_on", _("Published on")),
    ]
    default_ordering = ("region_code", "-quarter", "title", "id")
