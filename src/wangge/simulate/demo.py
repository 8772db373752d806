"""The demo logins: one account per role, placed in the small Haimen district (三星镇 → 大石村 → its first grid).

Idempotent: existing demo accounts are updated in place (role, jurisdiction, password), never duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.accounts.choices import PERSON_ROLES, Role
from wangge.accounts.models import User
from wangge.regions.models import Region

DEMO_PASSWORD = "wangge-demo"
DEMO_TOWN, DEMO_VILLAGE = "三星镇", "大石村"

# role → (username, level of the jurisdiction). A role added later gets its value as username, district level.
DEMO_LOGINS = {
    Role.DISTRICT_ADMIN: ("admin", "district"),
    Role.TOWN_CADRE: ("town_cadre", "town"),
    Role.VILLAGE_CADRE: ("village_cadre", "village"),
    Role.GRID_LEADER: ("grid_leader", "grid"),
    Role.GRID_WORKER: ("grid_worker", "grid"),
    Role.HOTLINE_OPERATOR: ("hotline_operator", "district"),
    Role.DEPARTMENT_HANDLER: ("department_handler", "district"),
    Role.SAMPLING_STAFF: ("sampling_staff", "town"),
    Role.ENTERPRISE_LIAISON: ("enterprise_liaison", "town"),
    Role.VOLUNTEER: ("volunteer", "grid"),
    Role.ENTERPRISE: ("enterprise", "town"),  # liaison/demo.py gives it one of the demo town's enterprises
}


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    jurisdiction: Region | None


def demo_jurisdictions() -> dict[str, Region | None]:
    """The demo's district, town (三星镇), village (大石村) and grid (大石村's first); falls back to the first of
    each level when the registry was loaded from elsewhere."""
    regions = Region.objects.order_by("code")
    district = regions.filter(level="district").first()
    town = regions.filter(level="town", name=DEMO_TOWN).first() or regions.filter(level="town").first()
    villages = regions.filter(level="village")
    village = (villages.filter(name=DEMO_VILLAGE, code__startswith=town.code).first() if town else None) or \
        (villages.filter(code__startswith=town.code).first() if town else None) or villages.first()
    grids = regions.filter(level="grid")
    grid = (grids.filter(code__startswith=village.code).first() if village else None) or grids.first()
    return {"district": district, "town": town, "village": village, "grid": grid}


@transaction.atomic
def ensure_demo_logins(password: str = DEMO_PASSWORD) -> list[DemoLogin]:
    """Create or update one login per role; the district administrator is a superuser who may reveal."""
    places = demo_jurisdictions()
    password_hash = make_password(password)  # hashed once: the demo accounts share one password
    reveal = Permission.objects.get(codename="reveal_personal_data", content_type__app_label="accounts")
    logins = []
    for role in PERSON_ROLES:
        username, level = DEMO_LOGINS.get(role, (role.value, "district"))
        region = places[level]
        admin = role == Role.DISTRICT_ADMIN
        user, _created = User.objects.update_or_create(username=username, defaults={
            "role": role.value, "region": region, "display_name": _("Demo %(role)s") % {"role": role.label},
            "password": password_hash, "is_active": True, "is_staff": admin, "is_superuser": admin})
        if admin:
            user.user_permissions.add(reveal)
        logins.append(DemoLogin(username, password, role.value, region))
    return logins


def ensure_demo_boundaries(seed_district: str = "haimen") -> int:
    """Give the demo's regions their map when none has a boundary yet (a database made before boundaries
    existed): the boundaries of the small plan that holds exactly these regions. Returns how many were set."""
    from wangge.regions.boundaries import boundary_fields

    from .boundaries import plan_geometries
    from .district import plan_district

    if Region.objects.filter(boundary__isnull=False).exists():
        return 0
    stored = set(Region.objects.values_list("code", flat=True))
    plan = plan_district(seed_district, "small")
    grids = [g for g in plan.grids if g.code in stored]
    plan = plan.first_grids(len(grids))
    if {r.code for r in plan.regions} != stored:
        return 0  # not the generated demo district: leave it to `wangge import_boundaries`
    fields = boundary_fields(plan_geometries(plan), {r.code: r.level for r in plan.regions})
    rows = list(Region.objects.all())
    for row in rows:
        for name, value in fields[row.code].items():
            setattr(row, name, value)
    with transaction.atomic():
        Region.objects.bulk_update(rows, ["boundary", "boundary_display", "label_point"], batch_size=200)
    return len(rows)
