from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class UnvaccinatedTable(Table):
    """The mobilisation list and its export: what the grid worker needs to call or visit someone."""

    columns = [
        Column("name", _("Name"), link="people:resident-detail"),
        Column("age", _("Age")),
        Column("phone", _("Phone"), personal="phone"),
        Column("grid", _("Grid"), accessor="grid.name"),
        Column("address", _("Address")),
        Column("exemption", _("Reason not vaccinated"), accessor="vaccination.get_exemption_display"),
        Column("no_smartphone", _("No smartphone")),
    ]
    default_ordering = ("region_code", "birth_date", "id")
