"""Vaccination's figures on the command centre: doses of the day and first-dose / full-course / booster coverage
over the eligible population, at grid, village and town level, equal to a hand count and to the coverage page."""

import random
from collections import Counter

import pytest

from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, TOWN, VILLAGE, make_region, make_resident
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live, stored
from wangge.people.models import Resident
from wangge.regions.choices import RegionLevel
from wangge.vaccination import actions
from wangge.vaccination.coverage import coverage_by_child_region
from wangge.vaccination.models import Dose, VaccineProduct

from .helpers import TODAY, born_aged, days_ago

pytestmark = pytest.mark.django_db


def doses(actor, person, *dates, product):
    for n, date in enumerate(dates, start=1):
        actions.do_record_dose(actor, person, dose_number=n, date=date, product=product)


@pytest.fixture
def vaccinated(district, admin_user, inactivated):
    """Grid A: full course today, a first dose today, a booster; an elderly woman fully vaccinated with the
    one-dose vaccine. Grid B: a first dose 5 days ago, a child of 2 with a dose (not eligible). Other town: a
    first dose today."""
    rng = random.Random(5)
    a, b, c = (district["residents"][g] for g in (GRID_A, GRID_B, OTHER_GRID))
    for person in (*a, *b, *c):  # everyone aged 3+ (the fixture's births are random)
        person.birth_date = born_aged(30)
        person.save()
    elderly = make_resident(district["grid_a"], rng, birth_date=born_aged(65))
    child = make_resident(district["grid_b"], rng, birth_date=born_aged(2))
    doses(admin_user, a[0], days_ago(21), TODAY, product=inactivated)
    doses(admin_user, a[1], TODAY, product=inactivated)
    doses(admin_user, a[2], days_ago(200), days_ago(170), days_ago(10), product=inactivated)
    doses(admin_user, elderly, days_ago(3), product=VaccineProduct.objects.get(code="cansino"))
    doses(admin_user, b[0], days_ago(5), product=inactivated)
    doses(admin_user, child, days_ago(1), product=inactivated)
    doses(admin_user, c[0], TODAY, product=inactivated)
    return district


def hand(day, step, min_age=3) -> Counter:
    """Residents aged min_age+ on `day` whose status has the step's date on or before it."""
    counts: Counter = Counter()
    for person in Resident.objects.select_related("vaccination"):
        age = day.year - person.birth_date.year - ((day.month, day.day) < (person.birth_date.month,
                                                                           person.birth_date.day))
        status = getattr(person, "vaccination", None)
        date = getattr(status, f"{step}_date", None) if status else None
        if age >= min_age and date is not None and date <= day:
            counts[person.region_code] += 1
    return counts


def test_coverage_counts_match_a_hand_count_at_every_level(vaccinated):
    assert hand(TODAY, "first_dose") == Counter({GRID_A: 4, GRID_B: 1, OTHER_GRID: 1})  # not the child
    for key, step, age in (("vaccination.first_dose", "first_dose", 3), ("vaccination.full_course", "full_course", 3),
                           ("vaccination.booster", "booster", 3), ("vaccination.first_dose_60", "first_dose", 60),
                           ("vaccination.full_course_60", "full_course", 60)):
        assert at_levels(key, TODAY) == expected_levels(hand(TODAY, step, age)), key
    assert live("vaccination.full_course", TODAY, 15) == {GRID_A: 3}
    assert live("vaccination.full_course_60", TODAY, 12, region=TOWN) == {VILLAGE: 1}


def test_doses_of_the_day_and_coverage_on_an_earlier_day(vaccinated):
    assert at_levels("vaccination.doses", TODAY) == expected_levels(Counter(
        Dose.objects.filter(date=TODAY).values_list("region_code", flat=True)))
    assert live("vaccination.doses", TODAY, 15, region=TOWN) == {GRID_A: 2}
    yesterday = days_ago(1)
    assert live("vaccination.doses", yesterday, 15) == {GRID_B: 1}  # the child's
    # Yesterday, grid A's first dose of today had not been given and its full course was not complete.
    assert live("vaccination.first_dose", yesterday, 15, region=TOWN) == {GRID_A: 3, GRID_B: 1}
    assert live("vaccination.full_course", yesterday, 15, region=TOWN) == {GRID_A: 2}


def test_coverage_ratios_equal_the_coverage_page(vaccinated, admin_user):
    empty = make_region("320684102001003", "大石村第三网格", RegionLevel.GRID, vaccinated["village"])
    rows, total = coverage_by_child_region(admin_user, vaccinated["village"], TODAY)
    codes = [VILLAGE, GRID_A, GRID_B, empty.code]
    table = stored(["vaccination.first_coverage", "vaccination.full_coverage", "vaccination.booster_coverage",
                    "people.aged_3_plus"], codes, TODAY)
    page = {row.key: row for row in rows} | {VILLAGE: total}
    for code in (VILLAGE, GRID_A, GRID_B):
        assert table["people.aged_3_plus"][code] == page[code].eligible
        assert table["vaccination.first_coverage"][code] == page[code].first_rate
        assert table["vaccination.full_coverage"][code] == page[code].full_rate
        assert table["vaccination.booster_coverage"][code] == page[code].booster_rate
    assert table["vaccination.first_coverage"][GRID_A] == 100.0  # 4 of 4 aged 3+
    # A grid with nobody to vaccinate has no coverage (not 0 %).
    assert table["vaccination.first_coverage"][empty.code] is None
    elderly = stored(["vaccination.first_coverage_60"], [TOWN, GRID_B], TODAY, refresh=False)
    assert elderly["vaccination.first_coverage_60"] == {TOWN: 100.0, GRID_B: None}


def test_figures_follow_the_days_records(vaccinated, admin_user, inactivated):
    before = live("vaccination.first_dose", TODAY, 9)[TOWN]
    person = vaccinated["residents"][GRID_B][1]
    actions.do_record_dose(admin_user, person, dose_number=1, date=TODAY, product=inactivated)
    assert live("vaccination.first_dose", TODAY, 9)[TOWN] == before + 1
    assert live("vaccination.doses", TODAY, 9)[TOWN] == 3
