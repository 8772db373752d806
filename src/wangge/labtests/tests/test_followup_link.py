"""Where mass testing meets follow-up: pool limits by risk, a sample satisfying the day's test, and the
single-tube retest of a positive pool's members."""

import datetime

import pytest

from wangge.core import clock
from wangge.followup import actions as followup_actions
from wangge.followup.choices import POOL_POSITIVE, TaskKind, TaskState
from wangge.followup.models import FollowUp, NatRecord, Task
from wangge.followup.tests.conftest import load_policy
from wangge.labtests import actions
from wangge.labtests.choices import ControlState
from wangge.labtests.models import TemporaryControl
from wangge.labtests.sync import apply_batch
from wangge.policies.choices import Category

from .conftest import CST, Scans

DAY = datetime.date(2021, 8, 3)


@pytest.fixture
def frozen_day(db):
    load_policy("A-nantong-2021-08.yaml")
    with clock.frozen(DAY):
        yield DAY


@pytest.fixture
def medium_person(district, admin_user, frozen_day):
    person = district["residents"][district["grid_a"].code][0]
    followup_actions.do_open_followup(admin_user, person, category=Category.MEDIUM, start_date=DAY)
    return person


def test_a_person_under_a_medium_measure_cannot_go_into_a_pool_of_ten(campaign, staff, medium_person):
    scans = Scans()
    result = apply_batch(staff, "T-0001", [scans.open("POOLTEN001", pool=10), scans.add("POOLTEN001", medium_person),
                                           scans.open("POOLFIVE01", pool=5), scans.add("POOLFIVE01", medium_person)])
    assert len(result.rejected) == 1 and "5" in result.rejected[0]["reason"]
    assert len(result.accepted) == 3


def test_a_resulted_sample_is_the_days_test_of_a_person_under_follow_up(campaign, staff, admin_user, medium_person):
    scans = Scans()
    apply_batch(staff, "T-0001", [scans.open("POOLFIVE02", pool=5), scans.add("POOLFIVE02", medium_person)])
    tested = datetime.datetime(2021, 8, 3, 20, 0, tzinfo=CST)
    actions.do_record_results(admin_user, [actions.ResultRow("POOLFIVE02", "negative", tested)])
    record = NatRecord.objects.get(followup__person_key=medium_person.id_number, date=DAY)
    assert record.sampled and record.result == "negative"


def test_members_of_a_positive_pool_get_a_retest_task_and_a_negative_single_tube_releases_them(
        campaign, staff, admin_user, district, frozen_day):
    members = district["residents"][district["grid_b"].code]
    scans = Scans()
    apply_batch(staff, "T-0001", [scans.open("POSITIVE01", pool=10), *[scans.add("POSITIVE01", p) for p in members]])
    evening = datetime.datetime(2021, 8, 3, 20, 0, tzinfo=CST)
    summary = actions.do_record_results(admin_user, [actions.ResultRow("POSITIVE01", "positive", evening)])
    assert summary.controlled == 3
    retests = Task.objects.filter(kind=TaskKind.RETEST, state=TaskState.OPEN)
    assert {t.followup.person_key for t in retests} == {p.id_number for p in members}
    assert set(retests.values_list("region_code", flat=True)) == {district["grid_b"].code}

    single = Scans("T-0002")
    apply_batch(staff, "T-0002", [single.open("SINGLE0101", pool=1, minute=600), single.add("SINGLE0101", members[0],
                                                                                           minute=601)])
    actions.do_record_results(admin_user, [
        actions.ResultRow("SINGLE0101", "negative", evening + datetime.timedelta(hours=12))])
    control = TemporaryControl.objects.get(resident=members[0])
    assert control.state == ControlState.RELEASED
    task = Task.objects.get(kind=TaskKind.RETEST, followup__person_key=members[0].id_number)
    assert task.state == TaskState.DONE and task.outcome == "negative"
    assert FollowUp.objects.filter(person_key=members[1].id_number, category=POOL_POSITIVE).exists()
