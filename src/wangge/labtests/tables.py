from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


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
