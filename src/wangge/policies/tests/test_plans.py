"""Each shipped version gives exactly the plans of domain.md §2 (table-driven)."""

import datetime

import pytest

from wangge.policies.evaluation import measure_plan, nat_due, nat_missed
from wangge.policies.schema import PolicyError

START = datetime.date(2021, 8, 1)


def day(n: int, start: datetime.date = START) -> datetime.date:
    """Day n of a measure that starts on `start` (day 1 = start)."""
    return start + datetime.timedelta(days=n - 1)


# (version, category, has_certificate) → [(kind, first day, last day, NAT days counted from the MEASURE start)]
# The NAT days of domain.md count from each phase's start; they are converted here by hand so that the test
# does not share the code's arithmetic: e.g. A high's monitoring NAT days 2 and 7 are measure days 16 and 21.
CASES = [
    ("A", "high", None, [("centralized_isolation", 1, 14, [1, 4, 7, 14]),
                         ("home_health_monitoring", 15, 21, [16, 21])]),
    ("A", "medium", None, [("home_isolation", 1, 14, [1, 7, 14])]),
    ("A", "same_city", None, [("three_days_two_tests", 1, 3, [1, 3])]),
    ("B", "high", None, [("centralized_isolation", 1, 14, [1, 2, 3, 4, 7, 14]),
                         ("home_health_monitoring", 15, 21, [16, 21])]),
    ("B", "medium", None, [("centralized_isolation", 1, 14, [1, 2, 3, 4, 7, 14]),
                           ("home_health_monitoring", 15, 21, [16, 21])]),
    ("B", "same_city", None, [("arrival_test", 1, 1, [1]), ("health_monitoring", 2, 8, [])]),
    ("B", "same_city", False, [("arrival_test", 1, 1, [1]), ("health_monitoring", 2, 8, [])]),
    ("B", "same_city", True, [("health_monitoring", 1, 7, [])]),
    ("E", "high", None, [("centralized_isolation", 1, 7, [1, 2, 3, 5, 7])]),
    ("E", "medium", None, [("home_isolation", 1, 7, [1, 4, 7])]),
    ("E", "same_city", None, [("three_days_two_tests", 1, 3, [1, 3])]),
    ("E", "close_contact", None, [("centralized_isolation", 1, 7, [1, 2, 3, 5, 7]),
                                  ("home_health_monitoring", 8, 10, [10])]),
    ("F", "high", None, [("home_isolation", 1, 7, [1, 3, 5, 7])]),
    ("F", "close_contact", None, [("centralized_isolation", 1, 5, [1, 2, 3, 5]), ("home_isolation", 6, 8, [6, 8])]),
]


@pytest.mark.parametrize("code,category,certificate,expected", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
@pytest.mark.parametrize("start", [START, datetime.date(2021, 12, 30)], ids=["aug", "across-new-year"])
def test_each_shipped_version_gives_the_plan_of_the_domain_table(docs, code, category, certificate, expected, start):
    plan = measure_plan(docs[code], category, start, has_certificate=certificate)
    got = [(p.kind, p.start, p.end, list(p.nat_dates)) for p in plan.phases]
    want = [(kind, day(a, start), day(b, start), [day(n, start) for n in nats]) for kind, a, b, nats in expected]
    assert got == want
    assert plan.end == day(expected[-1][2], start)
    assert list(plan.nat_dates) == sorted(day(n, start) for *_k, nats in expected for n in nats)
    assert plan.then == "release"
    assert plan.policy_code == code and plan.category == category


def test_a_high_spelled_out_in_dates(docs):
    plan = measure_plan(docs["A"], "high", datetime.date(2021, 8, 5))
    assert [(p.kind, p.start.isoformat(), p.end.isoformat()) for p in plan.phases] == [
        ("centralized_isolation", "2021-08-05", "2021-08-18"), ("home_health_monitoring", "2021-08-19", "2021-08-25")]
    assert [d.isoformat() for d in plan.nat_dates] == [
        "2021-08-05", "2021-08-08", "2021-08-11", "2021-08-18", "2021-08-20", "2021-08-25"]
    assert plan.end.isoformat() == "2021-08-25"


def test_e_medium_falls_back_to_centralized_isolation_when_home_is_unsuitable(docs):
    phase = measure_plan(docs["E"], "medium", START).phases[0]
    assert phase.fallback == "centralized_isolation" and phase.note


def test_b_same_city_arrival_test_is_waived_with_a_certificate(docs):
    plan = measure_plan(docs["B"], "same_city", START, has_certificate=True)
    assert plan.waived == ("arrival_test",)
    assert plan.nat_dates == ()


@pytest.mark.parametrize("code,category", [("F", "medium"), ("F", "same_city"), ("A", "close_contact"),
                                           ("B", "close_contact")])
def test_a_category_the_version_does_not_have_raises_a_clear_error(docs, code, category):
    with pytest.raises(PolicyError) as exc:
        measure_plan(docs[code], category, START)
    assert category in str(exc.value) and code in str(exc.value)
    assert exc.value.field == "category"


def test_an_unknown_category_is_refused(docs):
    with pytest.raises(PolicyError, match="low_risk"):
        measure_plan(docs["A"], "low_risk", START)


def test_plan_knows_the_phase_and_day_number_of_a_date(docs):
    plan = measure_plan(docs["A"], "high", START)
    assert plan.phase_on(day(14)).kind == "centralized_isolation"
    assert plan.phase_on(day(15)).kind == "home_health_monitoring"
    assert plan.phase_on(day(22)) is None and plan.phase_on(day(0)) is None
    assert plan.day_number(day(15)) == 15


def test_tests_still_due_are_those_from_today_not_done(docs):
    plan = measure_plan(docs["A"], "high", START)
    assert nat_due(plan, [day(1)], day(4)) == [day(4), day(7), day(14), day(16), day(21)]
    assert nat_due(plan, [day(1), day(4)], day(4)) == [day(7), day(14), day(16), day(21)]
    assert nat_missed(plan, [day(1)], day(5)) == [day(4)]
    assert nat_due(plan, [], day(22)) == []


def test_plans_serialise_to_json(docs):
    data = measure_plan(docs["A"], "high", START).as_dict()
    assert data["end"] == "2021-08-21" and data["kinds"] == ["centralized_isolation", "home_health_monitoring"]
    assert data["phases"][1]["nat_dates"] == ["2021-08-16", "2021-08-21"]
