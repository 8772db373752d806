"""The hooks mass testing calls: members of a positive pool get a retest task; people under a high or medium
measure may only go into small pools."""

import datetime

import pytest

from wangge.followup import actions
from wangge.followup.models import FollowUp, Task
from wangge.followup.selectors import max_pool_sizes
from wangge.labtests import actions as labtests
from wangge.labtests.models import TemporaryControl
from wangge.labtests.sync import apply_batch
from wangge.labtests.tests.conftest import CST, Scans, campaign, staff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_members_of_a_positive_pool_get_a_retest_task_and_a_negative_retest_releases_them(
        district, policy_a, today, make_flag, admin_user, worker, campaign, staff):  # noqa: F811
    grid_a = district["residents"][district["grid_a"].code]
    actions.do_open_from_flags(admin_user, [make_flag(grid_a[0], "medium")])  # under follow-up: pools of 5 at most
    scans = Scans()
    events = [scans.open("POOL000001", pool=5), *[scans.add("POOL000001", p) for p in grid_a],
              scans.close("POOL000001")]
    apply_batch(staff, "T-0001", events)
    labtests.do_record_results(admin_user, [
        labtests.ResultRow("POOL000001", "positive", datetime.datetime(2021, 8, 5, 9, tzinfo=CST))])
    retests = Task.objects.filter(kind="retest")
    assert retests.count() == 3 and {t.region_code for t in retests} == {district["grid_a"].code}
    assert FollowUp.objects.filter(category="pool_positive").count() == 2
    assert all(c.followup_id for c in TemporaryControl.objects.all())
    new = FollowUp.objects.get(resident=grid_a[1])
    state = actions.do_record_nat(worker, Task.objects.get(followup=new, kind="retest"), result="negative")
    assert state.followup_state == "completed"


def test_people_under_high_or_medium_measures_go_into_small_pools(district, policy_a, today, make_flag,
                                                                  admin_user):
    a = district["residents"][district["grid_a"].code]
    actions.do_open_from_flags(admin_user, [make_flag(a[0], "high"), make_flag(a[1], "medium"),
                                            make_flag(a[2], "same_city")])
    assert max_pool_sizes([r.id_number for r in a] + ["11010519491231002X"]) == {a[0].id_number: 1,
                                                                               a[1].id_number: 5}
