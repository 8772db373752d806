"""End to end: a pushed list is screened by the engine against the shipped Jiangsu 2021 designations, the
worker loop (the real command, with the clock moved day by day) makes tasks, the grid worker works them through
the API until the measure completes; an unreachable person goes to the village and then the town; the grid worker
of another grid sees none of it."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

import wangge.screening
from wangge.core import clock
from wangge.followup.models import FollowUp, Task
from wangge.screening import actions as screening
from wangge.screening import engine

from .conftest import DAY1

RISK_AREAS = Path(wangge.screening.__file__).parent / "data" / "jiangsu-2021-07-08.csv"

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


def push(tmp_path, admin_user, rows):
    """The province's list, screened on the morning of 08-05 and stored: flags and follow-ups."""
    path = tmp_path / "push.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["record_id", "id_number", "phone", "name", "place_code",
                                                "arrived_at", "left_at", "destination_code", "source"])
        writer.writeheader()
        for i, row in enumerate(rows, start=1):
            writer.writerow({"record_id": i, "source": "telecom", **row})
    outcome = screening.do_screen(admin_user, path, as_of=engine.parse_time("2021-08-05T07:00"),
                                  risk_areas_path=RISK_AREAS)
    return screening.do_store_run(admin_user, outcome)


def test_from_pushed_list_to_completed_measure(district, policy_a, admin_user, worker, cadre, outsider, api_for,
                                               moving_clock, tmp_path):
    clock.set_today(DAY1)
    grid_a = district["residents"][district["grid_a"].code]
    run = push(tmp_path, admin_user, [
        # 秣陵街道 (medium until 08-15): matched by ID number.
        {"id_number": grid_a[0].id_number, "place_code": "320115002001", "arrived_at": "2021-08-04T09:00",
         "left_at": "2021-08-04T18:00"},
        # 禄口街道 (high until 08-15): matched by phone only.
        {"phone": grid_a[1].phone, "place_code": "320115005003", "arrived_at": "2021-08-03T10:00",
         "left_at": "2021-08-03T12:00"},
        # Nowhere risky: no flag.
        {"id_number": district["residents"][district["grid_b"].code][0].id_number, "place_code": "320684102001",
         "arrived_at": "2021-08-04T09:00", "left_at": ""},
    ])
    assert (run.flags_medium, run.flags_high, run.matched, run.followups_opened) == (1, 1, 2, 2)
    medium = FollowUp.objects.get(resident=grid_a[0])
    high = FollowUp.objects.get(resident=grid_a[1])
    assert (medium.category, high.category, medium.flag.run_id) == ("medium", "high", run.pk)
    assert high.person_key == grid_a[1].id_number and high.name == grid_a[1].name  # listed by phone only
    assert medium.start_date == datetime.date(2021, 8, 4) and medium.end_date == datetime.date(2021, 8, 17)
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
