from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class ScreeningRunTable(Table):
    columns = [
        Column("created", _("Run at"), order_by=["created"], link="screening:run-detail"),
        Column("as_of", _("Screening time"), order_by=["as_of"]),
        Column("file_name", _("File")),
        Column("policy_code", _("Policy")),
        Column("records_read", _("Records read")),
        Column("records_rejected", _("Rejected")),
        Column("flags_high", _("High")),
        Column("flags_medium", _("Medium")),
        Column("flags_same_city", _("Same city")),
        Column("matched", _("Matched")),
        Column("routed", _("Routed")),
        Column("unroutable", _("Unroutable")),
        Column("user", _("Run by")),
    ]
    default_ordering = ("-created", "-id")


class FlagTable(Table):
    """Flags of a run; ID numbers and phones masked."""

    columns = [
        Column("name", _("Name"), order_by=["name"]),
        Column("id_number", _("ID number"), personal="id"),
        Column("phone", _("Phone"), personal="phone"),
        Column("category", _("Category"), accessor="get_category_display", order_by=["category"]),
        Column("area_name", _("Risk area"), link=lambda f: reverse("screening:riskarea-history", args=[f.area_code])),
        Column("area_code", _("Area code")),
        Column("place_code", _("Place code")),
        Column("arrived_at", _("Arrived at"), order_by=["arrived_at"]),
        Column("left_at", _("Left at")),
        Column("resident", _("Resident"), accessor="resident.name"),
        Column("grid", _("Grid"), accessor="grid.name", order_by=["region_code"]),
        Column("routed_to", _("Routed to"), accessor="routed_to.name"),
    ]
    default_ordering = ("person_key", "id")


class RiskAreaTable(Table):
    columns = [
        Column("area_name", _("Area"), link=lambda a: reverse("screening:riskarea-history", args=[a.area_code])),
        Column("area_code", _("Area code"), order_by=["area_code"]),
        Column("level", _("Risk level"), accessor="get_level_display", order_by=["level"]),
        Column("effective_from", _("Effective from"), order_by=["effective_from"]),
        Column("effective_to", _("Lifted at"), order_by=["effective_to"]),
    ]
    default_ordering = ("area_code", "effective_from", "id")
