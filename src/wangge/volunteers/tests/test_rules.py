"""The duty rules as pure functions: each rule, and the 24-hour window against a brute-force count."""

import datetime
import random

from wangge.volunteers.choices import Rule
from wangge.volunteers.rules import Duty, check_duties, overlap_hours

T0 = datetime.datetime(2021, 8, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def h(hours):
    return T0 + datetime.timedelta(hours=hours)


def duty(person, start, end, ref=None):
    return Duty(person, h(start), h(end), ref=ref)


def rules_of(breaches):
    return sorted(b.rule for b in breaches)


def test_a_sound_plan_passes():
    plan = [duty("a", 0, 8), duty("a", 8, 12), duty("b", 0, 12), duty("a", 24, 32)]
    assert check_duties(plan, max_hours=12) == []


def test_each_rule_is_named():
    assert rules_of(check_duties([duty("a", 8, 8)], max_hours=12)) == [Rule.END_AFTER_START]
    assert rules_of(check_duties([duty("a", 8, 6)], max_hours=12)) == [Rule.END_AFTER_START]
    assert rules_of(check_duties([duty("a", 0, 8), duty("a", 7, 9)], max_hours=12)) == [Rule.NO_OVERLAP]
    # 8 h + 6 h with a 4 h break: 14 h within 24
    assert rules_of(check_duties([duty("a", 0, 8), duty("a", 12, 18)], max_hours=12)) == [Rule.MAX_HOURS]
    # the seed's 74-year-old: 22 hours in a day
    breach = check_duties([duty("a", 0, 22)], max_hours=12)[0]
    assert breach.rule == Rule.MAX_HOURS and breach.hours == 22


def test_the_window_slides_across_midnight_and_days():
    # 8 h from 16:00 and 6 h from 04:00 next day: 14 h within the 24 from 16:00
    assert rules_of(check_duties([duty("a", 16, 24), duty("a", 28, 34)], max_hours=12)) == [Rule.MAX_HOURS]
    # the same hours 24 h apart are fine
    assert check_duties([duty("a", 0, 8), duty("a", 32, 38)], max_hours=12) == []
    # a longer limit from the policy
    assert check_duties([duty("a", 0, 8), duty("a", 12, 18)], max_hours=16) == []


def test_only_the_shifts_being_planned_are_refused():
    standing = [duty("a", 0, 8, ref=1), duty("a", 7, 10, ref=2)]  # already overlapping: not this plan's fault
    assert check_duties(standing + [duty("a", 30, 36, ref="new")], max_hours=12, only={"new"}) == []
    [breach] = check_duties(standing + [duty("b", 0, 1, ref=3), duty("b", 0.5, 2, ref="new")], max_hours=12,
                            only={"new"})
    assert breach.rule == Rule.NO_OVERLAP and breach.duty.ref == "new" and breach.other.ref == 3


def brute_force_max(duties, step_minutes=30):
    start = min(d.start for d in duties) - datetime.timedelta(hours=24)
    end = max(d.end for d in duties)
    best, moment = 0.0, start
    while moment <= end:
        window_end = moment + datetime.timedelta(hours=24)
        best = max(best, sum(overlap_hours(d.start, d.end, moment, window_end) for d in duties))
        moment += datetime.timedelta(minutes=step_minutes)
    return best


def test_the_worst_window_matches_a_brute_force_count():
    rng = random.Random(3)
    for _ in range(200):
        t, duties = 0.0, []
        for _ in range(rng.randrange(1, 8)):
            t += rng.choice([0, 0.5, 1, 2, 4, 8, 12])
            length = rng.choice([1, 2, 4, 6, 8])
            duties.append(duty("p", t, t + length))
            t += length
        worst = brute_force_max(duties)  # all times are on the half hour, so the grid finds the true maximum
        breaches = [b for b in check_duties(duties, max_hours=12) if b.rule == Rule.MAX_HOURS]
        if worst > 12:
            assert breaches and abs(breaches[0].hours - worst) < 1e-6, (duties, worst, breaches)
        else:
            assert not breaches, (duties, worst)
