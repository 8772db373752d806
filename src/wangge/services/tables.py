"""The list pages' columns and their exports (core.views_generic.Table). ID numbers and phones are masked."""

from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


class ServiceItemTable(Table):
    columns = [
        Column("name", _("Service"), link="services:item", order_by=("name",)),
        Column("category", _("Category"), accessor="get_category_display"),
        Column("region", _("Community"), accessor="region.name", order_by=("region_code", "name")),
        Column("team", _("Provider team"), accessor="team.name"),
        Column("active", _("On the menu")),
        Column("description", _("Description")),
    ]
    default_ordering = ("region_code", "name", "id")


class OrderTable(Table):
    columns = [
        Column("ordered_at", _("Ordered at"), link="services:order", order_by=("ordered_at",)),
        Column("item", _("Service"), accessor="item.name"),
        Column("note", _("What is wanted")),
        Column("resident", _("Resident"), accessor="resident.name"),
        Column("id_number", _("ID number"), accessor="resident.id_number", personal="id"),
        Column("phone", _("Phone"), accessor="resident.phone", personal="phone"),
        Column("grid", _("Grid"), accessor="resident.grid.name", order_by=("region_code", "ordered_at")),
        Column("wanted_on", _("Wanted on"), order_by=("wanted_on",)),
        Column("status", _("Status"), accessor="get_status_display", order_by=("status", "ordered_at")),
        Column("team", _("Team"), accessor="team.name"),
        Column("volunteer", _("Volunteer"), accessor="volunteer.name"),
        Column("done_at", _("Done at")),
        Column("rating", _("Rating"), order_by=("rating",)),
        Column("rating_comment", _("Comment")),
    ]
    default_ordering = ("-ordered_at", "-id")


class ResidentOrderTable(Table):
    """The orders of one resident, on their page."""

    columns = [Column(c.name, c.label, accessor=c.accessor, personal=c.personal, link=c.link)
               for c in OrderTable.columns if c.name not in ("resident", "id_number", "phone", "grid")]
    default_ordering = ("-ordered_at", "-id")


class JobPostingTable(Table):
    columns = [
        Column("posted_on", _("Posted on"), link="services:posting", order_by=("posted_on",)),
        Column("employer", _("Employer"), accessor="employer_name", order_by=("employer_name",)),
        Column("title", _("Job")),
        Column("region", _("Community"), accessor="region.name"),
        Column("positions", _("Positions")),
        Column("wage_min", _("Monthly wage from (yuan)")),
        Column("wage_max", _("Monthly wage to (yuan)")),
        Column("placed", _("Placed"), accessor="n_placed"),
        Column("open", _("Open")),
    ]
    default_ordering = ("-posted_on", "-id")


class JobSeekerTable(Table):
    columns = [
        Column("name", _("Resident"), accessor="resident.name", link="services:seeker"),
        Column("id_number", _("ID number"), accessor="resident.id_number", personal="id"),
        Column("phone", _("Phone"), accessor="resident.phone", personal="phone"),
        Column("grid", _("Grid"), accessor="resident.grid.name", order_by=("region_code", "registered_on")),
        Column("landless", _("Landless"), order_by=("landless", "registered_on")),
        Column("skills", _("Skills")),
        Column("wanted_work", _("Work wanted")),
        Column("registered_on", _("Registered on"), order_by=("registered_on",)),
        Column("trainings", _("Trainings attended"), accessor="n_trainings"),
        Column("placed", _("Placed"), accessor="n_placed"),
        Column("active", _("Looking for work")),
    ]
    default_ordering = ("region_code", "-registered_on", "id")


class TrainingTable(Table):
    columns = [
        Column("date", _("Date"), link="services:training", order_by=("date",)),
        Column("title", _("Training")),
        Column("organiser", _("Organiser")),
        Column("region", _("Community"), accessor="region.name"),
        Column("place", _("Place")),
        Column("attended", _("Attended"), accessor="n_attended"),
    ]
    default_ordering = ("-date", "-id")


class AttendanceTable(Table):
    columns = [
        Column("name", _("Resident"), accessor="seeker.resident.name"),
        Column("id_number", _("ID number"), accessor="seeker.resident.id_number", personal="id"),
        Column("grid", _("Grid"), accessor="seeker.resident.grid.name"),
        Column("landless", _("Landless"), accessor="seeker.landless"),
        Column("training", _("Training"), accessor="training.title"),
        Column("date", _("Date"), accessor="training.date"),
    ]
    default_ordering = ("training_id", "id")


class PlacementTable(Table):
    columns = [
        Column("placed_on", _("Placed on"), order_by=("placed_on",)),
        Column("name", _("Resident"), accessor="seeker.resident.name",
               link=lambda p: p.get_absolute_url()),
        Column("id_number", _("ID number"), accessor="seeker.resident.id_number", personal="id"),
        Column("grid", _("Grid"), accessor="seeker.resident.grid.name", order_by=("region_code", "placed_on")),
        Column("landless", _("Landless"), accessor="seeker.landless"),
        Column("employer", _("Employer"), accessor="employer_name", order_by=("employer_name",)),
        Column("job", _("Job")),
        Column("monthly_wage", _("Monthly wage (yuan)"), order_by=("monthly_wage",)),
    ]
    default_ordering = ("-placed_on", "-id")
