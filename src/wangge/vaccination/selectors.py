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
           "unvaccinated"]
