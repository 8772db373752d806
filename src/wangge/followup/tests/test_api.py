"""The API as the personas see it: scoped lists, outcome actions returning the new state, 404 / 409 refusals."""

import pytest

from wangge.followup import actions
from wangge.followup.choices import TaskKind
from wangge.followup.models import FollowUp, Task, Visit

from .conftest import DAY1

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(district, policy_a, today, make_flag, admin_user):
    resident = district["residents"][district["grid_a"].code][0]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    return FollowUp.objects.get(resident=resident)


def test_the_grid_worker_lists_and_verifies_the_task(opened, api_for, worker):
    api = api_for(worker)
    tasks = api.get("/api/tasks/", {"kind": "verify", "state": "open"}).json()["results"]
    assert [t["followup"] for t in tasks] == [opened.pk]
    response = api.post(f"/api/tasks/{tasks[0]['id']}/verify/", {"outcome": "reached", "note": "在家"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["followup_state"] == "under_measure" and response.json()["task_state"] == "done"


def test_a_closed_task_answers_409_and_changes_nothing(opened, api_for, worker):
    api = api_for(worker)
    task = Task.objects.get(followup=opened)
    assert api.post(f"/api/tasks/{task.pk}/verify/", {"outcome": "reached"}, format="json").status_code == 200
    before = (Visit.objects.count(), FollowUp.objects.get(pk=opened.pk).state)
    response = api.post(f"/api/tasks/{task.pk}/verify/", {"outcome": "moved_away"}, format="json")
    assert response.status_code == 409
    assert (Visit.objects.count(), FollowUp.objects.get(pk=opened.pk).state) == before


def test_another_grids_worker_gets_404_everywhere(opened, api_for, outsider):
    api = api_for(outsider)
    task = Task.objects.get(followup=opened)
    assert api.get("/api/tasks/").json()["count"] == 0
    assert api.get("/api/followups/").json()["count"] == 0
    assert api.get(f"/api/followups/{opened.pk}/").status_code == 404
    assert api.post(f"/api/tasks/{task.pk}/verify/", {"outcome": "reached"}, format="json").status_code == 404
    assert api.post(f"/api/followups/{opened.pk}/moved-out/", {}, format="json").status_code == 404
    task.refresh_from_db()
    assert task.state == "open" and not Visit.objects.exists()


def test_bad_input_is_400_naming_the_field(opened, api_for, worker):
    api = api_for(worker)
    task = Task.objects.get(followup=opened)
    api.post(f"/api/tasks/{task.pk}/verify/", {"outcome": "reached"}, format="json")
    visit = Task.objects.get(followup=opened, kind=TaskKind.DAILY_VISIT)
    response = api.post(f"/api/tasks/{visit.pk}/visit/", {"temperature": 50}, format="json")
    assert response.status_code == 400 and "temperature" in response.json()
    response = api.post(f"/api/tasks/{task.pk}/verify/", {"outcome": "maybe"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()


def test_personal_data_is_masked(opened, api_for, cadre):
    data = api_for(cadre).get(f"/api/followups/{opened.pk}/").json()
    assert "*" in data["id_number"] and "*" in data["phone"] and "*" in data["person_key"]
    assert data["plan"]["end"] == "2021-08-17" and len(data["nat_records"]) == 3


def test_a_person_is_entered_by_hand_through_the_api(district, policy_a, today, api_for, worker):
    api = api_for(worker)
    body = {"category": "same_city", "start_date": DAY1.isoformat(), "id_number": "11010519491231002X",
            "name": "李四", "region": district["grid_a"].code, "reporter_note": "邻居反映"}
    response = api.post("/api/followups/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "manual"
    assert api.post("/api/followups/", body, format="json").status_code == 409
    body["region"] = district["grid_b"].code
    body["id_number"] = ""
    body["phone"] = "13800138000"
    response = api.post("/api/followups/", body, format="json")
    assert response.status_code == 400 and "region" in response.json()
