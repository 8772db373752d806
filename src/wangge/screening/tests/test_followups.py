"""Storing a run hands its flags to the follow-up app (when a policy is in force)."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from wangge.conftest import GRID_A
from wangge.screening import actions

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
        outcome = actions.run_screening(path, t("2021-08-05"))
        run = actions.store_run(outcome, user=admin_user)
        outcome.close()
    assert run.policy_code and run.followups_opened == 2
    followups = FollowUp.objects.filter(region_code__startswith=district["village"].code)
    assert {f.person_key for f in followups} == {a1.id_number, "13900000009"}
