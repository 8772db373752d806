"""From the gate to the grid (domain.md §9): who a check hands to the grid, on which grid, and how urgently; the five
checks at a compound gate; the checkpoint registry's actions."""

import datetime

import pytest

from wangge.checkpoints.models import Check
from wangge.core import clock
from wangge.core.errors import Invalid

from .conftest import visitor_id


def resident_of(district, grid="grid_a", n=0):
    return district["residents"][district[grid].code][n]


def test_a_resident_turned_back_who_enters_anyway_is_a_follow_up_on_their_grid_at_the_top_of_the_tasks(
        ready, post_check, client_for, worker):
    from wangge.accounts.selectors import system_actor
    from wangge.followup.actions import do_open_followup
    from wangge.followup.models import FollowUp, Task

    district = ready["district"]
    # Work already on the grid worker's list: someone reported by hand (verify within 24 h).
    do_open_followup(system_actor(), resident_of(district, n=1), category="medium", start_date=clock.today())
    person = resident_of(district)
    turned_back = post_check({"event_id": "e-1", "id_number": person.id_number, "health_code": "yellow"}).json()
    assert turned_back["decision"] == "persuade_back" and turned_back["followup_id"] is None
    entered = post_check({"event_id": "e-2", "id_number": person.id_number, "health_code": "yellow",
                          "entered": True})
    assert entered.status_code == 201
    answer = entered.json()
    followup = FollowUp.objects.get(pk=answer["followup_id"])
    assert followup.source == "checkpoint" and followup.category == "medium"
    assert followup.resident == person and followup.region_code == district["grid_a"].code
    check = Check.objects.get(event_id="e-2")
    assert check.followup_id == followup.pk and check.followup_opened and check.entered
    task = Task.objects.get(followup=followup, kind="verify")
    assert task.due_at <= ready["now"] + datetime.timedelta(hours=2)
    tasks = client_for(worker).get("/followup/").context["tasks"]
    assert [t.followup_id for t in tasks][0] == followup.pk, [t.followup.name for t in tasks]


def test_an_unknown_person_handed_over_is_a_follow_up_on_the_checkpoints_town(ready, post_check, client_for, cadre):
    from wangge.followup.models import FollowUp

    person = visitor_id(51)
    answer = post_check({"event_id": "e-3", "id_number": person, "name": "外地来客", "health_code": "red",
                         "entered": True}).json()
    assert answer["decision"] == "isolate" and answer["resident"] == {"matched": False}
    followup = FollowUp.objects.get(pk=answer["followup_id"])
    assert followup.region_code == ready["district"]["town"].code and followup.grid is None
    assert followup.category == "high" and followup.id_number == person and followup.name == "外地来客"
    tasks = client_for(cadre).get("/followup/").context["tasks"]
    assert [t.followup_id for t in tasks] == [followup.pk]


def test_a_stay_in_a_risk_area_in_force_opens_a_follow_up_whatever_the_code(ready, post_check):
    from wangge.followup.models import FollowUp
    from wangge.screening.models import RiskArea

    now = ready["now"]
    RiskArea.objects.create(area_code="320115", area_name="南京市江宁区", level="medium",
                            effective_from=now - datetime.timedelta(days=5))
    RiskArea.objects.create(area_code="320115001", area_name="禄口街道", level="high",
                            effective_from=now - datetime.timedelta(days=5))
    RiskArea.objects.create(area_code="320684103", area_name="常乐镇（已解除）", level="high",
                            effective_from=now - datetime.timedelta(days=20),
                            effective_to=now - datetime.timedelta(days=1))
    person = resident_of(ready["district"], "grid_b")
    answer = post_check({"event_id": "e-4", "id_number": person.id_number, "health_code": "green",
                         "stays": ["320115001002", "320684103001"]}).json()
    assert answer["decision"] == "pass"
    assert {a["code"] for a in answer["risk_areas"]} == {"320115", "320115001"}
    followup = FollowUp.objects.get(pk=answer["followup_id"])
    assert followup.category == "high" and followup.region_code == person.region_code
    assert any("禄口街道" in r for r in answer["reasons"])
    # A lifted designation alone opens nothing.
    other = post_check({"event_id": "e-5", "phone": "13800138000", "health_code": "green",
                        "stays": ["320684103001"]}).json()
    assert other["followup_id"] is None and other["risk_areas"] == []


