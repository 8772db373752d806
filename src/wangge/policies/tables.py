from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class PolicyVersionTable(Table):
    """Policy versions, newest first, with who switched to each one and when (display names)."""

    columns = [
        Column("code", _("Code"), order_by=["code"], link="policies:detail"),
        Column("name", _("Name")),
        Column("effective_from", _("Effective from"), order_by=["effective_from"]),
        Column("effective_to", _("Effective until"), order_by=["effective_to"]),
        Column("status", _("Status"), accessor="get_status_display", order_by=["status"]),
        Column("applied_by", _("Activated by"), accessor="applied_by.__str__"),
        Column("applied_at", _("Activated at"), order_by=["applied_at"]),
    ]
    default_ordering = ("-effective_from", "code")
