"""Tables of the joint-punishment lists and their exports (ID numbers and phones masked)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.views_generic import Column, Table


def case_url(case) -> str:
    return reverse("enforcement:detail", args=[case.pk])


def measure_case_url(measure) -> str:
    return reverse("enforcement:detail", args=[measure.case_id]) + f"#measure-{measure.pk}"


class ViolationCaseTable(Table):
    columns = [
        Column("number", _("Case number"), order_by=["number"], link=case_url),
        Column("kind", _("Kind"), accessor="get_kind_display", order_by=["kind", "-found_on"]),
        Column("place", _("Place"), link=case_url),
        Column("region", _("Region"), accessor="region.name", order_by=["region_code", "-found_on"]),
        Column("party_name", _("Party"), order_by=["party_name"]),
        Column("party_id_number", _("ID number or credit code"), personal="id"),
        Column("party_phone", _("Phone"), personal="phone"),
        Column("found_on", _("Found on"), order_by=["-found_on"]),
        Column("phase", _("Phase"), accessor="get_phase_display", order_by=["phase", "-found_on"]),
        Column("phase_since", _("In this phase since"), order_by=["-phase_since"]),
        Column("due_on", _("Next step due on"), order_by=["due_on"]),
        Column("correction", _("Correction"), accessor="get_correction_display"),
        Column("demolition_hours", _("Demolition took (hours)")),
    ]
    default_ordering = ("-found_on", "-id")


class MeasureTable(Table):
    """The list of parties under punishment, one row per department's measure."""

    columns = [
        Column("case", _("Case number"), accessor="case.number", order_by=["case_id"], link=measure_case_url),
        Column("party", _("Party"), accessor="case.party_name"),
        Column("party_id_number", _("ID number or credit code"), accessor="case.party_id_number", personal="id"),
        Column("place", _("Place"), accessor="case.place"),
        Column("department", _("Department"), accessor="department.name", order_by=["department_id", "due_on"]),
        Column("measure", _("Measure")),
        Column("state", _("State"), accessor="get_state_display", order_by=["state", "due_on"]),
        Column("due_on", _("Report due on"), order_by=["due_on"]),
        Column("applied_on", _("Applied on"), order_by=["-applied_on"]),
        Column("report", _("Report")),
    ]
    default_ordering = ("due_on", "id")


NUMBER_COLUMNS = ("party_id_number", "party_phone")


class CaseTableWithoutNumbers(ViolationCaseTable):
    """For the member departments: who and what, without the party's numbers (even masked)."""

    columns = [c for c in ViolationCaseTable.columns if c.name not in NUMBER_COLUMNS]


class MeasureTableWithoutNumbers(MeasureTable):
    columns = [c for c in MeasureTable.columns if c.name not in NUMBER_COLUMNS]
