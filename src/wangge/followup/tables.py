"""The columns of the follow-up list pages and of their exports."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


def _person_url(obj):
    from django.urls import reverse

    return reverse("followup:detail", args=[obj.followup_id])


class FollowUpTable(Table):
    columns = [
        Column("name", _("Name"), order_by=["name"], link="followup:detail"),
        Column("id_number", _("ID number"), personal="id"),
        Column("category", _("Category"), accessor="get_category_display", order_by=["category"]),
        Column("measure", _("Measure"), accessor="measure_label", order_by=["measure"]),
        Column("start_date", _("Start"), order_by=["start_date"]),
        Column("end_date", _("End"), order_by=["end_date"]),
        Column("state", _("State"), accessor="get_state_display", order_by=["state"]),
        Column("grid", _("Grid"), accessor="place", order_by=["region_code"]),
    ]
    default_ordering = ("-opened_on", "-id")


class TaskTable(Table):
    columns = [
        Column("person", _("Name"), accessor="followup.name", link=_person_url),
        Column("kind", _("Kind"), accessor="get_kind_display", order_by=["kind"]),
        Column("due_at", _("Due"), order_by=["due_at"]),
        Column("state", _("State"), accessor="get_state_display", order_by=["state"]),
        Column("outcome", _("Outcome"), accessor="get_outcome_display"),
        Column("overdue", _("Overdue"), order_by=["-overdue", "due_at"]),
        Column("level", _("Responsible level"), accessor="get_level_display", order_by=["level"]),
        Column("grid", _("Grid"), accessor="followup.place"),
    ]
    default_ordering = ("due_at", "id")


class MyTaskTable(TaskTable):
    """The grid worker's cards: overdue first, then by deadline."""

    default_ordering = ("-overdue", "due_at", "id")


class MeasureTable(Table):
    columns = [
        Column("person", _("Name"), accessor="followup.name", link=_person_url),
        Column("grid", _("Grid"), accessor="followup.place"),
        Column("day_number", _("Day"), export=False),
        Column("start_date", _("From"), order_by=["start_date"]),
        Column("end_date", _("To"), order_by=["end_date"]),
        Column("next_test", _("Next test")),
        Column("state", _("State"), accessor="followup.get_state_display"),
    ]
    default_ordering = ("start_date", "id")
