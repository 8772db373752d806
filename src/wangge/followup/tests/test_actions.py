"""Actions: opening follow-ups from flags and by hand, task outcomes, refusals that change nothing."""

import datetime

import pytest

from wangge.core.errors import Conflict, Invalid, NotFound
from wangge.followup import actions, selectors
from wangge.followup.choices import FollowUpState, TaskKind, TaskState
from wangge.followup.models import FollowUp, NatRecord, PlanPhase, Task, Visit
from wangge.regions.choices import RegionLevel as Level

from .conftest import DAY1

pytestmark = pytest.mark.django_db


def _open(district, make_flag, admin_user, category="medium", who=0):
    resident = district["residents"][district["grid_a"].code][who]
    assert actions.do_open_from_flags(admin_user, [make_flag(resident, category)]) == 1
    return FollowUp.objects.get(resident=resident)


def test_open_from_flags_builds_the_plan_of_policy_a(district, policy_a, today, make_flag, admin_user):
    followup = _open(district, make_flag, admin_user)
    assert followup.state == FollowUpState.PENDING_VERIFICATION
    assert followup.policy_code == "A"
    assert followup.start_date == DAY1 - datetime.timedelta(days=1)
    assert followup.end_date == datetime.date(2021, 8, 17)
    assert followup.measure == "home_isolation"
    assert followup.region_code == district["grid_a"].code
    assert list(PlanPhase.objects.filter(followup=followup).values_list("kind", flat=True)) == ["home_isolation"]
    # Day 1 (08-04) fell before the follow-up opened: it becomes a catch-up test on the opening day.
    assert list(NatRecord.objects.filter(followup=followup).values_list("date", flat=True)) == [
        datetime.date(2021, 8, 5), datetime.date(2021, 8, 10), datetime.date(2021, 8, 17)]
    task = Task.objects.get(followup=followup)
    assert (task.kind, task.level, task.region_code) == (TaskKind.VERIFY, Level.GRID, district["grid_a"].code)


def test_open_from_flags_is_idempotent(district, policy_a, today, make_flag, admin_user):
    resident = district["residents"][district["grid_a"].code][0]
    flags = [make_flag(resident, "medium"), make_flag(resident, "high", another_run=True)]
    assert actions.do_open_from_flags(admin_user, flags) == 1
    assert actions.do_open_from_flags(admin_user, flags) == 0
    assert FollowUp.objects.count() == 1 and Task.objects.count() == 1


def test_unmatched_people_land_on_the_routed_village(district, policy_a, today, make_flag, admin_user):
    flag = make_flag(None, "high", id_number="11010519491231002X", name="张三", region=district["village"])
    assert actions.do_open_from_flags(admin_user, [flag]) == 1
    followup = FollowUp.objects.get()
    assert followup.resident is None and followup.region_code == district["village"].code
    assert Task.objects.get().level == Level.VILLAGE


def test_open_from_flags_skips_flags_outside_the_callers_jurisdiction(district, policy_a, today, make_flag,
                                                                      outsider):
    resident = district["residents"][district["grid_a"].code][0]
    assert actions.do_open_from_flags(outsider, [make_flag(resident, "medium")]) == 0


def test_a_grid_worker_opens_a_follow_up_by_hand(district, policy_a, today, worker):
    followup = actions.do_open_followup(worker, category="same_city", start_date=DAY1, id_number="11010519491231002X",
                                     name="李四", region=district["grid_a"], reporter_note="邻居反映刚从南京回来")
    assert followup.source == "manual" and followup.measure == "three_days_two_tests"
    assert followup.end_date == DAY1 + datetime.timedelta(days=2)


def test_a_hand_entry_needs_an_id_or_a_phone(district, policy_a, today, worker):
    with pytest.raises(Invalid) as exc:
        actions.do_open_followup(worker, category="medium", start_date=DAY1, name="王五", region=district["grid_a"])
    assert exc.value.field == "id_number"


def test_a_hand_entry_outside_the_grid_is_refused(district, policy_a, today, outsider):
    with pytest.raises(NotFound):
        actions.do_open_followup(outsider, category="medium", start_date=DAY1, phone="13800138000",
                              region=district["grid_a"])


def test_verify_starts_the_measure_and_creates_notice_visit_and_test_tasks(district, policy_a, today, make_flag,
                                                                          admin_user, worker):
    followup = _open(district, make_flag, admin_user)
    task = Task.objects.get(followup=followup)
    state = actions.do_verify(worker, task, outcome="reached", note="在家")
    assert state.followup_state == FollowUpState.UNDER_MEASURE and state.task_state == TaskState.DONE
    kinds = set(Task.objects.filter(followup=followup, state="open").values_list("kind", flat=True))
    assert kinds == {TaskKind.DELIVER_NOTICE, TaskKind.DAILY_VISIT, TaskKind.NAT}
    task.refresh_from_db()
    assert task.done_by == worker and task.outcome == "reached"


def test_a_closed_task_is_refused_with_409_and_nothing_changes(district, policy_a, today, make_flag, admin_user,
                                                              worker):
    followup = _open(district, make_flag, admin_user)
    task = Task.objects.get(followup=followup)
    actions.do_verify(worker, task, outcome="reached")
    visits, tasks = Visit.objects.count(), Task.objects.count()
    with pytest.raises(Conflict):
        actions.do_verify(worker, task, outcome="moved_away")
    assert (Visit.objects.count(), Task.objects.count()) == (visits, tasks)
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUpState.UNDER_MEASURE


