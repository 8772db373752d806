"""Mass testing's figures on the command centre: people sampled, coverage of the campaigns in progress, tubes,
positive pools and people awaiting a retest, at grid, village and town level, equal to a hand count and to the
campaign page's coverage."""

import datetime
from collections import Counter

import pytest

from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, OTHER_TOWN, TOWN, VILLAGE
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live, stored
from wangge.labtests import actions, selectors
from wangge.labtests.models import Sample, SamplingSite, Terminal
from wangge.labtests.sync import apply_batch
from wangge.simulate.synth import make_id

from .conftest import CST, T0, Scans

pytestmark = pytest.mark.django_db

DAY = T0.date()
VISITOR = make_id("110105", datetime.date(1988, 3, 1), 17)


def result(barcode, value, hour=20):
    return actions.ResultRow(barcode, value, datetime.datetime(2021, 8, 3, hour, tzinfo=CST), "海门区疾控")


@pytest.fixture
def sampled(campaign, district, admin_user):
    """On the campaign's day (district-wide): at the village's site, POOL1 = grid A's three (positive), POOL2 = two
    of grid B and a visitor (negative), POOL4 opened for grid A's first person again and left open; at a site of
    the other town, POOL3 = its grid's three, closed and not yet resulted."""
    a, b, c = (district["residents"][g] for g in (GRID_A, GRID_B, OTHER_GRID))
    far = SamplingSite.objects.create(campaign=campaign, name="常乐村采样点", region=district["other_town"])
    Terminal.objects.create(code="T-0003", site=far)
    scans = Scans()
    apply_batch(admin_user, "T-0001", [
        scans.open("POOL000001"), *[scans.add("POOL000001", p) for p in a], scans.close("POOL000001"),
        scans.open("POOL000002"), *[scans.add("POOL000002", p) for p in (b[0], b[1], VISITOR)],
        scans.close("POOL000002"), scans.open("POOL000004", minute=30), scans.add("POOL000004", a[0], minute=31)])
    other = Scans("T-0003")
    apply_batch(admin_user, "T-0003", [other.open("POOL000003"), *[other.add("POOL000003", p) for p in c],
                                       other.close("POOL000003")])
    actions.do_record_results(admin_user, [result("POOL000001", "positive"), result("POOL000002", "negative")])
    return district


def test_people_sampled_match_a_hand_count_each_person_once(sampled):
    hand = Counter()
    for code, _id in set(Sample.objects.values_list("region_code", "id_number")):
        hand[code] += 1
    assert hand == Counter({GRID_A: 3, GRID_B: 2, VILLAGE: 1, OTHER_GRID: 3})  # the visitor where they were swabbed
    assert at_levels("labtests.sampled", DAY) == expected_levels(hand)
    assert live("labtests.sampled", DAY, 12, region=TOWN) == {VILLAGE: 6}
    assert live("labtests.sampled", DAY - datetime.timedelta(days=1), 9) == {}


def test_coverage_of_the_campaign_equals_the_campaign_page(sampled, campaign, admin_user):
    assert at_levels("labtests.to_test", DAY) == expected_levels(Counter({GRID_A: 3, GRID_B: 3, OTHER_GRID: 3}))
    assert at_levels("labtests.tested", DAY) == expected_levels(Counter({GRID_A: 3, GRID_B: 2, OTHER_GRID: 3}))
    rows, total = selectors.coverage(admin_user, campaign, sampled["village"])
    table = stored(["labtests.coverage"], [TOWN, VILLAGE, GRID_A, GRID_B, OTHER_TOWN], DAY)["labtests.coverage"]
    assert {r["code"]: r["rate"] for r in rows} == {GRID_A: table[GRID_A], GRID_B: table[GRID_B]} \
        == {GRID_A: 100.0, GRID_B: 66.7}
    assert table[VILLAGE] == total["rate"] == 83.3 and table[TOWN] == 83.3 and table[OTHER_TOWN] == 100.0
    # The day after, no campaign is in progress: nobody to test, and no coverage (not 0 %).
    after = DAY + datetime.timedelta(days=1)
    assert live("labtests.to_test", after, 9) == {}
    assert stored(["labtests.coverage"], [TOWN], after)["labtests.coverage"] == {TOWN: None}


def test_coverage_counts_only_the_residents_of_a_campaigns_own_area(sampled, campaign):
    campaign.region = sampled["town"]
    campaign.save()  # now a campaign of 三星镇 only: the other town's people are neither to test nor tested
    assert live("labtests.to_test", DAY, 9) == {TOWN: 6}
    assert live("labtests.tested", DAY, 9) == {TOWN: 5}


def test_tubes_are_counted_where_they_were_sampled(sampled, admin_user):
    assert live("labtests.tubes_open", DAY, 15) == {VILLAGE: 1}  # POOL4, at the village's site
    assert live("labtests.tubes_awaiting", DAY, 9) == {OTHER_TOWN: 1}
    assert live("labtests.tubes_resulted", DAY, 12, region=TOWN) == {VILLAGE: 2}
    assert live("labtests.positive_pools", DAY, 9) == {TOWN: 1}
    # The day before, nothing had been opened yet.
    before = DAY - datetime.timedelta(days=1)
    assert live("labtests.tubes_open", before, 9) == {} and live("labtests.positive_pools", before, 9) == {}
    # A result recorded the next morning: the tube was still awaiting at the end of the campaign's day.
    actions.do_record_results(admin_user, [actions.ResultRow(
        "POOL000003", "negative", datetime.datetime(2021, 8, 4, 9, tzinfo=CST))])
    assert live("labtests.tubes_awaiting", DAY, 9) == {OTHER_TOWN: 1}
    assert live("labtests.tubes_awaiting", DAY + datetime.timedelta(days=1), 9) == {}
    assert live("labtests.tubes_resulted", DAY + datetime.timedelta(days=1), 9) == {OTHER_TOWN: 1}


def test_a_single_tube_negative_takes_a_person_off_the_retests_due(sampled, admin_user):
    a = sampled["residents"][GRID_A]
    assert at_levels("labtests.retests_due", DAY) == expected_levels(Counter({GRID_A: 3}))
    scans = Scans("T-0002")
    apply_batch(admin_user, "T-0002", [scans.open("SINGLE0001", pool=1, minute=700),
                                       scans.add("SINGLE0001", a[0], minute=701)])
    actions.do_record_results(admin_user, [result("SINGLE0001", "negative", hour=23)])
    assert live("labtests.retests_due", DAY, 15) == {GRID_A: 2}
    assert live("labtests.positive_pools", DAY, 9) == {TOWN: 1}  # a single tube is not a pool
