"""Shared fixtures: a tiny district and the four personas every test speaks about.

- admin: district administrator (whole district, may reveal personal data)
- cadre: town cadre of 三星镇 (the town's subtree, masked data)
- worker: grid worker of grid A
- outsider: grid worker of grid B, who must never see grid A's people
"""

import datetime
import random

import pytest

from wangge.accounts.choices import Role
from wangge.regions.choices import RegionLevel
from wangge.simulate.synth import make_id, random_name, random_phone

DISTRICT, TOWN, VILLAGE = "320684", "320684102", "320684102001"
GRID_A, GRID_B = "320684102001001", "320684102001002"
OTHER_TOWN, OTHER_VILLAGE, OTHER_GRID = "320684103", "320684103001", "320684103001001"


def make_region(code, name, level, parent=None):
    from wangge.regions.models import Region

    return Region.objects.create(code=code, name=name, level=level, parent=parent)


def make_resident(grid, rng, **extra):
    from wangge.people.models import Resident

    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 60))
    fields = dict(id_number=make_id("320684", birth, rng.randrange(1000)), name=random_name(rng),
                  phone=random_phone(rng), grid=grid, region_code=grid.code, birth_date=birth,
                  address=f"{grid.name}{rng.randrange(1, 99)}号")
    fields.update(extra)
    return Resident.objects.create(**fields)


@pytest.fixture(autouse=True)
def isolated_clock(monkeypatch):
    """Each test starts on the real clock and leaves it so: a command that moves it (the demo sets WANGGE_TODAY
    and shifts the clock to August 2021) must not move the next test's day."""
    from wangge.core import clock

    monkeypatch.delenv("WANGGE_TODAY", raising=False)
    saved = (clock._offset, clock._frozen)
    clock._offset, clock._frozen = datetime.timedelta(0), None
    yield
    clock._offset, clock._frozen = saved


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets an empty in-memory cache: cached figures are keyed by change-log ids, which restart with
    every test database, so a shared cache would hand one test another test's page."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def district(db):
    """Regions: 海门区 → 三星镇 → 大石村 → grids A and B; 常乐镇 → 一村 → grid C. Three residents per grid."""
    rng = random.Random(7)
    d = make_region(DISTRICT, "海门区", RegionLevel.DISTRICT)
    town = make_region(TOWN, "三星镇", RegionLevel.TOWN, d)
    village = make_region(VILLAGE, "大石村", RegionLevel.VILLAGE, town)
    grid_a = make_region(GRID_A, "大石村第一网格", RegionLevel.GRID, village)
    grid_b = make_region(GRID_B, "大石村第二网格", RegionLevel.GRID, village)
    other_town = make_region(OTHER_TOWN, "常乐镇", RegionLevel.TOWN, d)
    other_village = make_region(OTHER_VILLAGE, "常乐村", RegionLevel.VILLAGE, other_town)
    grid_c = make_region(OTHER_GRID, "常乐村第一网格", RegionLevel.GRID, other_village)
    residents = {g.code: [make_resident(g, rng) for _ in range(3)] for g in (grid_a, grid_b, grid_c)}
    return {"district": d, "town": town, "village": village, "grid_a": grid_a, "grid_b": grid_b,
            "other_town": other_town, "grid_c": grid_c, "residents": residents}


def make_user(username, role, region, reveal=False):
    from django.contrib.auth.models import Permission

    from wangge.accounts.models import User

    user = User.objects.create_user(username=username, password="pw-" + username, role=role, region=region,
                                    display_name=username)
    if reveal:
        user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def admin_user(district):
    return make_user("admin", Role.DISTRICT_ADMIN, district["district"], reveal=True)


@pytest.fixture
def cadre(district):
    return make_user("cadre", Role.TOWN_CADRE, district["town"])


@pytest.fixture
def worker(district):
    return make_user("worker", Role.GRID_WORKER, district["grid_a"])


@pytest.fixture
def outsider(district):
    return make_user("outsider", Role.GRID_WORKER, district["grid_b"])


@pytest.fixture
def client_for(client):
    """`client_for(user)` → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    """`api_for(user)` → a DRF APIClient authenticated with that user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make
