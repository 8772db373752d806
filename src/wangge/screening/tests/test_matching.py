"""Matching flagged people to residents (ID number, then a phone only one resident has), routing the unmatched
by destination code to the deepest region of ours, and storing a run with its scoped flags."""

import random

import pytest

from wangge.conftest import GRID_A, OTHER_TOWN, TOWN, VILLAGE
from wangge.core.models import ChangeEvent
from wangge.screening import actions, engine
from wangge.screening.models import Flag, RiskArea

from .helpers import ID_A, screen, stay, t, write_travel

LUKOU = ("320115005", "high", "2021-07-29", None)


def db_screen(tmp_path, records):
    return screen(tmp_path, records, [LUKOU], residents=engine.residents_from_db(), regions=engine.regions_from_db())


def by_key(flags):
    return {f["person_key"]: f for f in flags}


@pytest.mark.django_db
def test_matching_by_id_number_then_by_a_phone_held_by_one_resident(tmp_path, district):
    a1, a2, _ = district["residents"][GRID_A]
    c1 = district["residents"]["320684103001001"][0]
    records = [
        {**stay("320115005001", "2021-07-30"), "id_number": a1.id_number},               # by ID
        {**stay("320115005001", "2021-07-30"), "id_number": "", "phone": a2.phone},      # by phone
        {**stay("320115005001", "2021-07-30"), "id_number": ID_A, "phone": c1.phone},   # unknown ID, phone fits
    ]
    result, flags = db_screen(tmp_path, records)
    result.close()
    flags = by_key(flags)
    assert (flags[a1.id_number]["resident_id_number"], flags[a1.id_number]["grid_code"]) == (a1.id_number, GRID_A)
    assert flags[a2.phone]["resident_id_number"] == a2.id_number
    assert flags[ID_A]["resident_id_number"] == c1.id_number  # "failing that, by phone"
    assert (result.matched, result.matched_by_phone) == (3, 2)


@pytest.mark.django_db
def test_a_family_phone_is_not_a_match_and_the_person_is_routed(tmp_path, district):
    a1, a2, _ = district["residents"][GRID_A]
    a2.phone = a1.phone
    a2.save()
    records = [{**stay("320115005001", "2021-07-30"), "id_number": "", "phone": a1.phone,
                "destination_code": GRID_A + "999"}]
    result, flags = db_screen(tmp_path, records)
    result.close()
    assert flags[0]["resident_id_number"] == "" and flags[0]["routed_to"] == GRID_A


@pytest.mark.parametrize("destination, routed", [
    ("320684102001999", VILLAGE),   # no such grid: the village
    ("320684102777", TOWN),         # no such village: the town
    ("320684103", OTHER_TOWN),      # exactly a town
    ("320684999", "320684"),        # no such town: the district
    ("110101001", ""),              # not ours: unroutable
    ("", ""),                       # no destination: unroutable
])
@pytest.mark.django_db
def test_the_unmatched_are_routed_to_the_deepest_region_that_is_a_prefix(tmp_path, district, destination, routed):
    records = [{**stay("320115005001", "2021-07-30"), "destination_code": destination}]
    result, flags = db_screen(tmp_path, records)
    result.close()
    assert flags[0]["routed_to"] == routed
    assert (result.routed, result.unroutable) == ((1, 0) if routed else (0, 1))


@pytest.mark.django_db
def test_a_matched_person_is_not_routed(tmp_path, district):
    a1 = district["residents"][GRID_A][0]
    records = [{**stay("320115005001", "2021-07-30"), "id_number": a1.id_number, "destination_code": OTHER_TOWN}]
    result, flags = db_screen(tmp_path, records)
    result.close()
    assert (flags[0]["grid_code"], flags[0]["routed_to"]) == (GRID_A, "")


@pytest.mark.django_db
def test_residents_export_on_this_database(district):
    table = engine.residents_from_db()
    assert table.num_rows == 9 and set(table.column("grid_code").to_pylist()) == {
        r.grid.code for rs in district["residents"].values() for r in rs}


def stored_run(tmp_path, district, admin_user):
    a1 = district["residents"][GRID_A][0]
    RiskArea.objects.create(area_code="320115005", area_name="南京市江宁区禄口街道", level="high",
                            effective_from=t("2021-07-29"))
    records = [
        {**stay("320115005001", "2021-07-30"), "id_number": a1.id_number},                       # matched, grid A
        {**stay("320115005001", "2021-07-30"), "id_number": "", "phone": "13900000001",
         "destination_code": "320684102001"},                                                     # routed: village
        {**stay("320115005001", "2021-07-30"), "id_number": "", "phone": "13900000002",
         "destination_code": "110101"},                                                           # unroutable
        {**stay("320102001001", "2021-08-01"), "id_number": "", "phone": "13900000003",
         "destination_code": OTHER_TOWN},                                                         # same city, town
    ]
    path = write_travel(tmp_path / "push.csv", records)
    outcome = actions.do_screen(admin_user, path, as_of=t("2021-08-05"))
    run = actions.do_store_run(admin_user, outcome)
    outcome.close()
    return run


