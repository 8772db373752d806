"""The worker: one pass per day generates the day's tasks once, marks overdue, escalates, completes measures."""

import datetime
import threading

import pytest
from django.db import connection

from wangge.core import clock
from wangge.followup import actions
from wangge.followup.choices import FollowUpState, TaskKind, TaskState
from wangge.followup.models import FollowUp, Task
from wangge.followup.worker import FollowUpWorker
from wangge.regions.choices import RegionLevel as Level

from .conftest import DAY1

pytestmark = pytest.mark.django_db


def _verified(district, make_flag, admin_user, worker, category="medium", who=0):
    resident = district["residents"][district["grid_a"].code][who]
    actions.do_open_from_flags(admin_user, [make_flag(resident, category)])
    followup = FollowUp.objects.get(resident=resident)
    if category == "high":  # centralized isolation: "found" only once the transfer is recorded (issue 17, item 5)
        actions.do_transfer(worker, followup, to="centralized_isolation", note="转运至隔离点")
    actions.do_verify(worker, Task.objects.get(followup=followup, kind=TaskKind.VERIFY), outcome="reached")
    return followup


def _tasks(followup, **filters):
    return sorted(Task.objects.filter(followup=followup, **filters).values_list("kind", "due_date"))


def test_two_passes_make_one_set_of_tasks(district, policy_a, today, make_flag, admin_user, worker):
    followup = _verified(district, make_flag, admin_user, worker)
    today.move(5)  # 08-10: a test day
    first = FollowUpWorker().run_pass()
    assert (first["visits"], first["nats"]) == (1, 1)
    before = _tasks(followup)
    second = FollowUpWorker().run_pass()
    assert (second["visits"], second["nats"], second["escalated"]) == (0, 0, 0)
    assert _tasks(followup) == before


def test_no_home_visits_during_centralized_isolation(district, policy_a, today, make_flag, admin_user, worker):
    followup = _verified(district, make_flag, admin_user, worker, category="high")
    FollowUpWorker().run_pass()
    assert not Task.objects.filter(followup=followup, kind=TaskKind.DAILY_VISIT).exists()
    assert Task.objects.filter(followup=followup, kind=TaskKind.NAT).exists()


def test_a_missed_visit_is_recorded_as_missed_not_carried_over(district, policy_a, today, make_flag, admin_user,
                                                               worker):
    followup = _verified(district, make_flag, admin_user, worker)
    today.move(1)
    result = FollowUpWorker().run_pass()
    assert result["missed_visits"] == 1
    missed = Task.objects.get(followup=followup, kind=TaskKind.DAILY_VISIT, due_date=DAY1)
    assert (missed.state, missed.outcome, missed.overdue) == (TaskState.FAILED, "missed", True)
    assert Task.objects.filter(followup=followup, kind=TaskKind.DAILY_VISIT, state="open").count() == 1


def test_an_unverified_person_escalates_to_the_village_then_the_town(district, policy_a, today, make_flag,
                                                                    admin_user):
    resident = district["residents"][district["grid_a"].code][1]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    task = Task.objects.get(kind=TaskKind.VERIFY)
    # Policy A: verify within 24 h (08-06 12:00); the grid has 12 h more, then the village 12 h, then the town.
    with clock.frozen(clock.at(DAY1 + datetime.timedelta(days=1), 13)):
        result = FollowUpWorker().run_pass()
    assert (result["overdue"], result["escalated"]) == (1, 0)
    with clock.frozen(clock.at(DAY1 + datetime.timedelta(days=2), 1)):
        assert FollowUpWorker().run_pass()["escalated"] == 1
    task.refresh_from_db()
    assert (task.level, task.region_code) == (Level.VILLAGE, district["village"].code)
    with clock.frozen(clock.at(DAY1 + datetime.timedelta(days=2), 12)):
        assert FollowUpWorker().run_pass()["escalated"] == 0
    with clock.frozen(clock.at(DAY1 + datetime.timedelta(days=2), 13, 30)):
        assert FollowUpWorker().run_pass()["escalated"] == 1
        assert FollowUpWorker().run_pass()["escalated"] == 0
    task.refresh_from_db()
    assert (task.level, task.region_code) == (Level.TOWN, district["town"].code)
    assert FollowUp.objects.get(pk=task.followup_id).escalation_level == Level.TOWN


def test_the_measure_completes_when_its_end_has_passed_with_all_tests_done(district, policy_a, today, make_flag,
                                                                           admin_user, worker):
    followup = _verified(district, make_flag, admin_user, worker, category="same_city")
    # same_city under A: 3 days from 08-04, tests on day 1 (caught up on 08-05) and day 3 (08-06).
    for _day in range(2):  # 08-05 and 08-06
        FollowUpWorker().run_pass()
        for task in Task.objects.filter(followup=followup, state="open"):
            if task.kind == TaskKind.NAT:
                actions.do_record_nat(worker, task, result="negative")
            elif task.kind == TaskKind.DAILY_VISIT:
                actions.do_record_visit(worker, task, temperature=36.5)
            elif task.kind == TaskKind.DELIVER_NOTICE:
                actions.do_deliver_notice(worker, task)
        today.move(1)
    result = FollowUpWorker().run_pass()
    assert result["completed"] == 1
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUpState.COMPLETED


def test_a_measure_with_a_test_missing_does_not_complete(district, policy_a, today, make_flag, admin_user, worker):
    followup = _verified(district, make_flag, admin_user, worker, category="same_city")
    today.move(5)
    assert FollowUpWorker().run_pass()["completed"] == 0
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUpState.UNDER_MEASURE


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_set_of_tasks(district, policy_a, make_flag, admin_user, worker):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (SQLite serialises them anyway)")
    with clock.frozen(DAY1):
        for who in range(3):
            _verified(district, make_flag, admin_user, worker, who=who)
        Task.objects.filter(kind__in=(TaskKind.DAILY_VISIT, TaskKind.NAT)).delete()
        before = Task.objects.count()
        results, barrier = [], threading.Barrier(2)

        def run():
            from django.db import connections

            barrier.wait()
            results.append(FollowUpWorker(today=DAY1).run_pass())
            connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sum(r["visits"] for r in results) == 3 and sum(r["nats"] for r in results) == 3
    assert Task.objects.count() == before + 6


def test_the_command_stops_cleanly_on_sigterm():
    import signal

    from wangge.followup.management.commands.worker import Command

    command = Command()
    command.stopping = False
    command._stop(signal.SIGTERM, None)
    started = datetime.datetime.now()
    command._sleep(30)
    assert command.stopping and (datetime.datetime.now() - started).total_seconds() < 1


def test_the_command_runs_one_pass(district, policy_a, make_flag, admin_user):
    import io

    from django.core.management import call_command

    try:
        out = io.StringIO()
        call_command("worker", "--once", "--today", "2021-08-06", stdout=out)
        assert "today=2021-08-06" in out.getvalue()
    finally:
        clock.set_today(None)


def test_generation_uses_the_unique_index_not_a_scan_per_person(district, policy_a, today, make_flag, admin_user,
                                                                worker):
    """A guard for the bench: each anti-join must be an index search, or 100,000 people cost minutes."""
    from django.test.utils import CaptureQueriesContext

    from wangge.followup.worker import generate_tasks

    _verified(district, make_flag, admin_user, worker)
    with CaptureQueriesContext(connection) as queries:
        generate_tasks(DAY1)
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().startswith("INSERT INTO")]
    assert len(inserts) == 2
    with connection.cursor() as cursor:
        for sql in inserts:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert "SCAN t" not in plan and "followup_task_unique_per_day" in plan, plan
