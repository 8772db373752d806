"""The checkpoint check's contract (formats.md): the latest negative, vehicles, resends, bad input, unknown
checkpoints, and the batch a device sends after working offline."""

import datetime

import pytest

from wangge.checkpoints.models import Check

from .conftest import negative_result, visitor_id


def body(**fields):
    data = {"event_id": "ev-1", "health_code": "green", "itinerary_star": False}
    data.update(fields)
    return data


# --- the latest negative result ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "expected"), [(datetime.timedelta(hours=47, minutes=59), "pass"),
                                                (datetime.timedelta(hours=48, minutes=1), "nat_required")])
def test_the_latest_negative_counts_up_to_48_hours(ready, post_check, age, expected):
    person = visitor_id(11)
    tested = ready["now"] - age
    negative_result(ready["district"], person, tested - datetime.timedelta(days=3))  # an older one
    negative_result(ready["district"], person, tested)
    response = post_check(body(id_number=person, itinerary_star=True))
    assert response.status_code == 201
    answer = response.json()
    assert answer["decision"] == expected
    assert datetime.datetime.fromisoformat(answer["latest_negative_at"]) == tested
    assert answer["hours_since_negative"] == pytest.approx(age.total_seconds() / 3600, abs=0.01)


def test_a_positive_or_later_result_is_not_a_negative_and_the_certificate_counts_when_later(ready, post_check):
    person = visitor_id(12)
    now = ready["now"]
    negative_result(ready["district"], person, now - datetime.timedelta(hours=60))
    negative_result(ready["district"], person, now - datetime.timedelta(hours=10), result="positive")
    negative_result(ready["district"], person, now + datetime.timedelta(hours=2))  # after the check: not yet known
    first = post_check(body(event_id="ev-a", id_number=person, itinerary_star=True)).json()
    assert first["decision"] == "nat_required" and first["hours_since_negative"] == pytest.approx(60)
    certificate = (now - datetime.timedelta(hours=20)).isoformat()
    second = post_check(body(event_id="ev-b", id_number=person, itinerary_star=True,
                             nat_certificate_at=certificate)).json()
    assert second["decision"] == "pass" and second["hours_since_negative"] == pytest.approx(20)


def test_a_certificate_time_without_offset_is_china_time(ready, post_check):
    local = (ready["now"] - datetime.timedelta(hours=30)).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    answer = post_check(body(phone="13800138000", itinerary_star=True,
                             nat_certificate_at=local.strftime("%Y-%m-%dT%H:%M"))).json()
    assert answer["decision"] == "pass" and answer["hours_since_negative"] == pytest.approx(30)


# --- vehicles ---------------------------------------------------------------------------------------------------


def test_a_vehicle_whose_passenger_is_red_is_held_and_each_passenger_is_decided(ready, post_check):
    driver = ready["district"]["residents"][ready["district"]["grid_a"].code][0]
    response = post_check(body(id_number=driver.id_number, vehicle_plate="苏F·12345", passengers=[
        {"id_number": visitor_id(21), "health_code": "green"},
        {"id_number": visitor_id(22), "health_code": "red"},
        {"phone": "13912345678", "health_code": "yellow", "temperature": 36.6},
    ]))
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["decision"] == "pass"  # the driver's own
    assert answer["vehicle_plate"] == "苏F12345" and answer["vehicle_decision"] == "isolate"
    assert [p["decision"] for p in answer["passengers"]] == ["pass", "isolate", "persuade_back"]
    assert answer["resident"]["matched"] is True
    checks = list(Check.objects.order_by("seq"))
    assert [c.seq for c in checks] == [0, 1, 2, 3]
    assert {c.vehicle_decision for c in checks} == {"isolate"}
    assert all(c.lead_id == checks[0].pk for c in checks[1:])


# --- resends ------------------------------------------------------------------------------------------------------


def test_a_resend_is_answered_with_the_first_answer_and_stores_nothing_new(ready, post_check):
    first = post_check(body(event_id="dev1-0001", id_number=visitor_id(31), health_code="yellow"))
    assert first.status_code == 201
    stored = Check.objects.count()
    again = post_check(body(event_id="dev1-0001", id_number=visitor_id(31), health_code="green"))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Check.objects.count() == stored == 1


def test_an_event_id_of_another_device_is_a_conflict(ready, post_check, cadre):
    assert post_check(body(event_id="same-id", phone="13800138000")).status_code == 201
    response = post_check(body(event_id="same-id", phone="13800138000"), user=cadre)
    assert response.status_code == 409
    assert Check.objects.count() == 1


# --- bad input -------------------------------------------------------------------------------------------------------

