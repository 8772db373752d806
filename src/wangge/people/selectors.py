"""People's public reads for other apps: the registry's figures per grid and a resident's household."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from wangge.core.querysets import within_code

from .choices import ResidenceType
from .models import Household, Resident

if TYPE_CHECKING:
    from wangge.accounts.models import User

# The figures `figures_by_grid` answers, in the order the region tree shows them.
FIGURES = ("residents", "households", "migrants", "elderly_offline")


def figures_by_grid(user: User, prefix: str, *, elderly_born_by: datetime.date) -> dict[str, dict[str, int]]:
    """{grid code: {residents, households, migrants, elderly_offline}} for the subtree `prefix` inside the user's
    jurisdiction: two grouped queries over the indexed region codes, whatever the size of the subtree.

    `elderly_offline` counts residents born on or before `elderly_born_by` who have no smartphone."""
    by_grid: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    residents = within_code(Resident.objects.restrict(user), prefix).order_by()
    row: dict[str, Any]
    for row in residents.values("region_code").annotate(
        n=Count("id"),
        migrants=Count("id", filter=Q(residence_type=ResidenceType.MIGRANT)),
        elderly=Count("id", filter=Q(no_smartphone=True, birth_date__lte=elderly_born_by)),
    ):
        by_grid[row["region_code"]].update(residents=row["n"], migrants=row["migrants"],
                                           elderly_offline=row["elderly"])
    households = within_code(Household.objects.restrict(user), prefix).order_by()
    for row in households.values("region_code").annotate(n=Count("id")):
        by_grid[row["region_code"]]["households"] = row["n"]
    return dict(by_grid)


def household_members(user: User, resident: Resident, limit: int = 20) -> list[Resident]:
    """The other members of the resident's household that the user may see, eldest first."""
    if not resident.household_id:
        return []
    members = Resident.objects.restrict(user).filter(household_id=resident.household_id)
    return list(members.exclude(pk=resident.pk).order_by("birth_date", "id")[:limit])


def resident_in_scope(user: User, pk: int) -> Resident | None:
    """The resident `pk` if the user's jurisdiction covers them, else None."""
    return Resident.objects.restrict(user).select_related("grid", "household").filter(pk=pk).first()
