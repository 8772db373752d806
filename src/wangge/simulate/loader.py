"""Load a planned district (district.py) into the database: bulk inserts in batches, one change event per model.

Regions (with the boundaries of simulate/boundaries.py), accounts and grid staff (a few thousand rows) go through
bulk_create; households and residents (up to a million) through the import framework's set-based `fast_insert`.
`Resident.save()` is bypassed either way, so the loader fills `region_code`, `id_last4`, `birth_date` and `sex`
itself.
Everything runs in one transaction: a failure leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from wangge.accounts.models import User
from wangge.core.bulk import fast_insert, fetch_by_keys
from wangge.core.context import bulk_changes
from wangge.core.models import log_bulk
from wangge.people.models import Household, Resident
from wangge.regions.models import GridStaff, Region

from .district import DistrictPlan, iter_accounts, iter_regions, iter_residents, iter_staff

STAFF_ROLE_TO_USER_ROLE = {"leader": "grid_leader", "worker": "grid_worker"}


class DistrictExists(Exception):
    """The district's region code is already in the registry."""


def load_district(plan: DistrictPlan, seed=2021, *, password: str | None = None, batch: int = 5000,
                  on_batch: Callable[[int], None] | None = None, boundaries: bool = True) -> dict[str, int]:
    """Insert regions (with their boundaries, unless `boundaries` is false), accounts, grid staff, households
    and residents; return the row count per model.

    `password`: one shared password for every generated account (hashed once); None = unusable passwords,
    the normal case — real people get their password from an administrator."""
    if Region.objects.filter(code=plan.spec.code).exists():
        raise DistrictExists(plan.spec.code)
    note = f"generate_district {plan.spec.key} seed={seed}"
    outlines = plan_boundary_fields(plan) if boundaries else {}
    with transaction.atomic(), bulk_changes():
        regions = _load_regions(plan, outlines)
        password_hash = make_password(password) if password else None
        users, staff = _load_people_in_charge(plan, seed, regions, password_hash)
        households, residents = _load_residents(plan, seed, regions, batch, on_batch)
        counts = {"regions": len(regions), "users": users, "grid_staff": staff, "households": households,
                  "residents": residents}
        for model, key in ((Region, "regions"), (User, "users"), (GridStaff, "grid_staff"),
                           (Household, "households"), (Resident, "residents")):
            log_bulk(model, counts[key], note)
    return counts


def plan_boundary_fields(plan: DistrictPlan) -> dict[str, dict]:
    """{code: boundary, boundary_display, label_point} of every region of the plan (simulate/boundaries.py)."""
    from wangge.regions.boundaries import boundary_fields

    from .boundaries import plan_geometries

    return boundary_fields(plan_geometries(plan), {r.code: r.level for r in plan.regions})


def _load_regions(plan: DistrictPlan, outlines: dict[str, dict] | None = None) -> dict[str, Region]:
    by_code: dict[str, Region] = {}
    outlines = outlines or {}
    for level in ("district", "town", "village", "grid"):
        objs = [Region(code=r.code, name=r.name, level=r.level, parent=by_code.get(r.parent_code),
                       industrial=r.industrial, **outlines.get(r.code, {}))
                for r in iter_regions(plan) if r.level == level]
        created = Region.objects.bulk_create(objs, batch_size=1000)
        _ensure_pks(Region, created, "code")
        by_code.update((obj.code, obj) for obj in created)
    return by_code


def _ensure_pks(model, objs, key: str) -> None:
    """bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35; look them up elsewhere."""
    missing = [obj for obj in objs if obj.pk is None]
    if missing:
        pks = dict(model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in missing]}).values_list(key, "pk"))
        for obj in missing:
            obj.pk = pks[getattr(obj, key)]


def _user(username, role, region, name, phone, password_hash) -> User:
    return User(username=username, role=role, region=region, display_name=name, phone=phone,
                password=password_hash or "!" + get_random_string(40))


def _load_people_in_charge(plan, seed, regions, password_hash) -> tuple[int, int]:
    users = [_user(a.username, a.role, regions[a.region_code], a.display_name, a.phone, password_hash)
             for a in iter_accounts(plan, seed)]
    staff = []
    for row in iter_staff(plan, seed):
        grid = regions[row.grid_code]
        member = GridStaff(grid=grid, name=row.name, phone=row.phone, role=row.role, party_role=row.party_role)
        if row.username:
            member.user = _user(row.username, STAFF_ROLE_TO_USER_ROLE[row.role], grid, row.name, row.phone,
                                password_hash)
            users.append(member.user)
        staff.append(member)
    User.objects.bulk_create(users, batch_size=1000)
    _ensure_pks(User, users, "username")
    for member in staff:
        if member.user is not None:
            member.user_id = member.user.pk
    GridStaff.objects.bulk_create(staff, batch_size=1000)
    return len(users), len(staff)


def _load_residents(plan, seed, regions, batch, on_batch) -> tuple[int, int]:
    households = residents = 0
    carry: tuple[str, int] | None = None  # the last household of a batch may continue in the next one
    rows = []
    for row in iter_residents(plan, seed):
        rows.append(row)
        if len(rows) >= batch:
            carry, created = _insert_batch(rows, regions, carry)
            households, residents = households + created, residents + len(rows)
            if on_batch:
                on_batch(len(rows))
            rows = []
    if rows:
        carry, created = _insert_batch(rows, regions, carry)
        households, residents = households + created, residents + len(rows)
        if on_batch:
            on_batch(len(rows))
    return households, residents


def _insert_batch(rows, regions, carry):
    """Insert one batch; return ((key, pk) of its last household, number of households created).

    Through core.bulk.fast_insert (COPY / executemany): Django's bulk_create spends most of its time compiling
    each field of each row, which would make a million residents take many minutes."""
    now = timezone.now()
    pks = dict([carry]) if carry else {}
    new = {}
    for r in rows:
        if r.household not in pks and r.household not in new:
            new[r.household] = {"key": r.household, "grid": regions[r.grid_code].pk, "region_code": r.grid_code,
                                "address": r.address}
    fast_insert(Household, list(new.values()), created=now, updated=now)
    pks.update((key, values[0]) for key, values in fetch_by_keys(Household, "key", list(new), ["pk"]).items())
    fast_insert(Resident, [
        {"id_number": r.id_number, "name": r.name, "phone": r.phone, "grid": regions[r.grid_code].pk,
         "region_code": r.grid_code, "address": r.address, "residence_type": r.residence_type,
         "household": pks[r.household], "no_smartphone": r.no_smartphone, "birth_date": r.birth_date, "sex": r.sex,
         "id_last4": r.id_number[-4:]}
        for r in rows
    ], created=now, updated=now)
    key = rows[-1].household
    return (key, pks[key]), len(new)
