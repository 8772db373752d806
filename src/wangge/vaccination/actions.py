"""Vaccination actions: recording a dose and recording why someone is not vaccinated.

Every action runs in one transaction, re-checks the resident is inside the user's jurisdiction, writes the change
log (through the models' signals) and returns the new VaccinationStatus.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.actions import require_perm
from wangge.core.errors import Invalid, NotFound
from wangge.people.models import Resident

from .choices import ExemptionReason
from .models import Dose, VaccinationSite, VaccinationStatus, VaccineProduct


class DoseError(Invalid):
    """A dose that cannot be recorded (400, the dose number named); the message names the reason."""

    def __init__(self, message: str, field: str | None = "dose_number"):
        super().__init__(message, field=field)


def _scoped_resident(actor, resident: Resident | int) -> Resident:
    """The resident, locked, if inside the actor's jurisdiction; else NotFound (existence does not leak)."""
    pk = resident if isinstance(resident, int) else resident.pk
    found = Resident.objects.restrict(actor).select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such resident in your jurisdiction."), field="resident")
    return found


def status_after(doses: list[tuple[int, datetime.date, int]]) -> dict:
    """Pure: (dose_number, date, full_course_doses of the first product) in order → the status fields."""
    fields: dict[str, int | datetime.date | None] = {"doses": len(doses), "first_dose_date": None,
                                                     "full_course_date": None, "booster_date": None}
    if not doses:
        return fields
    course = doses[0][2]
    fields["first_dose_date"] = doses[0][1]
    if len(doses) >= course:
        fields["full_course_date"] = doses[course - 1][1]
    if len(doses) > course:
        fields["booster_date"] = doses[course][1]
    return fields


def check_next_dose(previous: list[tuple[int, datetime.date]], dose_number: int, date: datetime.date) -> None:
    """Pure: refuse a dose number that goes backwards or skips, or a date before the previous dose."""
    expected = len(previous) + 1
    if dose_number < expected:
        raise DoseError(_("Dose %(n)s is already recorded; the next dose is number %(e)s.")
                        % {"n": dose_number, "e": expected})
    if dose_number > expected:
        raise DoseError(_("Dose %(n)s skips a dose; the next dose is number %(e)s.")
                        % {"n": dose_number, "e": expected})
    if previous and date < previous[-1][1]:
        raise DoseError(_("The date %(d)s is before the previous dose (%(p)s).") % {"d": date, "p": previous[-1][1]})
    if date > clock.today():
        raise DoseError(_("The date %(d)s is in the future.") % {"d": date}, field="date")


def refresh_statuses(resident_ids) -> None:
    """Recompute the VaccinationStatus of these residents from their doses, set-based; a dose clears a recorded
    decline or temporary unfitness (a contraindication or absence stays as recorded)."""
    resident_ids = set(resident_ids)
    if not resident_ids:
        return
    doses: dict[int, list] = {}
    for rid, n, date, course in (Dose.objects.filter(resident_id__in=resident_ids)
                                 .order_by("resident_id", "dose_number")
                                 .values_list("resident_id", "dose_number", "date", "product__full_course_doses")):
        doses.setdefault(rid, []).append((n, date, course))
    regions = dict(Resident.objects.filter(pk__in=resident_ids).values_list("pk", "region_code"))
    VaccinationStatus.objects.bulk_create(
        [VaccinationStatus(resident_id=rid, region_code=regions[rid], **status_after(doses.get(rid, [])))
         for rid in resident_ids],
        update_conflicts=True, unique_fields=["resident"],
        update_fields=["region_code", "doses", "first_dose_date", "full_course_date", "booster_date"])
    VaccinationStatus.objects.filter(resident_id__in=resident_ids, doses__gt=0, exemption__in=(
        ExemptionReason.DECLINED, ExemptionReason.TEMPORARY)).update(exemption="")


@transaction.atomic
def do_record_dose(actor, resident: Resident | int, *, dose_number: int, date: datetime.date,
                   product: VaccineProduct, site: VaccinationSite | None = None) -> VaccinationStatus:
    """Record the next dose of a resident: the number may not go backwards or skip, the date not go back."""
    require_perm(actor, "vaccination.add_dose", _("Your role may not record doses."))
    resident = _scoped_resident(actor, resident)
    previous = list(Dose.objects.filter(resident=resident).order_by("dose_number").values_list("dose_number", "date"))
    check_next_dose(previous, dose_number, date)
    Dose.objects.create(resident=resident, region_code=resident.region_code, dose_number=dose_number, date=date,
                        product=product, site=site)
    refresh_statuses({resident.pk})
    return VaccinationStatus.objects.get(resident=resident)


@transaction.atomic
def do_record_exemption(actor, resident: Resident | int, *, reason: str, note: str = "") -> VaccinationStatus:
    """Record why a resident is not vaccinated. The reason must be chosen (there is no default)."""
    require_perm(actor, "vaccination.change_vaccinationstatus", _("Your role may not record this."))
    if not reason:
        raise Invalid(_("Choose the reason the person is not vaccinated."), field="reason")
    if reason not in ExemptionReason.values:
        raise Invalid(_("Unknown reason: %(r)s") % {"r": reason}, field="reason")
    resident = _scoped_resident(actor, resident)
    status, _created = VaccinationStatus.objects.get_or_create(resident=resident,
                                                              defaults={"region_code": resident.region_code})
    status.exemption = reason
    status.exemption_note = (note or "").strip()[:200]
    status.exemption_by = actor if not getattr(actor, "is_system", False) else None
    status.exemption_at = clock.now()
    status.save()
    return status
