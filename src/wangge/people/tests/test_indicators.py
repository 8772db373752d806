"""The registry's figures on the command centre: residents and the age groups coverage is measured against, at
grid, village and town level, against a hand count of the district's residents."""

import datetime
import random
from collections import Counter

import pytest

from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, OTHER_VILLAGE, TOWN, VILLAGE, make_resident
from wangge.core import clock
from wangge.dashboard import registry
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live, stored
from wangge.people.choices import ResidenceType
from wangge.people.models import Household, Resident

pytestmark = pytest.mark.django_db


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def years_ago(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else day.replace(
        year=day.year - years, day=28)


@pytest.fixture
def people(district):
    """Beside the fixture's three per grid: a child of 2 and a migrant aged 60 today in grid A, a child turning
    3 today in grid B, an elderly man without a smartphone in the other town."""
    rng = random.Random(11)
    today = clock.today()
    make_resident(district["grid_a"], rng, birth_date=years_ago(today, 2) + datetime.timedelta(days=10))
    make_resident(district["grid_a"], rng, birth_date=years_ago(today, 60), residence_type=ResidenceType.MIGRANT,
                  no_smartphone=True)
    make_resident(district["grid_b"], rng, birth_date=years_ago(today, 3))
    make_resident(district["grid_c"], rng, birth_date=years_ago(today, 80), no_smartphone=True)
    Household.objects.create(key="H-A-1", grid=district["grid_a"], region_code=GRID_A)
    Household.objects.create(key="H-C-1", grid=district["grid_c"], region_code=OTHER_GRID)
    return district


def hand_count(day, keep) -> Counter:
    return Counter(r.region_code for r in Resident.objects.all() if keep(r, day))


def test_residents_and_age_groups_match_a_hand_count_at_every_level(people):
    today = clock.today()
    rules = {
        "people.residents": lambda r, d: True,
        "people.aged_3_plus": lambda r, d: age_on(r.birth_date, d) >= 3,
        "people.aged_60_plus": lambda r, d: age_on(r.birth_date, d) >= 60,
        "people.migrants": lambda r, d: r.residence_type == ResidenceType.MIGRANT,
        "people.elderly_offline": lambda r, d: r.no_smartphone and age_on(r.birth_date, d) >= 60,
    }
    for key, keep in rules.items():
        assert at_levels(key, today) == expected_levels(hand_count(today, keep)), key
    # The town's villages: the other town's village never comes back.
    assert set(live("people.residents", today, 12, region=TOWN)) == {VILLAGE}
    assert live("people.residents", today, 15, region=TOWN) == {GRID_A: 5, GRID_B: 4}
    assert live("people.households", today, 9) == {TOWN: 1, OTHER_VILLAGE[:9]: 1}


def test_ages_are_counted_on_the_day_asked_for(people):
    today = clock.today()
    year_ago = today - datetime.timedelta(days=366)
    # The child turning 3 today was 2 a year ago; the migrant turning 60 today was 59.
    now, then = live("people.aged_3_plus", today, 15), live("people.aged_3_plus", year_ago, 15)
    assert now[GRID_B] == then[GRID_B] + 1
    assert live("people.aged_60_plus", year_ago, 15) == dict(hand_count(
        year_ago, lambda r, d: age_on(r.birth_date, d) >= 60))


def test_stored_figures_add_grids_up_to_the_village_and_town(people):
    today = clock.today()
    table = stored(["people.residents", "people.aged_60_plus"], [TOWN, VILLAGE, GRID_A, GRID_B, OTHER_VILLAGE], today)
    residents = table["people.residents"]
    assert residents == {TOWN: 9, VILLAGE: 9, GRID_A: 5, GRID_B: 4, OTHER_VILLAGE: 4}
    assert table["people.aged_60_plus"][TOWN] == sum(
        1 for r in Resident.objects.filter(region_code__startswith=TOWN) if age_on(r.birth_date, today) >= 60)


def test_the_registry_figures_need_the_permission_to_see_residents(people, worker):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    operator = make_user("op", Role.HOTLINE_OPERATOR, people["district"])
    keys = {i.key for i in registry.visible_to(worker)}
    assert {"people.residents", "people.aged_3_plus", "people.households"} <= keys
    assert not {i.key for i in registry.visible_to(operator)} & {"people.residents", "people.aged_60_plus"}
