"""Regions' actions: import the territory, staff a grid.

The territory is loaded from regions.csv (formats.md); grid teams change as people come and go, so adding and
removing a member are actions of their own, scoped to the actor's jurisdiction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import ids
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Invalid, NotFound
from wangge.core.imports import ImportResult

from .choices import PartyRole, RegionLevel, StaffRole
from .imports import RegionImporter
from .models import GridStaff

if TYPE_CHECKING:
    from wangge.accounts.models import User

    from .models import Region


def do_import_regions(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                      progress: bool = False) -> ImportResult:
    """regions.csv / .xlsx → the Region tree, upserted by code; rejected rows in their file."""
    require_perm(actor, "regions.add_region", _("Your role may not import regions."))
    return RegionImporter().run(path, rejected_path=rejected_path, progress=progress)


@transaction.atomic
def do_add_staff(actor, grid: Region, *, name: str, role: str, phone: str = "", party_role: str = "",
                 user: User | None = None) -> GridStaff:
    """A new member of a grid's team (leader, worker or volunteer), optionally linked to their login."""
    require_perm(actor, "regions.add_gridstaff", _("Your role may not change grid teams."))
    if grid.level != RegionLevel.GRID:
        raise Invalid(_("Staff belong to a grid."), field="grid")
    try:
        require_in_scope(actor, grid)
    except NotFound:
        raise Invalid(_("This grid is outside your jurisdiction."), field="grid") from None
    name = (name or "").strip()
    if not name:
        raise Invalid(_("This field is required."), field="name")
    if role not in StaffRole.values:
        raise Invalid(_("Choose the member's duty."), field="role")
    if party_role not in PartyRole.values:
        raise Invalid(_("Choose a party role from the list."), field="party_role")
    if phone:
        try:
            phone = ids.normalize_phone(phone)
        except ValueError as exc:
            raise Invalid(str(exc), field="phone") from None
    if GridStaff.objects.filter(grid=grid, name=name, role=role).exists():
        raise Invalid(_("This person already has this duty in the grid."), field="name")
    return GridStaff.objects.create(grid=grid, name=name, role=role, phone=phone, party_role=party_role, user=user)


@transaction.atomic
def do_remove_staff(actor, member: GridStaff) -> None:
    """Take a member off their grid's team (their login, if any, stays)."""
    require_perm(actor, "regions.delete_gridstaff", _("Your role may not change grid teams."))
    require_in_scope(actor, member)
    member.delete()
