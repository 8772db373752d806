"""End to end: a pushed list becomes flags, the worker loop (the real command, with the clock moved day by day)
makes tasks, the grid worker works them through the API until the measure completes; an unreachable person goes
to the village and then the town; the grid worker of another grid sees none of it."""

import datetime
import io

import pytest
from django.core.management import call_command

from wangge.followup import actions, clock
from wangge.followup.models import FollowUp, Task

from .conftest import DAY1

pytestmark = pytest.mark.django_db


def worker_pass(day: datetime.date) -> str:
    out = io.StringIO()
    call_command("worker", "--once", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def moving_clock():
    yield
    clock.set_today(None)


def open_tasks(api, **params):
    return api.get("/api/tasks/", {"state": "open", "limit": 200, **params}).json()["results"]


def test_from_pushed_list_to_completed_measure(district, policy_a, make_flag, admin_user, worker, cadre, outsider,
                                               api_for, moving_clock):
    clock.set_today(DAY1)
    grid_a = district["residents"][district["grid_a"].code]
    flags = [make_flag(grid_a[0], "medium"), make_flag(grid_a[1], "high")]
    assert actions.open_from_flags(flags, admin_user) == 2
    medium = FollowUp.objects.get(resident=grid_a[0])
    high = FollowUp.objects.get(resident=grid_a[1])
    api, town, other = api_for(worker), api_for(cadre), api_for(outsider)

    # Day 1 (08-05): the grid worker verifies one person and cannot find the other three times.
    worker_pass(DAY1)
    verify = {t["followup"]: t["id"] for t in open_tasks(api, kind="verify")}
    assert set(verify) == {medium.pk, high.pk}
    assert api.post(f"/api/tasks/{verify[medium.pk]}/verify/", {"outcome": "reached"},
                    format="json").json()["followup_state"] == "under_measure"
    for attempt in range(3):
        state = api.post(f"/api/tasks/{verify[high.pk]}/unreachable/", {"note": f"第{attempt + 1}次"},
                         format="json").json()
    assert (state["level"], state["followup_state"]) == ("village", "escalated")
    assert api.post(f"/api/tasks/{verify[high.pk]}/unreachable/", {}, format="json").status_code == 404
    (notice,) = open_tasks(api, kind="deliver_notice")
    assert api.post(f"/api/tasks/{notice['id']}/deliver-notice/", {}, format="json").status_code == 200

    # Day by day until the last day of home isolation (08-17): visit every day, test on the test days.
    tested = []
    day = DAY1
    while day <= datetime.date(2021, 8, 17):
        clock.set_today(day)
        worker_pass(day)
        for task in open_tasks(api, followup=medium.pk):
            assert task["due_date"] <= day.isoformat()
            if task["kind"] == "daily_visit":
                response = api.post(f"/api/tasks/{task['id']}/visit/", {"temperature": "36.5", "symptoms": ""},
                                    format="json")
            else:
                response = api.post(f"/api/tasks/{task['id']}/nat/", {"result": "negative"}, format="json")
                tested.append(task["due_date"])
            assert response.status_code == 200, response.content
        day += datetime.timedelta(days=1)
    assert tested == ["2021-08-05", "2021-08-10", "2021-08-17"]
    assert Task.objects.filter(followup=medium, kind="daily_visit", state="done").count() == 13

    # The day after the end, the worker completes the measure.
    clock.set_today(day)
    assert "completed=1" in worker_pass(day)
    assert api.get(f"/api/followups/{medium.pk}/").json()["state"] == "completed"

    # The unreachable person climbed from the village to the town, where the town cadre has it.
    escalated = Task.objects.get(followup=high, kind="verify")
    assert (escalated.level, escalated.region_code) == ("town", district["town"].code)
    assert [t["followup"] for t in open_tasks(town, level="town")] == [high.pk]

    # The grid worker of grid B saw none of it and can touch none of it.
    assert other.get("/api/followups/").json()["count"] == 0
    assert other.get("/api/tasks/").json()["count"] == 0
    assert other.get("/api/visits/").json()["count"] == 0
    assert other.get(f"/api/followups/{medium.pk}/").status_code == 404
    assert other.post(f"/api/tasks/{escalated.pk}/verify/", {"outcome": "reached"}, format="json").status_code == 404