def test_another_grids_worker_gets_404_and_nothing_changes(district, policy_a, today, make_flag, admin_user,
                                                           outsider):
    followup = _open(district, make_flag, admin_user)
    task = Task.objects.get(followup=followup)
    with pytest.raises(NotFound):
        actions.do_verify(outsider, task, outcome="reached")
    with pytest.raises(NotFound):
        actions.do_move_out(outsider, followup)
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and not Visit.objects.exists()


def test_a_visit_needs_a_plausible_temperature(district, policy_a, today, make_flag, admin_user, worker):
    followup = _open(district, make_flag, admin_user)
    actions.do_verify(worker, Task.objects.get(followup=followup), outcome="reached")
    visit = Task.objects.get(followup=followup, kind=TaskKind.DAILY_VISIT)
    with pytest.raises(Invalid) as exc:
        actions.do_record_visit(worker, visit, temperature="hot")
    assert exc.value.field == "temperature"
    state = actions.do_record_visit(worker, visit, temperature="36.6", symptoms="", note="正常")
    assert state.task_state == TaskState.DONE
    assert str(Visit.objects.get(task=visit).temperature) == "36.6"


def test_three_failed_attempts_escalate_to_the_village(district, policy_a, today, make_flag, admin_user, worker,
                                                       cadre):
    followup = _open(district, make_flag, admin_user)
    task = Task.objects.get(followup=followup)
    for attempt in (1, 2):
        state = actions.do_mark_unreachable(worker, task, note=f"第{attempt}次敲门无人")
        assert state.level == Level.GRID and state.followup_state == FollowUpState.UNREACHABLE
    state = actions.do_mark_unreachable(worker, task, note="第3次")
    assert state.level == Level.VILLAGE and state.followup_state == FollowUpState.ESCALATED
    task.refresh_from_db()
    assert task.region_code == district["village"].code
    # The grid worker no longer has it; the town cadre (whose subtree holds the village) does.
    with pytest.raises(NotFound):
        actions.do_mark_unreachable(worker, task)
    assert actions.do_verify(cadre, task, outcome="reached").followup_state == FollowUpState.UNDER_MEASURE


def test_nat_result_from_the_lab_closes_the_days_task(district, policy_a, today, make_flag, admin_user, worker):
    followup = _open(district, make_flag, admin_user)
    actions.do_verify(worker, Task.objects.get(followup=followup), outcome="reached")
    actions.do_record_nat_result(admin_user, followup, day=DAY1, result="negative")
    record = NatRecord.objects.get(followup=followup, date=DAY1)
    assert record.sampled and record.result == "negative"
    assert Task.objects.get(followup=followup, kind=TaskKind.NAT).state == TaskState.DONE


def test_transfer_closes_the_follow_up_and_cancels_its_tasks(district, policy_a, today, make_flag, admin_user,
                                                             worker):
    followup = _open(district, make_flag, admin_user)
    state = actions.do_transfer(worker, followup, note="转运至隔离酒店")
    assert state.followup_state == FollowUpState.TRANSFERRED_CENTRALIZED
    assert Task.objects.get(followup=followup).state == TaskState.CANCELLED
    with pytest.raises(Conflict):
        actions.do_complete(worker, followup)


def test_policy_switch_facts_and_apply(district, policy_a, today, make_flag, admin_user, worker):
    from wangge.followup.tests.conftest import load_policy
    from wangge.policies.evaluation import preview_switch

    followup = _open(district, make_flag, admin_user)
    facts = selectors.policy_switch_facts(admin_user)
    assert [f.followup_id for f in facts] == [followup.pk]
    assert selectors.policy_switch_facts(worker)[0].category == "medium"
    version_b = load_policy("B-jiangsu-2021-08.yaml", active=False)
    changes = preview_switch(policy_a.document, version_b.document, facts, today=DAY1)
    assert [c.followup_id for c in changes] == [followup.pk]
    assert actions.do_recompute_plans(admin_user, version_b.document) == 1
    followup.refresh_from_db()
    assert followup.policy_code == "B" and followup.measure == "centralized_isolation"
    assert followup.end_date == followup.start_date + datetime.timedelta(days=20)
    assert actions.do_recompute_plans(admin_user, version_b.document) == 0


def test_a_person_missing_from_home_three_visits_running_is_escalated_to_be_found(district, policy_a, today,
                                                                                 make_flag, admin_user, worker,
                                                                                 cadre):
    from wangge.followup.worker import FollowUpWorker

    followup = _open(district, make_flag, admin_user)
    actions.do_verify(worker, Task.objects.get(followup=followup, kind=TaskKind.VERIFY), outcome="reached")
    visit = Task.objects.get(followup=followup, kind=TaskKind.DAILY_VISIT)
    for _ in range(2):
        assert actions.do_mark_unreachable(worker, visit).followup_state == FollowUpState.UNDER_MEASURE
    state = actions.do_mark_unreachable(worker, visit)
    assert (state.task_state, state.followup_state) == (TaskState.FAILED, FollowUpState.ESCALATED)
    find = Task.objects.get(followup=followup, kind=TaskKind.VERIFY, state=TaskState.OPEN)
    assert (find.level, find.region_code) == (Level.VILLAGE, district["village"].code)
    # No visits are generated while nobody knows where the person is; once found, the plan resumes.
    today.move(1)
    FollowUpWorker().run_pass()
    assert not Task.objects.filter(followup=followup, kind=TaskKind.DAILY_VISIT, state=TaskState.OPEN).exists()
    assert actions.do_verify(cadre, find, outcome="reached").followup_state == FollowUpState.UNDER_MEASURE
    assert Task.objects.filter(followup=followup, kind=TaskKind.DAILY_VISIT, state=TaskState.OPEN).count() == 1
