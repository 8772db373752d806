from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class WorkOrderTable(Table):
    """The work-order list and its export: names, not codes; the caller's number masked."""

    columns = [
        Column("number", _("Number"), order_by=["number"], link="hotline:order"),
        Column("received_at", _("Received"), order_by=["received_at"]),
        Column("category", _("Category"), accessor="category.name"),
        Column("content", _("Content")),
        Column("state", _("State"), accessor="get_state_display", order_by=["state"]),
        Column("department", _("Department"), accessor="department.name"),
        Column("place", _("Place"), accessor="region.name"),
        Column("due_at", _("Due"), order_by=["due_at"]),
        Column("caller_phone", _("Caller phone"), personal="phone"),
    ]
    default_ordering = ("-received_at", "-id")


class DueTable(WorkOrderTable):
    """Lists worked by deadline (inbox, supervision): soonest first."""

    default_ordering = ("due_at", "id")


class CallbackTable(WorkOrderTable):
    default_ordering = ("replied_at", "id")
