"""Tables of the checkpoint lists and their exports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


def checkpoint_url(checkpoint) -> str:
    return reverse("checkpoints:detail", args=[checkpoint.code])


class CheckpointTable(Table):
    columns = [
        Column("code", _("Checkpoint code"), order_by=["code"], link=checkpoint_url),
        Column("name", _("Name"), order_by=["name"], link=checkpoint_url),
        Column("kind", _("Kind"), accessor="get_kind_display", order_by=["kind", "code"]),
        Column("region", _("Region"), accessor="region.name", order_by=["region_code", "code"]),
        Column("address", _("Address")),
        Column("monitoring_point", _("Monitoring point"), accessor="monitoring_point.name"),
        Column("active", _("In use")),
    ]
    default_ordering = ("region_code", "code", "id")


class CheckTable(Table):
    """Checks as a cadre reads them; ID numbers and phones masked (the export too, unless the user may reveal)."""

    columns = [
        Column("checked_at", _("Checked at"), order_by=["-checked_at"], link="checkpoints:check"),
        Column("checkpoint", _("Checkpoint"), accessor="checkpoint.name"),
        Column("name", _("Name")),
        Column("id_number", _("ID number"), personal="id"),
        Column("phone", _("Phone"), personal="phone"),
        Column("vehicle_plate", _("Vehicle plate")),
        Column("health_code", _("Health code"), accessor="get_health_code_display"),
        Column("itinerary_star", _("Itinerary star")),
        Column("temperature", _("Temperature (°C)")),
        Column("hours_since_negative", _("Hours since the negative test"), accessor="hours_since_negative_display"),
        Column("decision", _("Decision"), accessor="get_decision_display", order_by=["decision", "-checked_at"]),
        Column("entered", _("Entered anyway")),
        Column("followup", _("Follow-up"), accessor="followup_id"),
        Column("checked_by", _("Checked by"), accessor="checked_by"),
        Column("reasons", _("Reasons"), accessor="reasons_text"),
    ]
    default_ordering = ("-checked_at", "-id")
