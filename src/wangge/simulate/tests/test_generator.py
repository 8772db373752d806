"""The pure generator: the district layout of domain.md §6 and figures within stated tolerances of the targets.

Figures are measured on the first two villages/communities of every Haimen town (about 80,000 residents, includes
大石村), generated without a database."""

import collections
import csv
import datetime

import pytest

from wangge.core.ids import PHONE_RE, check_digit, normalize_id, normalize_phone
from wangge.simulate import district as gen

# Tolerances the generator promises (the README states them too).
GRID_SIZE_TOLERANCE = 0.15  # residents per grid: 915 ± 15 %
HOUSEHOLD_TOLERANCE = 0.10  # persons per household: 2.22 ± 0.1
ELDERLY_TOLERANCE = 0.02  # aged 60+: 30.8 % ± 2 points
MIGRANT_TOLERANCE = 0.08  # migrants in industrial villages: 40 % ± 8 points
NO_SMARTPHONE_TOLERANCE = 0.03  # elderly without smartphones: 10 % ± 3 points


def age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def sample():
    plan = gen.plan_district("haimen", "full", villages=2)
    return plan, list(gen.iter_residents(plan, seed=11))


def test_the_full_haimen_layout_has_the_real_towns_and_the_census_counts():
    plan = gen.plan_district("haimen", "full")
    towns = [r.name for r in plan.regions if r.level == "town"]
    assert towns == ["海门街道", "滨江街道", "三厂街道", "三星镇", "常乐镇", "悦来镇", "四甲镇", "余东镇", "正余镇",
                     "包场镇", "临江镇", "海永镇"]
    units = [r for r in plan.regions if r.level == "village"]
    assert sum(r.name.endswith("社区") for r in units) == 63
    assert sum(r.name.endswith("村") for r in units) == 231
    assert plan.population == 991_782
    assert abs(len(plan.grids) - 1_080) <= 0.05 * 1_080
    assert plan.regions[0] == gen.RegionRow("320614", "海门区", "district", "")


def test_the_full_tongzhou_layout_has_the_real_towns_and_the_census_counts():
    plan = gen.plan_district("tongzhou", "full")
    towns = [r.name for r in plan.regions if r.level == "town"]
    assert towns[:4] == ["金沙街道", "金新街道", "兴东街道", "先锋街道"] and len(towns) == 16
    units = [r for r in plan.regions if r.level == "village"]
    assert sum(r.name.endswith("社区") for r in units) == 68
    assert sum(r.name.endswith("村") for r in units) == 208
    assert plan.population == 1_258_739
    assert abs(len(plan.grids) - 1_380) <= 0.05 * 1_380


def test_codes_are_hierarchical_and_names_unique_within_a_town():
    plan = gen.plan_district("haimen", "full")
    codes = {r.code for r in plan.regions}
    length = {"district": 6, "town": 9, "village": 12, "grid": 15}
    for region in plan.regions:
        assert len(region.code) == length[region.level] and region.code.isdigit()
        parent = region.parent_code
        assert region.level == "district" or (parent in codes and region.code.startswith(parent))
    names = collections.Counter((r.parent_code, r.name) for r in plan.regions)
    assert max(names.values()) == 1
    industrial = [r for r in plan.regions if r.level == "village" and r.industrial]
    assert abs(len(industrial) / 294 - gen.INDUSTRIAL_SHARE) < 0.02


def test_small_is_one_town_of_about_20000_residents_with_dashi_village():
    plan = gen.plan_district("haimen", "small")
    assert [r.name for r in plan.regions if r.level == "town"] == ["三星镇"]
    assert 18_000 <= plan.population <= 30_000
    dashi = next(r for r in plan.regions if r.name == "大石村")
    assert dashi.code == "320614102001" and dashi.industrial


def test_the_layout_does_not_depend_on_the_seed_and_the_people_do():
    plan = gen.plan_district("haimen", "small").first_grids(1)
    first = list(gen.iter_residents(plan, seed=1))
    assert first == list(gen.iter_residents(plan, seed=1))
    assert first != list(gen.iter_residents(plan, seed=2))
    assert list(gen.iter_staff(plan, seed=1)) == list(gen.iter_staff(plan, seed=1))
    assert gen.plan_district("haimen", "small").regions == gen.plan_district("haimen", "small").regions


def test_residents_per_grid_are_about_915(sample):
    plan, rows = sample
    per_grid = collections.Counter(r.grid_code for r in rows)
    mean = len(rows) / len(per_grid)
    assert abs(mean - gen.RESIDENTS_PER_GRID) <= GRID_SIZE_TOLERANCE * gen.RESIDENTS_PER_GRID
    assert set(per_grid) == {g.code for g in plan.grids}


def test_households_have_2_22_persons_on_average(sample):
    _, rows = sample
    households = {r.household for r in rows}
    assert abs(len(rows) / len(households) - gen.PERSONS_PER_HOUSEHOLD) <= HOUSEHOLD_TOLERANCE
    addresses = collections.defaultdict(set)
    for r in rows:
        addresses[r.household].add(r.address)
    assert all(len(a) == 1 for a in addresses.values())


def test_30_8_percent_are_aged_60_and_10_percent_of_them_have_no_smartphone(sample):
    plan, rows = sample
    elderly = [r for r in rows if age(r.birth_date, plan.as_of) >= 60]
    assert abs(len(elderly) / len(rows) - gen.ELDERLY_SHARE) <= ELDERLY_TOLERANCE
    no_smartphone = sum(r.no_smartphone for r in elderly) / len(elderly)
    assert abs(no_smartphone - gen.NO_SMARTPHONE_SHARE) <= NO_SMARTPHONE_TOLERANCE
    assert not any(r.no_smartphone for r in rows if age(r.birth_date, plan.as_of) < 60)


