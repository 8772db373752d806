"""The screening rule of formats.md, clause by clause, as tables of (stay, designations, expected flag).

T = 2021-08-05 00:00 +08:00 unless a case says otherwise; L = R = 14 days, so T − L = 07-22 00:00."""

import pytest

from .helpers import ID_A, screen, stay

LUKOU = "320115005"  # 江宁区禄口街道 (9 digits); its village 320115005001, its county 320115, its city 3201
HIGH_OPEN = (LUKOU, "high", "2021-07-29", None)

CASES = [
    # --- the lookback window: b >= T − L
    ("b exactly T − L is in", stay("320115005001", "2021-07-20", "2021-07-22T00:00:00"), [HIGH_OPEN],
     {}, ("high", LUKOU)),
    ("b one second before T − L is out", stay("320115005001", "2021-07-20", "2021-07-21T23:59:59"), [HIGH_OPEN],
     {}, None),
    # --- the retro window: b >= f − R (L = 30 here so that only R decides)
    ("b exactly f − R is in", stay("320115005001", "2021-07-10", "2021-07-15T00:00:00"), [HIGH_OPEN],
     {"lookback": 30}, ("high", LUKOU)),
    ("b one second before f − R is out", stay("320115005001", "2021-07-10", "2021-07-14T23:59:59"), [HIGH_OPEN],
     {"lookback": 30}, None),
    # --- a <= min(t, T)
    ("open-ended designation: a = T is in", stay("320115005001", "2021-08-05T00:00:00"), [HIGH_OPEN],
     {}, ("high", LUKOU)),
    ("a one second after T is out", stay("320115005001", "2021-08-05T00:00:01"), [HIGH_OPEN], {}, None),
    ("lifted designation: a = t is in", stay("320115005001", "2021-08-01T00:00:00"),
     [(LUKOU, "high", "2021-07-29", "2021-08-01")], {}, ("high", LUKOU)),
    ("lifted designation: a after t is out", stay("320115005001", "2021-08-01T00:00:01"),
     [(LUKOU, "high", "2021-07-29", "2021-08-01")], {}, None),
    ("a designation taking effect after T is not known at T", stay("320115005001", "2021-08-04"),
     [(LUKOU, "high", "2021-08-06", None)], {}, None),
    # --- left_at empty = arrived_at
    ("left_at empty is treated as arrived_at (in)", stay("320115005001", "2021-07-30T08:00", ""), [HIGH_OPEN],
     {}, ("high", LUKOU)),
    ("left_at empty is treated as arrived_at (out of L)", stay("320115005001", "2021-07-21T08:00", ""),
     [HIGH_OPEN], {}, None),
    # --- prefix matching at 6, 9 and 12 digits
    ("6-digit county designation", stay("320115005001", "2021-08-01"), [("320115", "medium", "2021-07-29", None)],
     {}, ("medium", "320115")),
    ("9-digit street designation", stay("320115005001", "2021-08-01"), [(LUKOU, "medium", "2021-07-29", None)],
     {}, ("medium", LUKOU)),
    ("12-digit village designation", stay("320115005001", "2021-08-01"),
     [("320115005001", "medium", "2021-07-29", None)], {}, ("medium", "320115005001")),
    ("12-digit code of a neighbouring village: same city only", stay("320115005002", "2021-08-01"),
     [("320115005001", "medium", "2021-07-29", None)], {}, ("same_city", "320115005001")),
    ("a 15-digit place code matches by its prefix", stay("320115005001007", "2021-08-01"), [HIGH_OPEN],
     {}, ("high", LUKOU)),
    # --- designation choice: most severe, then longest code
    ("longest code among equally severe", stay("320115005001", "2021-08-01"),
     [("320115", "high", "2021-07-29", None), (LUKOU, "high", "2021-07-29", None)], {}, ("high", LUKOU)),
    ("most severe beats longest", stay("320115005001", "2021-08-01"),
     [("320115", "high", "2021-07-29", None), ("320115005001", "medium", "2021-07-29", None)], {},
     ("high", "320115")),
    # --- downgrade: the high row ends when the medium row starts (T = 08-20, T − L = 08-06)
    ("downgrade: a stay in the high period is high", stay("320115005001", "2021-08-10"),
     [(LUKOU, "high", "2021-07-29", "2021-08-15"), (LUKOU, "medium", "2021-08-15", None)],
     {"as_of": "2021-08-20"}, ("high", LUKOU)),
    ("downgrade: a stay in the medium period only is medium", stay("320115005001", "2021-08-16"),
     [(LUKOU, "high", "2021-07-29", "2021-08-15"), (LUKOU, "medium", "2021-08-15", None)],
     {"as_of": "2021-08-20"}, ("medium", LUKOU)),
    ("downgrade to low: the low row is ignored", stay("320115005001", "2021-08-20"),
     [(LUKOU, "medium", "2021-08-15", "2021-08-19"), (LUKOU, "low", "2021-08-19", None)],
     {"as_of": "2021-08-21"}, None),
    # --- low designations never match, not even for the same city
    ("low designation never matches", stay("320115005001", "2021-08-01"), [(LUKOU, "low", "2021-07-29", None)],
     {}, None),
    ("a low designation does not star the city", stay("320102001001", "2021-08-01"),
     [(LUKOU, "low", "2021-07-29", None)], {}, None),
    # --- same city: in force at some moment of the stay, R ignored
    ("same city while the city's designation is in force", stay("320102001001", "2021-08-01"), [HIGH_OPEN],
     {}, ("same_city", LUKOU)),
    ("same city ignores R: a stay before f is not same-city", stay("320102001001", "2021-07-25", "2021-07-28"),
     [HIGH_OPEN], {}, None),
    ("same city: a stay ending exactly at f counts", stay("320102001001", "2021-07-25", "2021-07-29T00:00"),
     [HIGH_OPEN], {}, ("same_city", LUKOU)),
    ("same city after the designation was lifted is nothing", stay("320102001001", "2021-08-03"),
     [(LUKOU, "high", "2021-07-29", "2021-08-02")], {}, None),
    ("same city reports the lowest code", stay("320102001001", "2021-08-01"),
     [HIGH_OPEN, ("320106005", "medium", "2021-07-31", None)], {}, ("same_city", "320106005")),
    ("another city is nothing", stay("321002003001", "2021-08-01"), [HIGH_OPEN], {}, None),
    ("same city also needs b >= T − L", stay("320102001001", "2021-07-20", "2021-07-21"),
     [(LUKOU, "high", "2021-07-01", None)], {}, None),
]


