"""The list pages' columns and their exports (core.views_generic.Table)."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


def _shift_url(signup) -> str:
    return signup.get_absolute_url()


class TeamTable(Table):
    """Teams with their people and, over the page's period, shifts, hours and no-shows."""

    columns = [
        Column("name", _("Team"), link="volunteers:team", order_by=("name",)),
        Column("region", _("Village/community"), accessor="region.name", order_by=("region_code", "name")),
        Column("party_branch", _("Party branch")),
        Column("leader", _("Team leader"), accessor="leader.name"),
        Column("members", _("Members"), accessor="n_members"),
        Column("shifts", _("Shifts"), accessor="n_shifts"),
        Column("hours", _("Hours recorded"), accessor="n_hours"),
        Column("approved", _("Hours approved"), accessor="n_approved"),
        Column("no_shows", _("No-shows"), accessor="n_no_shows"),
    ]
    default_ordering = ("region_code", "name", "id")


class VolunteerTable(Table):
    columns = [
        Column("name", _("Name"), link="volunteers:volunteer", order_by=("name",)),
        Column("kind", _("Kind"), accessor="get_kind_display"),
        Column("id_number", _("ID number"), personal="id"),
        Column("phone", _("Phone"), personal="phone"),
        Column("age", _("Age")),
        Column("team", _("Team"), accessor="team.name"),
        Column("region", _("Serves in"), accessor="region.name", order_by=("region_code", "name")),
        Column("party_member", _("Party member")),
        Column("skills", _("Skills")),
    ]
    default_ordering = ("region_code", "name", "id")


class VolunteerHoursTable(Table):
    """Hours per person over the page's period."""

    columns = [
        Column("name", _("Name"), link="volunteers:volunteer", order_by=("name",)),
        Column("kind", _("Kind"), accessor="get_kind_display"),
        Column("team", _("Team"), accessor="team.name"),
        Column("region", _("Serves in"), accessor="region.name", order_by=("region_code", "name")),
        Column("shifts", _("Shifts"), accessor="n_shifts"),
        Column("hours", _("Hours recorded"), accessor="n_hours"),
        Column("approved", _("Hours approved"), accessor="n_approved"),
        Column("no_shows", _("No-shows"), accessor="n_no_shows"),
    ]
    default_ordering = ("region_code", "name", "id")


class PostTable(Table):
    columns = [
        Column("name", _("Post"), link="volunteers:post", order_by=("name",)),
        Column("kind", _("Kind"), accessor="get_kind_display"),
        Column("place", _("Checkpoint or sampling site"), accessor="place"),
        Column("region", _("Region"), accessor="region.name", order_by=("region_code", "name")),
        Column("team", _("Team on duty"), accessor="team.name"),
        Column("headcount", _("People per shift")),
        Column("active", _("In use")),
    ]
    default_ordering = ("region_code", "name", "id")


class ShiftTable(Table):
    columns = [
        Column("post", _("Post"), accessor="post.name"),
        Column("start", _("Starts"), link="volunteers:shift", order_by=("start",)),
        Column("end", _("Ends")),
        Column("needed", _("People needed")),
        Column("filled", _("On the plan"), accessor="n_filled"),
        Column("team", _("Team"), accessor="team.name"),
    ]
    default_ordering = ("start", "id")


class SignUpHoursTable(Table):
    """Attendance and hours, one row per person per shift."""

    columns = [
        Column("volunteer", _("Name"), accessor="volunteer.name"),
        Column("team", _("Team"), accessor="volunteer.team.name"),
        Column("post", _("Post"), accessor="shift.post.name"),
        Column("start", _("Starts"), link=_shift_url, order_by=("start",)),
        Column("end", _("Ends")),
        Column("checked_in", _("Checked in"), accessor="checked_in_at"),
        Column("checked_out", _("Checked out"), accessor="checked_out_at"),
        Column("hours", _("Hours recorded")),
        Column("approved_hours", _("Hours approved")),
        Column("approved_by", _("Approved by"), accessor="approved_by"),
    ]
    default_ordering = ("-start", "-id")


class NoShowTable(Table):
    columns = [
        Column("volunteer", _("Name"), accessor="volunteer.name"),
        Column("phone", _("Phone"), accessor="volunteer.phone", personal="phone"),
        Column("team", _("Team"), accessor="volunteer.team.name"),
        Column("post", _("Post"), accessor="shift.post.name"),
        Column("start", _("Starts"), link=_shift_url, order_by=("start",)),
        Column("end", _("Ends")),
        Column("source", _("How"), accessor="get_source_display"),
    ]
    default_ordering = ("-start", "-id")


class CadreSignUpTable(Table):
    """The report back to a department: each shift of its cadres sent down."""

    columns = [
        Column("department", _("Home department"), accessor="volunteer.deployment.department"),
        Column("cadre", _("Cadre"), accessor="volunteer.name"),
        Column("village", _("Village/community"), accessor="volunteer.region.name"),
        Column("post", _("Post"), accessor="shift.post.name"),
        Column("start", _("Starts"), link=_shift_url, order_by=("start",)),
        Column("end", _("Ends")),
        Column("checked_in", _("Checked in"), accessor="checked_in_at"),
        Column("checked_out", _("Checked out"), accessor="checked_out_at"),
        Column("hours", _("Hours recorded")),
        Column("approved_hours", _("Hours approved")),
    ]
    default_ordering = ("start", "id")


class DeploymentTable(Table):
    columns = [
        Column("cadre", _("Cadre"), accessor="cadre"),
        Column("department", _("Home department"), order_by=("department",)),
        Column("region", _("Village/community"), accessor="region.name", order_by=("region_code",)),
        Column("start_date", _("From"), order_by=("start_date",)),
        Column("end_date", _("Until")),
        Column("status", _("Status"), accessor="get_status_display"),
        Column("decided_by", _("Decided by"), accessor="decided_by"),
    ]
    default_ordering = ("-start_date", "-id")
