from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class GridStaffTable(Table):
    columns = [
        Column("name", _("Name")),
        Column("role", _("Role"), accessor="get_role_display"),
        Column("party_role", _("Party role"), accessor="get_party_role_display"),
        Column("phone", _("Phone"), personal="phone"),
        Column("grid", _("Grid"), accessor="grid.name",
               link=lambda staff: reverse("regions:detail", args=[staff.grid.code])),
    ]


# The figures of the region tree, in display order: (key, label, people-list filter or None).
COUNT_COLUMNS = [
    ("residents", _("Residents"), ""),
    ("households", _("Households"), None),
    ("grids", _("Grids"), None),
    ("staff", _("Grid staff"), None),
    ("migrants", _("Migrants"), "residence_type=migrant"),
    ("elderly_offline", _("Elderly (60+) without a smartphone"), "no_smartphone=true&born_before={cutoff}"),
]
