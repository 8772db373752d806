"""The list pages' columns and their exports (core.views_generic.Table)."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class AssignmentTable(Table):
    columns = [
        Column("enterprise", _("Enterprise"), accessor="enterprise.name", link="liaison:assignment-edit",
               order_by=("region_code", "enterprise_id")),
        Column("region", _("Region"), accessor="enterprise.region.name"),
        Column("cadre", _("Cadre"), accessor="cadre"),
        Column("start_date", _("Start date"), order_by=("start_date",)),
        Column("end_date", _("End date"), order_by=("end_date",)),
        Column("note", _("Note")),
    ]
    default_ordering = ("region_code", "enterprise_id", "start_date")


class VisitTable(Table):
    columns = [
        Column("date", _("Date"), link="liaison:visit", order_by=("-date",)),
        Column("enterprise", _("Enterprise"), accessor="enterprise.name"),
        Column("cadre", _("Cadre"), accessor="cadre"),
        Column("checked", _("What was checked")),
        Column("help_given", _("Help given")),
        Column("materials", _("Materials handed over"), accessor="materials_text"),
        Column("problems", _("Problems and suggestions"), accessor="n_problems"),
    ]
    default_ordering = ("-date",)


class ProblemTable(Table):
    columns = [
        Column("collected_on", _("Collected on"), order_by=("collected_on",)),
        Column("enterprise", _("Enterprise"), accessor="enterprise.name"),
        Column("kind", _("Kind"), accessor="get_kind_display"),
        Column("text", _("Problem or suggestion"), link=lambda p: p.get_absolute_url()),
        Column("solved", _("Solved")),
        Column("solved_by", _("Solved by"), accessor="solved_by"),
        Column("solved_at", _("Solved at")),
        Column("solution", _("How it was solved")),
    ]
    default_ordering = ("solved", "-collected_on")
