from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class CampaignTable(Table):
    columns = [
        Column("name", _("Campaign"), order_by=["name"], link="labtests:campaign"),
        Column("region", _("Area"), accessor="region.name"),
        Column("start_date", _("First day"), order_by=["-start_date"]),
        Column("end_date", _("Last day")),
        Column("status", _("Status"), accessor="status_label"),
    ]
    default_ordering = ("-start_date", "name", "id")


class NotSampledTable(Table):
    """Residents not yet sampled in a campaign: what the grid worker needs to call or visit them."""

    columns = [
        Column("name", _("Name"), link="people:resident-detail"),
        Column("phone", _("Phone"), personal="phone"),
        Column("no_smartphone", _("No smartphone")),
        Column("age", _("Age")),
        Column("grid", _("Grid"), accessor="grid.name"),
        Column("address", _("Address")),
    ]
    default_ordering = ("-no_smartphone", "region_code", "name", "id")
