"""People's actions: import the registry, create and edit a resident.

Every action takes the acting user first and refuses with a `core.errors.ActionError` subclass; a resident's
grid must lie inside the actor's jurisdiction, and the birth date and sex always agree with the ID number.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import ids
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.errors import Invalid, NotFound
from wangge.core.imports import ImportResult
from wangge.regions.choices import RegionLevel

from .imports import ResidentImporter
from .models import Household, Resident

if TYPE_CHECKING:
    from wangge.regions.models import Region

# A name has at least one CJK character or letter ("0" or "---" is not a name).
_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z]")
EDITABLE = ("name", "phone", "grid", "household", "address", "residence_type", "no_smartphone", "id_number",
            "birth_date", "sex")


def do_import_residents(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                        progress: bool = False) -> ImportResult:
    """residents.csv / .xlsx (formats.md) → the registry, upserted by ID number; rejected rows in their file."""
    require_perm(actor, "people.add_resident", _("Your role may not import residents."))
    return ResidentImporter().run(path, rejected_path=rejected_path, progress=progress)


def _check_grid(actor, grid: Region) -> None:
    if grid.level != RegionLevel.GRID:
        raise Invalid(_("A resident belongs to a grid, not to a %(level)s.") % {"level": grid.get_level_display()},
                      field="grid")
    try:
        require_in_scope(actor, grid)
    except NotFound:
        raise Invalid(_("This grid is outside your jurisdiction."), field="grid") from None


def _clean(actor, fields: dict[str, Any], current: Resident | None) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
                      field=sorted(unknown)[0])
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not _NAME.search(name):
            raise Invalid(_("Enter the person's name."), field="name")
        fields["name"] = name
    if "grid" in fields:
        _check_grid(actor, fields["grid"])
    id_number = fields.get("id_number") or (current.id_number if current else "")
    if "id_number" in fields:
        try:
            id_number = fields["id_number"] = ids.normalize_id(fields["id_number"])
        except ValueError as exc:
            raise Invalid(str(exc), field="id_number") from None
    if id_number:
        born, sex = ids.birth_date(id_number), ids.sex(id_number)
        given_birth: datetime.date | None = fields.get("birth_date")
        if given_birth and given_birth != born:
            raise Invalid(_("The birth date does not match the ID number (%(date)s).") % {"date": born},
                          field="birth_date")
        if fields.get("sex") and fields["sex"] != sex:
            raise Invalid(_("The sex does not match the ID number."), field="sex")
        fields["birth_date"], fields["sex"] = born, sex
    grid = fields.get("grid") or (current.grid if current else None)
    household: Household | None = fields.get("household", current.household if current else None)
    if household is not None and grid is not None and household.grid_id != grid.pk:
        raise Invalid(_("The household belongs to another grid."), field="household")
    return fields


@transaction.atomic
def do_create_resident(actor, **fields: Any) -> Resident:
    """A new resident in a grid of the actor's jurisdiction (ID number, name and grid required)."""
    require_perm(actor, "people.add_resident", _("Your role may not add residents."))
    for required in ("id_number", "name", "grid"):
        if not fields.get(required):
            raise Invalid(_("This field is required."), field=required)
    fields = _clean(actor, fields, None)
    if Resident.objects.filter(id_number=fields["id_number"]).exists():
        raise Invalid(_("A resident with this ID number is already registered."), field="id_number")
    return Resident.objects.create(**fields)


@transaction.atomic
def do_update_resident(actor, resident: Resident, **fields: Any) -> Resident:
    """Change a resident's record (a move to another grid moves their scope with them). The row is locked and
    must lie inside the actor's jurisdiction before and after."""
    require_perm(actor, "people.change_resident", _("Your role may not edit residents."))
    resident = Resident.objects.select_for_update(of=("self",)).get(pk=resident.pk)
    require_in_scope(actor, resident)
    fields = _clean(actor, fields, resident)
    if "id_number" in fields and fields["id_number"] != resident.id_number and Resident.objects.filter(
            id_number=fields["id_number"]).exclude(pk=resident.pk).exists():
        raise Invalid(_("A resident with this ID number is already registered."), field="id_number")
    for name, value in fields.items():
        setattr(resident, name, value)
    resident.save()
    return resident
