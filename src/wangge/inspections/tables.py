"""Tables of the inspection lists and their exports."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class InspectionTable(Table):
    columns = [
        Column("inspected_on", _("Inspected on"), order_by=["-inspected_on"], link="inspections:detail"),
        Column("enterprise", _("Enterprise or venue"), accessor="enterprise.name", link="inspections:detail"),
        Column("kind", _("Kind"), accessor="enterprise.get_kind_display"),
        Column("region", _("Region"), accessor="enterprise.region.name", order_by=["region_code", "-inspected_on"]),
        Column("checklist", _("Checklist"), accessor="checklist"),
        Column("first", _("Re-inspection of"), accessor="first_id"),
        Column("state", _("State"), accessor="get_state_display", order_by=["state", "-inspected_on"]),
        Column("inspector", _("Inspector"), accessor="inspector"),
    ]
    default_ordering = ("-inspected_on", "-id")


class FindingTable(Table):
    columns = [
        Column("enterprise", _("Enterprise or venue"), accessor="enterprise.name", link="inspections:finding"),
        Column("item", _("Item"), accessor="item.text", link="inspections:finding"),
        Column("description", _("Problem found")),
        Column("deadline", _("Fix by"), order_by=["deadline"]),
        Column("responsible", _("Responsible person")),
        Column("state", _("State"), accessor="get_state_display", order_by=["state", "deadline"]),
        Column("overdue", _("Overdue")),
        Column("level", _("Responsible level"), accessor="level_label"),
        Column("closed_at", _("Closed at"), order_by=["-closed_at"]),
    ]
    default_ordering = ("state", "deadline", "id")


class ChecklistTable(Table):
    columns = [
        Column("code", _("Checklist code"), order_by=["code", "-version"], link="inspections:checklist"),
        Column("name", _("Name"), link="inspections:checklist"),
        Column("version", _("Version")),
        Column("active", _("In use")),
    ]
    default_ordering = ("code", "-version", "id")


class NoticeTable(Table):
    columns = [
        Column("title", _("Title"), link="inspections:notice"),
        Column("region", _("Area"), accessor="region.name"),
        Column("scope", _("Scope"), accessor="get_scope_display"),
        Column("effective_from", _("In force from"), order_by=["-effective_from"]),
        Column("effective_until", _("In force until")),
        Column("delivered", _("Delivered"), accessor="delivered_count", export=False),
        Column("to_deliver", _("To deliver"), accessor="to_deliver_count", export=False),
    ]
    default_ordering = ("-effective_from", "-id")


class DeliveryTable(Table):
    columns = [
        Column("notice", _("Notice"), accessor="notice.title", link="inspections:delivery"),
        Column("enterprise", _("Venue"), accessor="enterprise.name", link="inspections:delivery"),
        Column("region", _("Region"), accessor="enterprise.region.name", order_by=["region_code"]),
        Column("delivered_at", _("Delivered at"), order_by=["-delivered_at"]),
        Column("signer_name", _("Signed for by")),
        Column("delivered_by", _("Delivered by"), accessor="delivered_by"),
    ]
    default_ordering = ("notice", "region_code", "id")