BAD = [
    ("malformed ID", {"id_number": "320684199001011233"}, "id_number"),
    ("ID of 17 characters", {"id_number": "32068419900101123"}, "id_number"),
    ("no person", {"id_number": "", "phone": ""}, "id_number"),
    ("bad phone", {"phone": "12345"}, "phone"),
    ("bad plate", {"vehicle_plate": "ABC123"}, "vehicle_plate"),
    ("unknown colour", {"health_code": "blue"}, "health_code"),
    ("no colour", {"health_code": ""}, "health_code"),
    ("60 °C", {"temperature": 60}, "temperature"),
    ("33 °C", {"temperature": "33.9"}, "temperature"),
    ("temperature not a number", {"temperature": "hot"}, "temperature"),
    ("passengers not a list", {"vehicle_plate": "苏F12345", "passengers": {"id_number": "x"}}, "passengers"),
    ("passengers without a plate", {"passengers": [{"phone": "13800138000", "health_code": "green"}]},
     "vehicle_plate"),
    ("a passenger's bad ID", {"vehicle_plate": "苏F12345", "passengers": [
        {"phone": "13800138000", "health_code": "green"}, {"id_number": "11010519491231002Y", "health_code": "green"}]},
     "passengers[2].id_number"),
    ("a passenger's colour", {"vehicle_plate": "苏F12345", "passengers": [{"phone": "13800138000",
                                                                             "health_code": "purple"}]},
     "passengers[1].health_code"),
    ("star not a boolean", {"itinerary_star": "maybe"}, "itinerary_star"),
    ("bad check time", {"checked_at": "yesterday"}, "checked_at"),
    ("check in the future", {"checked_at": "2030-01-01T00:00:00+08:00"}, "checked_at"),
    ("certificate after the check", {"nat_certificate_at": "2021-08-06T12:00:00+08:00"}, "nat_certificate_at"),
    ("stays not codes", {"stays": ["Nanjing"]}, "stays"),
    ("no event id", {"event_id": ""}, "event_id"),
    ("a resident outside the jurisdiction", {"resident": 999999}, "resident"),
]


@pytest.mark.parametrize(("case", "fields", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(ready, post_check, case, fields, field):
    from wangge.followup.models import FollowUp

    data = body(id_number="11010519491231002X")
    data.update(fields)
    response = post_check(data)
    assert response.status_code == 400, (case, response.content)
    errors = response.json()
    assert list(errors) == [field], errors
    assert errors[field][0].strip()
    assert not Check.objects.exists() and not FollowUp.objects.exists()


def test_the_refusal_of_an_id_number_says_so_in_chinese(ready, post_check):
    errors = post_check(body(id_number="320684199001011233")).json()
    assert "身份证号" in errors["id_number"][0]


def test_an_unknown_checkpoint_or_one_outside_the_jurisdiction_is_404(ready, post_check, district):
    from wangge.checkpoints.models import Checkpoint

    assert post_check(body(phone="13800138000"), code="NO-SUCH").status_code == 404
    Checkpoint.objects.create(code="CL-01", name="常乐道口", kind="road", region=district["other_town"])
    assert post_check(body(phone="13800138000"), code="CL-01").status_code == 404
    assert not Check.objects.exists()


def test_a_role_without_checkpoint_duty_may_not_check(ready, post_check, worker):
    assert post_check(body(phone="13800138000"), user=worker).status_code == 403
    assert not Check.objects.exists()


def test_the_checks_list_is_for_cadres_and_masks_numbers(ready, post_check, cadre, api_for, volunteer):
    person = visitor_id(41)
    post_check(body(id_number=person, phone="13800138000"))
    assert api_for(volunteer).get("/api/checkpoint-checks/").status_code == 403
    rows = api_for(cadre).get("/api/checkpoint-checks/").json()["results"]
    assert len(rows) == 1 and rows[0]["id_number"] != person and rows[0]["id_number"].endswith(person[-4:])
    assert rows[0]["phone"] == "138****8000"


# --- the batch of a device that was offline ------------------------------------------------------------------------


def test_a_batch_keeps_every_good_check_refuses_the_bad_and_acknowledges_resends(ready, api_for, volunteer):
    api = api_for(volunteer)
    checked_at = (ready["now"] - datetime.timedelta(hours=3)).isoformat()
    events = [
        {"event_id": "off-1", "checkpoint": "HW-SX-01", "checked_at": checked_at, "phone": "13800138000",
         "health_code": "green"},
        {"event_id": "off-2", "checkpoint": "HW-SX-01", "id_number": "11010519491231002X", "health_code": "blue"},
        {"event_id": "off-3", "checkpoint": "NOWHERE", "phone": "13800138001", "health_code": "green"},
        {"event_id": "off-4", "checkpoint": "HW-SX-01", "phone": "13800138002", "health_code": "red"},
    ]
    result = api.post("/api/checkpoint-checks/sync/", {"events": events}, format="json").json()
    assert result["accepted"] == ["off-1", "off-4"]
    rejected = {r["event_id"]: r for r in result["rejected"]}
    assert rejected["off-2"]["field"] == "health_code" and rejected["off-2"]["status"] == 400
    assert rejected["off-3"]["status"] == 404
    assert result["answers"]["off-4"]["decision"] == "isolate"
    stored = Check.objects.get(event_id="off-1")
    assert stored.checked_at == datetime.datetime.fromisoformat(checked_at) and stored.checked_by == volunteer
    again = api.post("/api/checkpoint-checks/sync/", {"events": events[:1]}, format="json").json()
    assert again["duplicates"] == ["off-1"] and again["answers"]["off-1"] == result["answers"]["off-1"]
    assert Check.objects.count() == 2
    assert api.post("/api/checkpoint-checks/sync/", {"events": "nope"}, format="json").status_code == 400
