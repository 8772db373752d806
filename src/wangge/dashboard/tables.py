"""Tables of the command centre's list pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


def point_url(point) -> str:
    return reverse("dashboard:point", args=[point.code])


class MonitoringPointTable(Table):
    columns = [
        Column("code", _("Point code"), order_by=["code"], link=point_url),
        Column("name", _("Name"), order_by=["name"], link=point_url),
        Column("kind", _("Kind"), accessor="get_kind_display", order_by=["kind", "code"]),
        Column("region", _("Region"), accessor="region.name", order_by=["region_code", "code"]),
        Column("status", _("Status"), accessor="status_label"),
        Column("last_heartbeat_at", _("Last heartbeat"), order_by=["-last_heartbeat_at"]),
        Column("sampling_site", _("Sampling site"), accessor="sampling_site.name"),
        Column("active", _("In use")),
        Column("stream_url", _("Stream URL")),
    ]
    default_ordering = ("region_code", "code", "id")
