from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class ResidentTable(Table):
    """The resident list and its export. ID and phone are masked unless the user may reveal (exports only;
    the list page always masks, the detail page reveals on request)."""

    columns = [
        Column("name", _("Name"), order_by=["name"], link="people:resident-detail"),
        Column("id_number", _("ID number"), personal="id"),
        Column("phone", _("Phone"), personal="phone"),
        Column("sex", _("Sex"), accessor="get_sex_display"),
        Column("age", _("Age"), order_by=["-birth_date"]),
        Column("grid", _("Grid"), accessor="grid.name", order_by=["region_code", "name"]),
        Column("residence_type", _("Residence type"), accessor="get_residence_type_display",
               order_by=["residence_type"]),
        Column("household", _("Household"), accessor="household.key"),
    ]
    default_ordering = ("region_code", "name", "id")


class ResidentExportTable(ResidentTable):
    columns = [
        *ResidentTable.columns,
        Column("birth_date", _("Birth date")),
        Column("no_smartphone", _("No smartphone")),
        Column("address", _("Address")),
        Column("grid_code", _("Grid code"), accessor="region_code"),
    ]