@pytest.mark.django_db
def test_storing_a_run_keeps_its_counts_and_scopes_each_flag(tmp_path, district, admin_user):
    run = stored_run(tmp_path, district, admin_user)
    assert (run.records_read, run.flags_high, run.flags_same_city, run.matched, run.routed, run.unroutable) == (
        4, 3, 1, 1, 2, 1)
    assert (run.lookback_days, run.retro_days, run.user) == (14, 14, admin_user)
    regions = dict(Flag.objects.filter(run=run).values_list("phone", "region_code"))
    assert regions["13900000001"] == VILLAGE and regions["13900000002"] == "320684"
    assert regions["13900000003"] == OTHER_TOWN
    matched = Flag.objects.get(run=run, resident__isnull=False)
    assert (matched.grid.code, matched.region_code, matched.matched_by) == (GRID_A, GRID_A, "id_number")
    assert ChangeEvent.objects.filter(action="bulk", count=4).exists()


@pytest.mark.django_db
def test_flags_are_scoped_to_the_grid_the_routed_region_and_the_district(tmp_path, district, admin_user, worker,
                                                                         cadre, outsider):
    stored_run(tmp_path, district, admin_user)
    assert Flag.objects.restrict(admin_user).count() == 4
    assert Flag.objects.restrict(cadre).count() == 2          # grid A's person and the one routed to the village
    assert Flag.objects.restrict(worker).count() == 1         # only the grid's own resident
    assert Flag.objects.restrict(outsider).count() == 0       # nothing of grid A, nothing routed


@pytest.mark.django_db
def test_policy_parameters_fall_back_to_14_days_and_can_be_overridden(db):
    params = actions.policy_parameters(t("2021-08-05"))
    assert (params.lookback_days, params.retro_days) in ((14, 14), (7, 7))
    params = actions.policy_parameters(t("2021-08-05"), lookback_days=7, retro_days=3)
    assert (params.lookback_days, params.retro_days) == (7, 3)


def test_random_push_agrees_with_a_python_reading_of_the_rule(tmp_path):
    """A property check: 300 random stays of 60 people against random designations, compared with a direct
    Python transcription of formats.md."""
    import datetime

    rng = random.Random(3)
    codes = ["320115", "320115005", "320115005001", "320106005", "321002003", "321003003001"]
    places = ["320115005001", "320115005002", "320115006001", "320106005001", "320102001001", "321002003004",
              "321003003001", "321003004001", "330106001001"]
    base = datetime.datetime(2021, 7, 10, tzinfo=engine.CST)
    areas = []
    for _ in range(8):
        f = base + datetime.timedelta(hours=rng.randrange(0, 30 * 24))
        to = f + datetime.timedelta(hours=rng.randrange(24, 20 * 24)) if rng.random() < 0.5 else None
        areas.append((rng.choice(codes), rng.choice(["high", "medium", "low"]), f, to))
    records = []
    for _ in range(300):
        a = base + datetime.timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
        b = a + datetime.timedelta(minutes=rng.randrange(0, 3 * 24 * 60)) if rng.random() < 0.8 else None
        records.append({"id_number": person_id(rng.randrange(60)), "place_code": rng.choice(places),
                        "arrived_at": a.isoformat(), "left_at": b.isoformat() if b else ""})
    T, L, R = datetime.datetime(2021, 8, 5, tzinfo=engine.CST), 14, 14
    path = write_travel(tmp_path / "push.csv", records)
    result = engine.screen(path, as_of=T, lookback_days=L, retro_days=R,
                           designations=engine.designations_table(areas))
    got = {r[0]: (r[4], r[5], r[6]) for r in result.flags_csv_rows()}
    result.close()
    assert got == python_rule(records, areas, T, L, R)


def person_id(n: int) -> str:
    """A synthetic ID number with a valid check digit for person `n` (the engine refuses a bad check digit)."""
    from wangge.core.ids import check_digit

    first17 = f"11010519491231{n:03d}"
    return first17 + check_digit(first17)


def python_rule(records, areas, T, L, R):
    import datetime

    day = datetime.timedelta(days=1)
    live = [(c, lvl, f, to) for c, lvl, f, to in areas if lvl != "low" and f <= T]
    best = {}
    for n, rec in enumerate(records, start=1):
        a = datetime.datetime.fromisoformat(rec["arrived_at"])
        b = datetime.datetime.fromisoformat(rec["left_at"]) if rec["left_at"] else a
        p = rec["place_code"]
        if b < T - L * day or a > T:
            continue
        direct = [(0 if lvl == "high" else 1, -len(c), c) for c, lvl, f, to in live
                  if p.startswith(c) and a <= min(to or T, T) and b >= f - R * day]
        if direct:
            sev, _, code = min(direct)
        else:
            city = [c for c, lvl, f, to in live if c[:4] == p[:4] and a <= min(to or T, T) and b >= f]
            if not city:
                continue
            sev, code = 2, min(city)
        key = (sev, -b.timestamp(), -a.timestamp(), n)
        person = rec["id_number"]
        if person not in best or key < best[person][0]:
            best[person] = (key, (["high", "medium", "same_city"][sev], code, p))
    return {k: v[1] for k, v in best.items()}
