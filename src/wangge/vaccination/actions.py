"""Vaccination actions: recording a dose and recording why someone is not vaccinated.

Every action runs in one transaction, re-checks the resident is inside the user's jurisdiction, writes the change
log (through the models' signals) and returns the new VaccinationStatus.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.people.models import Resident

from .choices import ExemptionReason
from .models import Dose, VaccinationSite, VaccinationStatus, VaccineProduct


class DoseError(ValueError):
    """A dose that cannot be recorded; the message names the reason."""


def _scoped_resident(resident_id: int, user) -> Resident:
    resident = Resident.objects.restrict(user).select_for_update().filter(pk=resident_id).first()
    if resident is None:
        raise Resident.DoesNotExist(_("No such resident in your jurisdiction."))
    return resident


def status_after(doses: list[tuple[int, datetime.date, int]]) -> dict:
    """Pure: (dose_number, date, full_course_doses of the first product) in order → the status fields."""
    fields = {"doses": len(doses), "first_dose_date": None, "full_course_date": None, "booster_date": None}
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
    if date > timezone.localdate():
        raise DoseError(_("The date %(d)s is in the future.") % {"d": date})


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
def record_dose(resident_id: int, *, dose_number: int, date: datetime.date, product: VaccineProduct,
                site: VaccinationSite | None, user) -> VaccinationStatus:
    resident = _scoped_resident(resident_id, user)
    previous = list(Dose.objects.filter(resident=resident).order_by("dose_number").values_list("dose_number", "date"))
    check_next_dose(previous, dose_number, date)
    Dose.objects.create(resident=resident, region_code=resident.region_code, dose_number=dose_number, date=date,
                        product=product, site=site)
    refresh_statuses({resident.pk})
    return VaccinationStatus.objects.get(resident=resident)


@transaction.atomic
def record_exemption(resident_id: int, *, reason: str, note: str, user) -> VaccinationStatus:
    if reason and reason not in ExemptionReason.values:
        raise DoseError(_("Unknown reason: %(r)s") % {"r": reason})
    resident = _scoped_resident(resident_id, user)
    status, _created = VaccinationStatus.objects.get_or_create(resident=resident,
                                                              defaults={"region_code": resident.region_code})
    status.exemption = reason
    status.exemption_note = note[:200]
    status.exemption_by = user if getattr(user, "is_authenticated", False) else None
    status.exemption_at = timezone.now()
    status.save()
    return status
