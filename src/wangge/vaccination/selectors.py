"""Vaccination's public reads for other apps (the command centre, enterprises): coverage by region and age band,
doses per day, the unvaccinated of a region. Grouped queries; every read is scoped to the user."""

from .coverage import (
    CoverageRow,
    coverage_by_age_band,
    coverage_by_child_region,
    doses_per_day,
    eligible_residents,
    unvaccinated,
)

__all__ = ["CoverageRow", "coverage_by_age_band", "coverage_by_child_region", "doses_per_day", "eligible_residents",
           "statuses_of", "unvaccinated"]


def statuses_of(resident_ids) -> dict[int, dict]:
    """{resident id: {"doses", "full_course_date", "booster_date"}} for a few residents at once (the five checks at an
    enterprise or compound gate): one query on the status table's primary key. Residents with no status row (never
    vaccinated, never recorded) are left out."""
    from .models import VaccinationStatus

    ids = sorted({i for i in resident_ids if i})
    if not ids:
        return {}
    rows = VaccinationStatus.objects.filter(resident_id__in=ids).values_list(
        "resident_id", "doses", "full_course_date", "booster_date")
    return {pk: {"doses": doses, "full_course_date": full, "booster_date": booster}
            for pk, doses, full, booster in rows}
