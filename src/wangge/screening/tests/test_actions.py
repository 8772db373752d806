"""Screening actions: the dry run and storing a run (which hands its flags to the follow-up app when a policy is in
force), who may call them, and the push time follow-up reads."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from wangge.conftest import GRID_A
from wangge.core.errors import NotPermitted
from wangge.screening import actions, selectors
from wangge.screening.models import Flag, ScreeningRun

from .helpers import stay, t, write_travel

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jiangsu-2021-07-08.csv"
followup_clock = pytest.importorskip("wangge.core.clock")
FollowUp = pytest.importorskip("wangge.followup.models").FollowUp


@pytest.mark.django_db
def test_storing_a_run_opens_one_follow_up_per_flagged_person(tmp_path, district, admin_user):
    call_command("load_policies", "--activate", stdout=open("/dev/null", "w"))
    call_command("import_risk_areas", str(SAMPLE), stdout=open("/dev/null", "w"))
    a1 = district["residents"][GRID_A][0]
    path = write_travel(tmp_path / "push.csv", [
        {**stay("320115005001", "2021-08-01"), "id_number": a1.id_number},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": "13900000009",
         "destination_code": district["village"].code},
    ])
    with followup_clock.frozen(datetime.date(2021, 8, 5)):
        outcome = actions.do_screen(admin_user, path, as_of=t("2021-08-05"))
        run = actions.do_store_run(admin_user, outcome)
        outcome.close()
    assert run.policy_code and run.followups_opened == 2
    followups = FollowUp.objects.filter(region_code__startswith=district["village"].code)
    assert {f.person_key for f in followups} == {a1.id_number, "13900000009"}


def _push(tmp_path, district, *extra):
    call_command("import_risk_areas", str(SAMPLE), stdout=open("/dev/null", "w"))
    a1 = district["residents"][GRID_A][0]
    return write_travel(tmp_path / "push.csv", [
        {**stay("320115005001", "2021-08-01"), "id_number": a1.id_number}, *extra]), a1


@pytest.mark.django_db
def test_a_screening_with_no_actor_is_refused_and_stores_nothing(tmp_path, district):
    path, _a1 = _push(tmp_path, district)
    with pytest.raises(NotPermitted):
        actions.do_screen(None, path, as_of=t("2021-08-05"))
    outcome = actions.run_screening(path, t("2021-08-05"))
    try:
        with pytest.raises(NotPermitted):
            actions.do_store_run(None, outcome)
    finally:
        outcome.close()
    assert ScreeningRun.objects.count() == 0 and Flag.objects.count() == 0


@pytest.mark.django_db
def test_a_grid_worker_may_not_screen_a_pushed_list(tmp_path, district, worker):
    path, _a1 = _push(tmp_path, district)
    with pytest.raises(NotPermitted) as exc:
        actions.do_screen(worker, path, as_of=t("2021-08-05"))
    assert "区级管理员" in exc.value.message


@pytest.mark.django_db
def test_the_system_actor_screens_a_push_like_the_cli_does(tmp_path, district):
    from wangge.accounts.selectors import system_actor

    path, a1 = _push(tmp_path, district)
    outcome = actions.do_screen(system_actor(), path, as_of=t("2021-08-05"))
    run = actions.do_store_run(system_actor(), outcome, open_followups=False)
    outcome.close()
    assert Flag.objects.get(run=run).resident == a1


@pytest.mark.django_db
def test_follow_up_reads_the_push_time_of_a_flag_not_the_moment_it_was_stored(tmp_path, district, admin_user):
    """Issue 17.7: the verify deadline counts from the push. The push time is the run's screening time
    (ScreeningRun.as_of); follow-up reads it through screening.selectors."""
    path, a1 = _push(tmp_path, district)
    pushed = t("2021-08-05T07:30")
    with followup_clock.frozen(datetime.date(2021, 8, 6)):  # stored a day later than the push
        outcome = actions.do_screen(admin_user, path, as_of=pushed)
        run = actions.do_store_run(admin_user, outcome, open_followups=False)
        outcome.close()
    flag = Flag.objects.get(run=run)
    assert selectors.pushed_at(flag) == pushed == flag.pushed_at
    assert selectors.pushed_at_by_flag([flag.pk]) == {flag.pk: pushed}


@pytest.mark.django_db
def test_a_mistyped_id_number_in_a_push_opens_no_follow_up_and_is_counted_as_rejected(tmp_path, district,
                                                                                      admin_user):
    """Issue 17.4: today a bad ID became a high-risk flag and an unroutable follow-up; now it is a rejected row."""
    call_command("load_policies", "--activate", stdout=open("/dev/null", "w"))
    bad_id = district["residents"][GRID_A][1].id_number[:-1] + "Y"
    path, a1 = _push(tmp_path, district, {**stay("320115005001", "2021-08-01"), "id_number": bad_id})
    with followup_clock.frozen(datetime.date(2021, 8, 5)):
        outcome = actions.do_screen(admin_user, path, as_of=t("2021-08-05"), rejected_path=tmp_path / "bad.csv")
        run = actions.do_store_run(admin_user, outcome)
        outcome.close()
    assert (run.records_rejected, run.flags_total, run.followups_opened) == (1, 1, 1)
    assert not FollowUp.objects.filter(person_key=bad_id).exists()
    rejected = (tmp_path / "bad.csv").read_text(encoding="utf-8")
    assert rejected.splitlines()[1].startswith("2,") and "身份证号" in rejected
