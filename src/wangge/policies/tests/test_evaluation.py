"""Checkpoint decisions (domain.md §3), pool sizes (§4), task limits, escalation and the switch preview."""

import datetime

import pytest

from wangge.policies.evaluation import (
    FollowUpFacts,
    checkpoint_decision,
    diff_plans,
    escalation_target,
    measure_plan,
    next_level,
    pool_size,
    preview_switch,
    task_limits,
)
from wangge.policies.schema import PolicyError

# code colour, starred, latest negative NAT age (h) or None, temperature → action
CHECKPOINT_TABLE = [
    ("red", False, None, 36.5, "centralized_isolation"),
    ("red", True, 5, 36.5, "centralized_isolation"),
    ("red", False, None, 38.5, "centralized_isolation"),  # red outranks fever
    ("yellow", False, None, 36.5, "persuade_back"),
    ("yellow", True, 10, 36.8, "persuade_back"),
    ("green", True, 24, 36.5, "pass"),
    ("green", True, 48, 36.5, "pass"),  # 48 h is still within 48 h
    ("green", True, 48.5, 36.5, "need_nat_48h"),
    ("green", True, None, 36.5, "need_nat_48h"),
    ("green", False, None, 36.5, "pass"),
    ("green", False, None, None, "pass"),  # temperature not measured
    ("green", False, None, 37.2, "pass"),
    ("green", False, None, 37.3, "medical_check"),  # fever: ≥ 37.3 °C
    ("green", True, 2, 38.0, "medical_check"),
    ("yellow", False, None, 37.5, "medical_check"),
]


@pytest.mark.parametrize("code", "ABEF")
@pytest.mark.parametrize("colour,starred,nat_age,temperature,action", CHECKPOINT_TABLE)
def test_checkpoint_decisions_follow_the_table(docs, code, colour, starred, nat_age, temperature, action):
    decision = checkpoint_decision(docs[code], colour, starred, nat_age, temperature)
    assert decision.action == action
    assert decision.reason
    assert decision.passes == (action == "pass")


def test_an_unknown_code_colour_is_refused(docs):
    with pytest.raises(PolicyError, match="purple"):
        checkpoint_decision(docs["A"], "purple", False, None, 36.5)


@pytest.mark.parametrize("code", "ABEF")
def test_pool_sizes_by_risk(docs, code):
    assert [pool_size(docs[code], risk) for risk in ("high", "medium", "low")] == [1, 5, 10]
    with pytest.raises(PolicyError):
        pool_size(docs[code], "extreme")


def test_task_limits(docs):
    limits = task_limits(docs["A"])
    assert limits.verify_within_hours == 24 and limits.visit_every_days == 1
    assert limits.same_day_clearance is True and limits.unreachable_attempts == 3


@pytest.mark.parametrize("level,hours,target", [
    ("grid", 0, "grid"), ("grid", 11.9, "grid"), ("grid", 12, "village"), ("grid", 23, "village"),
    ("grid", 24, "town"), ("grid", 500, "town"), ("village", 11, "village"), ("village", 12, "town"),
    ("town", 1000, "town"),
])
def test_escalation_climbs_the_chain_by_hours_overdue(docs, level, hours, target):
    assert escalation_target(docs["A"], level, hours) == target


def test_escalation_knows_the_next_level_and_refuses_unknown_levels(docs):
    assert next_level(docs["A"], "grid") == "village"
    assert next_level(docs["A"], "town") is None
    with pytest.raises(PolicyError):
        escalation_target(docs["A"], "province", 1)


def test_diff_plans_names_what_changes(docs):
    start = datetime.date(2021, 8, 20)
    a, b = measure_plan(docs["A"], "medium", start), measure_plan(docs["B"], "medium", start)
    fields = {c.field: c for c in diff_plans(a, b)}
    assert set(fields) == {"measures", "end_date", "nat_dates"}
    assert fields["measures"].before == ("home_isolation",)
    assert fields["end_date"].after == datetime.date(2021, 9, 9)
    assert diff_plans(a, measure_plan(docs["A"], "medium", start)) == []


TODAY = datetime.date(2021, 8, 26)


def facts(fid, category, start, done=(), **extra):
    return FollowUpFacts(followup_id=fid, person=f"person {fid}", category=category,
                         start_date=datetime.date.fromisoformat(start),
                         done_nat_dates=tuple(datetime.date.fromisoformat(x) for x in done), today=TODAY, **extra)


def test_the_preview_of_a_to_b_lists_exactly_the_follow_ups_whose_plan_changes(docs):
    people = [
        # medium: home isolation (A) → centralized + monitoring (B): listed
        facts(1, "medium", "2021-08-20", ["2021-08-20"]),
        # high on day 6: B's extra tests on days 2 and 3 are in the past; what is still due is the same: not listed
        facts(2, "high", "2021-08-21", ["2021-08-21", "2021-08-24"]),
        # high on day 2: B adds tests on days 2 and 3, still due: listed
        facts(3, "high", "2021-08-25", ["2021-08-25"]),
        # same-city: 三天两检 (A) → arrival test + 7 d monitoring (B): listed
        facts(4, "same_city", "2021-08-25"),
        # high, already near the end, everything done: still identical from today on: not listed
        facts(5, "high", "2021-08-08", ["2021-08-08", "2021-08-11", "2021-08-14", "2021-08-21"]),
    ]
    changes = preview_switch(docs["A"], docs["B"], people)
    assert [c.followup_id for c in changes] == [1, 3, 4]
    by_id = {c.followup_id: c for c in changes}
    assert set(by_id[1].fields) == {"measures", "end_date", "nat_due"}
    assert by_id[1].before.end == datetime.date(2021, 9, 2) and by_id[1].after.end == datetime.date(2021, 9, 9)
    assert by_id[3].fields == ("nat_due",)
    assert by_id[3].due_before[:2] == (datetime.date(2021, 8, 28), datetime.date(2021, 8, 31))
    assert [x.day for x in by_id[3].due_after[:3]] == [26, 27, 28]
    assert by_id[4].after.kinds == ("arrival_test", "health_monitoring")


def test_the_preview_to_f_flags_categories_f_does_not_have(docs):
    people = [facts(1, "medium", "2021-08-24"), facts(2, "high", "2021-08-24"), facts(3, "close_contact", "2021-08-24")]
    changes = {c.followup_id: c for c in preview_switch(docs["E"], docs["F"], people)}
    assert set(changes) == {1, 2, 3}
    assert changes[1].after is None and "medium" in changes[1].problem
    assert changes[2].before.kinds == ("centralized_isolation",) and changes[2].after.kinds == ("home_isolation",)


def test_the_same_version_changes_nobody(docs):
    people = [facts(i, cat, "2021-08-20") for i, cat in enumerate(["high", "medium", "same_city"])]
    assert preview_switch(docs["A"], docs["A"], people) == []


def test_a_certificate_is_taken_into_account(docs):
    with_cert = facts(1, "same_city", "2021-08-25", has_certificate=True)
    change = preview_switch(docs["A"], docs["B"], [with_cert])[0]
    assert change.after.kinds == ("health_monitoring",)


def test_preview_serialises_to_json(docs):
    data = preview_switch(docs["A"], docs["B"], [facts(1, "medium", "2021-08-20")])[0].as_dict()
    assert data["fields"] == ["measures", "end_date", "nat_due"] and data["after"]["end"] == "2021-09-09"