@pytest.mark.parametrize("record, areas, options, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path, record, areas, options, expected):
    result, flags = screen(tmp_path, [record], areas, **options)
    result.close()
    if expected is None:
        assert flags == []
    else:
        assert [(f["category"], f["area_code"]) for f in flags] == [expected]


def flag_of(tmp_path, records, areas, **options):
    result, flags = screen(tmp_path, records, areas, **options)
    result.close()
    assert len(flags) == 1, flags
    return flags[0]


def test_a_direct_match_wins_over_a_later_same_city_stay(tmp_path):
    flag = flag_of(tmp_path, [stay("320115005001", "2021-07-30"), stay("320102001001", "2021-08-03")],
                   [HIGH_OPEN])
    assert (flag["category"], flag["place_code"]) == ("high", "320115005001")


def test_the_most_severe_stay_wins_over_a_later_one(tmp_path):
    flag = flag_of(tmp_path, [stay("320115005001", "2021-07-30"), stay("321002003001", "2021-08-03")],
                   [HIGH_OPEN, ("321002003", "medium", "2021-08-01", None)])
    assert (flag["category"], flag["area_code"]) == ("high", LUKOU)


def test_among_equal_stays_the_latest_b_wins(tmp_path):
    flag = flag_of(tmp_path, [stay("320115005001", "2021-07-30", "2021-08-02"),
                              stay("320115005002", "2021-07-31", "2021-08-01")], [HIGH_OPEN])
    assert flag["place_code"] == "320115005001"


def test_with_equal_b_the_latest_a_wins(tmp_path):
    flag = flag_of(tmp_path, [stay("320115005001", "2021-07-30", "2021-08-02"),
                              stay("320115005002", "2021-07-31", "2021-08-02")], [HIGH_OPEN])
    assert flag["place_code"] == "320115005002"


def test_with_equal_a_and_b_the_lowest_record_id_wins(tmp_path):
    records = [stay("320115005001", "2021-07-30", record_id="10"), stay("320115005002", "2021-07-30", record_id="9"),
               stay("320115005003", "2021-07-30", record_id="11")]
    flag = flag_of(tmp_path, records, [HIGH_OPEN])
    assert flag["place_code"] == "320115005002"  # 9 < 10 < 11: numeric record ids compare as numbers


def test_id_phone_and_name_come_from_the_chosen_stay(tmp_path):
    records = [stay("320115005001", "2021-07-30", phone="13800000001", name="甲"),
               stay("320115005002", "2021-08-01", phone="13800000002", name="乙")]
    flag = flag_of(tmp_path, records, [HIGH_OPEN])
    assert (flag["phone"], flag["name"]) == ("13800000002", "乙")


def test_a_person_is_identified_by_id_number_else_by_phone(tmp_path):
    """formats.md: "identified by id_number when present, else by phone". The same person pushed once with an ID
    and once with only a phone is two people (two person_keys, two flags); matching to residents may then
    resolve both to the same resident, and the follow-up app deduplicates by resident."""
    records = [stay("320115005001", "2021-07-30", phone="13800000001"),
               {**stay("320115005001", "2021-07-31", phone="13800000001"), "id_number": ""}]
    result, flags = screen(tmp_path, records, [HIGH_OPEN])
    result.close()
    assert [f["person_key"] for f in flags] == [ID_A, "13800000001"]  # sorted by person_key


def test_one_flag_per_person(tmp_path):
    records = [stay("320115005001", f"2021-07-{d}") for d in range(23, 32)]
    result, flags = screen(tmp_path, records, [HIGH_OPEN])
    result.close()
    assert len(flags) == 1 and flags[0]["arrived_at"] == "2021-07-31T00:00:00+08:00"
