"""Screening's figures on the command centre: the people flagged by the day's screening runs, at grid, village and
town level, equal to a hand count of the stored flags (one person once, however many pushed lists named them)."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command

from wangge.conftest import DISTRICT, GRID_A, GRID_B, OTHER_GRID, TOWN, VILLAGE
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live
from wangge.screening import actions
from wangge.screening.models import Flag

from .conftest import SAMPLE
from .helpers import stay, t, write_travel

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 8, 5)


def store(tmp_path, admin_user, name, records, as_of):
    outcome = actions.do_screen(admin_user, write_travel(tmp_path / name, records), as_of=t(as_of))
    try:
        return actions.do_store_run(admin_user, outcome, open_followups=False)
    finally:
        outcome.close()


@pytest.fixture
def runs(tmp_path, district, admin_user):
    """Two pushed lists on 08-05 (grid A's first person in both; a stranger routed to the village; one with a
    destination outside the district; the other town's person) and one on 08-04 (grid B's)."""
    call_command("import_risk_areas", str(SAMPLE), stdout=open("/dev/null", "w"))
    a1, b1, c1 = (district["residents"][g][0] for g in (GRID_A, GRID_B, OTHER_GRID))
    lukou, moling = "320115005001", "320115002001"  # 南京禄口街道 (high), 秣陵街道 (medium) in early August 2021
    store(tmp_path, admin_user, "one.csv", [
        {**stay(lukou, "2021-08-01"), "id_number": a1.id_number},
        {**stay(moling, "2021-08-01"), "id_number": "", "phone": "13900000009", "destination_code": VILLAGE},
        {**stay(lukou, "2021-08-01"), "id_number": "", "phone": "13900000010", "destination_code": "110105001"},
        {**stay(moling, "2021-08-02"), "id_number": c1.id_number},
    ], "2021-08-05T08:00")
    store(tmp_path, admin_user, "two.csv", [{**stay(lukou, "2021-08-01"), "id_number": a1.id_number}],
          "2021-08-05T16:00")
    store(tmp_path, admin_user, "old.csv", [{**stay(lukou, "2021-07-28"), "id_number": b1.id_number}],
          "2021-08-04T08:00")
    return district


def hand(day, keep=lambda f: True) -> Counter:
    people = {(f.region_code, f.person_key) for f in Flag.objects.select_related("run")
              if f.run.as_of.astimezone(t("2021-08-05").tzinfo).date() == day and keep(f)}
    return Counter(code for code, _key in people)


def test_the_days_flags_match_a_hand_count(runs):
    assert hand(DAY) == Counter({GRID_A: 1, VILLAGE: 1, DISTRICT: 1, OTHER_GRID: 1})
    assert at_levels("screening.flagged", DAY) == expected_levels(hand(DAY))
    assert hand(DAY, lambda f: f.category == "medium") == Counter({VILLAGE: 1, OTHER_GRID: 1})
    for key, keep in (("screening.flagged_high", lambda f: f.category == "high"),
                      ("screening.flagged_medium", lambda f: f.category == "medium"),
                      ("screening.unmatched", lambda f: f.resident_id is None)):
        assert at_levels(key, DAY) == expected_levels(hand(DAY, keep)), key
    assert live("screening.unmatched", DAY, 15, region=TOWN) == {VILLAGE: 1}
    # The unroutable person counts for the district only; the other town's never for this town.
    assert live("screening.flagged", DAY, 9) == {DISTRICT: 1, TOWN: 2, OTHER_GRID[:9]: 1}
    assert live("screening.flagged", DAY, 12, region=TOWN) == {VILLAGE: 2}
    # Each day counts its own runs.
    assert live("screening.flagged", DAY - datetime.timedelta(days=1), 15) == {GRID_B: 1}