def test_someone_already_under_follow_up_keeps_theirs(ready, post_check):
    from wangge.accounts.selectors import system_actor
    from wangge.followup.actions import do_open_followup
    from wangge.followup.models import FollowUp

    person = resident_of(ready["district"])
    existing = do_open_followup(system_actor(), person, category="medium", start_date=clock.today())
    answer = post_check({"event_id": "e-6", "id_number": person.id_number, "health_code": "red",
                         "entered": True}).json()
    assert answer["followup_id"] == existing.pk and FollowUp.objects.count() == 1
    assert not Check.objects.get(event_id="e-6").followup_opened


def test_a_resident_is_matched_by_phone_when_no_id_number_is_given(ready, post_check, cadre):
    person = resident_of(ready["district"])
    answer = post_check({"event_id": "e-7", "phone": person.phone, "health_code": "green"}, user=cadre).json()
    assert answer["resident"]["matched"] and answer["resident"]["id"] == person.pk
    assert Check.objects.get(event_id="e-7").resident == person


def test_the_answer_to_a_volunteer_does_not_carry_the_registrys_record(ready, post_check):
    person = resident_of(ready["district"])
    answer = post_check({"event_id": "e-8", "id_number": person.id_number, "health_code": "green"}).json()
    assert answer["resident"] == {"matched": True, "grid": person.grid.name}


def test_a_compound_gate_checks_five_things(ready, post_check, gate_cp):
    from wangge.vaccination.models import VaccinationStatus

    vaccinated, unvaccinated = resident_of(ready["district"]), resident_of(ready["district"], n=1)
    VaccinationStatus.objects.create(resident=vaccinated, region_code=vaccinated.region_code, doses=2,
                                     first_dose_date=datetime.date(2021, 5, 1),
                                     full_course_date=datetime.date(2021, 6, 1))
    first = post_check({"event_id": "g-1", "id_number": vaccinated.id_number, "health_code": "green",
                        "mask": True, "temperature": 36.4}, code=gate_cp.code).json()
    assert first["decision"] == "pass" and first["mask"] is True
    assert first["vaccination"] == {"doses": 2, "full_course": True}
    second = post_check({"event_id": "g-2", "id_number": unvaccinated.id_number, "health_code": "green",
                         "mask": False}, code=gate_cp.code).json()
    assert second["vaccination"] == {"doses": 0, "full_course": False}
    assert len(second["reasons"]) == 3  # the code's rule, no mask, not vaccinated
    stored = Check.objects.get(event_id="g-2")
    assert stored.mask is False and stored.vaccination_doses == 0
    # A highway exit has no five checks.
    plain = post_check({"event_id": "g-3", "id_number": vaccinated.id_number, "health_code": "green"}).json()
    assert "vaccination" not in plain and "mask" not in plain


def test_no_policy_in_force_refuses_the_check(district, exit_cp, post_check, frozen_day):
    response = post_check({"event_id": "np-1", "phone": "13800138000", "health_code": "green"})
    assert response.status_code == 400 and "checked_at" in response.json()
    assert not Check.objects.exists()


def test_the_registry_actions_check_scope_and_fields(district, cadre, outsider):
    from wangge.checkpoints.actions import do_create_checkpoint, do_update_checkpoint
    from wangge.core.errors import NotPermitted

    checkpoint = do_create_checkpoint(cadre, code="SX-RD-1", name="三星路口", kind="road", region=district["village"])
    assert checkpoint.region_code == district["village"].code
    with pytest.raises(Invalid) as refused:
        do_create_checkpoint(cadre, code="SX-RD-1", name="又一个", kind="road", region=district["village"])
    assert refused.value.field == "code"
    with pytest.raises(Invalid) as refused:
        do_create_checkpoint(cadre, code="CL-1", name="常乐", kind="road", region=district["other_town"])
    assert refused.value.field == "region"
    with pytest.raises(Invalid) as refused:
        do_create_checkpoint(cadre, code="check", name="保留字", kind="road", region=district["village"])
    assert refused.value.field == "code"
    with pytest.raises(NotPermitted):
        do_update_checkpoint(outsider, checkpoint, name="x", kind="road", region=district["grid_b"])
    moved = do_update_checkpoint(cadre, checkpoint, name="三星路口（东）", kind="road", region=district["grid_a"],
                                 lat=31.9, lon=121.2)
    assert moved.region_code == district["grid_a"].code and moved.lat == 31.9
