"""Regions' actions: import the territory and its boundaries, staff a grid.

The territory is loaded from regions.csv (formats.md); grid teams change as people come and go, so adding and
removing a member are actions of their own, scoped to the actor's jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import ids
from wangge.core.actions import require_in_scope, require_perm
from wangge.core.context import bulk_changes
from wangge.core.errors import Invalid, NotFound
from wangge.core.imports import ImportResult, RejectedWriter
from wangge.core.models import log_bulk

from .choices import PartyRole, RegionLevel, StaffRole
from .imports import RegionImporter
from .models import GridStaff, Region

if TYPE_CHECKING:
    from wangge.accounts.models import User


def do_import_regions(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                      progress: bool = False) -> ImportResult:
    """regions.csv / .xlsx → the Region tree, upserted by code; rejected rows in their file."""
    require_perm(actor, "regions.add_region", _("Your role may not import regions."))
    return RegionImporter().run(path, rejected_path=rejected_path, progress=progress)


@dataclass
class BoundaryImportResult(ImportResult):
    """An import of boundaries: as any import, and the codes of the features that are none of our regions
    (each listed once, skipped: a county-wide file may hold the neighbours' villages too)."""

    skipped_codes: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.read - self.imported - self.updated - self.unchanged - self.rejected


BOUNDARY_REJECT_COLUMNS = ["code", "name", "geometry_type"]


def do_import_boundaries(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                         progress: bool = False) -> BoundaryImportResult:
    """boundaries.geojson (formats.md) → each feature's Polygon/MultiPolygon becomes the boundary of the region
    with its `properties.code` (replacing the one it had). Features of other codes are skipped and listed once;
    a feature without a code, a second one for a code, a geometry that is not a polygon or is invalid goes to the
    rejected-rows file with its code and the reason. Everything is checked first and written in one transaction;
    a file that is not a GeoJSON FeatureCollection raises `FileError` before anything is written."""
    from . import boundaries

    require_perm(actor, "regions.change_region", _("Your role may not change region boundaries."))
    path = Path(path)
    features = boundaries.read_feature_collection(path)
    known = set(Region.objects.restrict(actor).values_list("code", flat=True))
    result = BoundaryImportResult(read=len(features))
    rejected_path = Path(rejected_path) if rejected_path else path.with_name(path.name + ".rejected.csv")
    rejects = RejectedWriter(rejected_path, BOUNDARY_REJECT_COLUMNS)
    shapes: dict[str, object] = {}
    first_row: dict[str, int] = {}
    skipped: dict[str, None] = {}
    try:
        for row, feature in enumerate(features, start=1):
            properties = feature.get("properties") if isinstance(feature, dict) else None
            properties = properties if isinstance(properties, dict) else {}
            code = str(properties.get("code") if properties.get("code") is not None else "").strip()
            geometry = feature.get("geometry") if isinstance(feature, dict) else None
            kind = geometry.get("type", "") if isinstance(geometry, dict) else ""
            raw = [code, str(properties.get("name") or ""), str(kind)]
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                reason = _("不是 GeoJSON Feature")
            elif not code:
                reason = _("缺少区域编码（properties.code）")
            elif code not in known:
                skipped.setdefault(code)
                continue
            elif code in first_row:
                reason = _("与第 %(row)d 个要素重复：%(code)s") % {"row": first_row[code], "code": code}
            else:
                try:
                    shapes[code] = boundaries.check_geometry(geometry)
                    first_row[code] = row
                    continue
                except boundaries.BoundaryProblem as exc:
                    reason = str(exc)
                    first_row[code] = row
            rejects.write(row, reason, raw)
            result.rejected += 1
    finally:
        rejects.close(remove_stale=not result.rejected)
    result.skipped_codes = list(skipped)
    result.rejected_path = rejected_path if result.rejected else None
    if shapes:
        with transaction.atomic(), bulk_changes():
            result.imported, result.updated, result.unchanged = boundaries.store_boundaries(shapes)
            if result.imported or result.updated:
                log_bulk(Region, result.imported + result.updated,
                         _("导入边界 %(file)s：新增 %(created)d，更新 %(updated)d")
                         % {"file": path.name, "created": result.imported, "updated": result.updated},
                         after={"file": path.name, "created": result.imported, "updated": result.updated})
    return result


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