def test_industrial_villages_have_about_40_percent_migrants_and_the_rest_far_fewer(sample):
    plan, rows = sample
    industrial = {r.code for r in plan.regions if r.industrial and r.name != "大石村"}
    assert industrial
    migrant = collections.Counter()
    total = collections.Counter()
    for r in rows:
        kind = "dashi" if r.grid_code.startswith("320614102001") else (
            "industrial" if r.grid_code[:12] in industrial else "other")
        total[kind] += 1
        migrant[kind] += r.residence_type == "migrant"
    assert abs(migrant["industrial"] / total["industrial"] - gen.INDUSTRIAL_MIGRANT_SHARE) <= MIGRANT_TOLERANCE
    assert migrant["other"] / total["other"] < 0.2
    assert sum(migrant.values()) / len(rows) < gen.INDUSTRIAL_MIGRANT_SHARE
    # 大石村: 7,000+ residents of whom 4,000+ from elsewhere.
    assert total["dashi"] >= 7_000 and migrant["dashi"] >= 4_000


def test_every_id_is_valid_unique_and_agrees_with_birth_date_and_sex(sample):
    _, rows = sample
    assert len({r.id_number for r in rows}) == len(rows)
    for r in rows:
        assert check_digit(r.id_number[:17]) == r.id_number[17]
        assert r.id_number[6:14] == f"{r.birth_date:%Y%m%d}"
        assert r.sex == ("M" if int(r.id_number[16]) % 2 else "F")
    # The full validator (python-stdnum) is slow: run it on every 25th row and every area code's first rows.
    per_area = collections.Counter()
    for i, r in enumerate(rows):
        per_area[r.id_number[:6]] += 1
        if i % 25 == 0 or per_area[r.id_number[:6]] <= 3:
            assert normalize_id(r.id_number) == r.id_number


def test_haimen_registered_ids_mostly_start_320684_and_migrants_come_from_other_provinces(sample):
    _, rows = sample
    registered = collections.Counter(r.id_number[:6] for r in rows if r.residence_type == "registered")
    assert set(registered) <= {"320684", "320625", "320614"}
    assert registered["320684"] / sum(registered.values()) > 0.7
    migrants = {r.id_number[:6] for r in rows if r.residence_type == "migrant"}
    assert len(migrants) >= 20 and not any(code.startswith("32") for code in migrants)


def test_every_phone_is_a_valid_mobile_number_and_adults_have_one(sample):
    plan, rows = sample
    for r in rows:
        assert r.phone == "" or normalize_phone(r.phone) == r.phone
        assert r.phone or age(r.birth_date, plan.as_of) < 16


def test_names_and_addresses_look_real(sample):
    _, rows = sample
    assert all(2 <= len(r.name) <= 4 for r in rows)
    village_address = next(r.address for r in rows if r.grid_code.startswith("320614102001"))
    assert village_address.startswith("三星镇大石村") and village_address.endswith("号") and "组" in village_address


def test_every_grid_has_a_leader_about_three_workers_volunteers_and_the_party_roles():
    plan = gen.plan_district("haimen", "small")
    staff = list(gen.iter_staff(plan, seed=3))
    by_grid = collections.defaultdict(list)
    for member in staff:
        by_grid[member.grid_code].append(member)
    assert set(by_grid) == {g.code for g in plan.grids}
    workers = []
    for members in by_grid.values():
        roles = collections.Counter(m.role for m in members)
        assert roles["leader"] == 1 and 2 <= roles["worker"] <= 4 and roles["volunteer"] >= 2
        workers.append(roles["worker"])
        parties = collections.Counter(m.party_role for m in members)
        assert parties["branch_secretary"] == 1 and parties["central_household"] >= 1
        assert len({m.name for m in members}) == len(members)
        assert all(PHONE_RE.match(m.phone) for m in members)
    assert abs(sum(workers) / len(workers) - 3) < 0.5
    usernames = [m.username for m in staff if m.role != "volunteer"] + [a.username for a in gen.iter_accounts(plan)]
    assert len(set(usernames)) == len(usernames)
    assert all(u.isascii() and u.isalnum() for u in usernames)
    assert f"g{plan.grids[0].code}w1" in usernames


def test_accounts_cover_every_town_and_village_and_the_district():
    plan = gen.plan_district("haimen", "small")
    accounts = list(gen.iter_accounts(plan))
    covered = {(a.role, a.region_code) for a in accounts}
    for region in plan.regions:
        role = {"district": "district_admin", "town": "town_cadre", "village": "village_cadre"}.get(region.level)
        assert role is None or (role, region.code) in covered


def test_the_csv_has_exactly_the_formats_md_columns(tmp_path):
    plan = gen.plan_district("haimen", "small").first_grids(2)
    regions, residents = gen.write_csv(plan, tmp_path, seed=5)
    with regions.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["code", "name", "level", "parent_code"]
    assert [r["level"] for r in rows[:3]] == ["district", "town", "village"]
    with residents.open(encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    assert list(people[0]) == ["id_number", "name", "phone", "grid_code", "address", "residence_type", "household",
                               "no_smartphone"]
    assert len(people) == plan.population
    assert {p["no_smartphone"] for p in people} <= {"0", "1"}
    assert {p["residence_type"] for p in people} <= {"registered", "resident", "migrant"}
