"""The REST API: intake, transitions (409 for forbidden ones), scoping, KPIs, suggestions."""

import pytest

from wangge.hotline.choices import State
from wangge.hotline.models import Event, WorkOrder

INTAKE = {"content": "请问从南京回来需要隔离吗", "category": "EP04", "caller_phone": "13800138000",
          "caller_name": "测试", "region": "320684102001001"}


def test_intake_and_the_life_of_an_order(api_for, operator, handler):
    api = api_for(operator)
    response = api.post("/api/hotline/orders/", INTAKE, format="json")
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["state"] == State.RECEIVED and order["caller_phone"] == "138****8000"
    url = f"/api/hotline/orders/{order['id']}/"
    assert api.post(url + "dispatch/", {"department": "ZHB"}).json()["state"] == State.DISPATCHED
    hapi = api_for(handler)
    assert hapi.post(url + "sign/").json()["state"] == State.IN_PROGRESS
    assert hapi.post(url + "reply/", {"answer": "已处理"}).json()["state"] == State.REPLIED
    detail = hapi.get(url).json()
    assert [e["kind"] for e in detail["events"]] == ["intake", "dispatch", "sign", "reply"]


def test_bad_intake_is_refused_with_the_field_named(api_for, operator):
    api = api_for(operator)
    response = api.post("/api/hotline/orders/", {**INTAKE, "content": " "}, format="json")
    assert response.status_code == 400 and "content" in response.json()
    response = api.post("/api/hotline/orders/", {**INTAKE, "category": "XX"}, format="json")
    assert response.status_code == 400 and "category" in response.json()
    assert not WorkOrder.objects.exists()


def test_forbidden_transition_is_409_and_changes_nothing(api_for, operator, make_order):
    order = make_order(State.RECEIVED)
    response = api_for(operator).post(f"/api/hotline/orders/{order.pk}/close/")
    assert response.status_code == 409
    assert Event.objects.filter(order=order).count() == 1


def test_a_department_not_holding_the_order_gets_404(api_for, other_handler, make_order):
    order = make_order(State.IN_PROGRESS)
    response = api_for(other_handler).post(f"/api/hotline/orders/{order.pk}/reply/", {"answer": "x"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.state == State.IN_PROGRESS


def test_handlers_see_only_their_department(api_for, handler, other_handler, make_order):
    make_order(State.IN_PROGRESS)
    make_order(State.RECEIVED)
    assert api_for(handler).get("/api/hotline/orders/").json()["count"] == 1
    assert api_for(other_handler).get("/api/hotline/orders/").json()["count"] == 0


def test_outsider_sees_nothing(api_for, outsider, make_order):
    """A grid worker of another grid: the role has no hotline work (403), and the order does not leak."""
    order = make_order(State.IN_PROGRESS)
    api = api_for(outsider)
    listing = api.get("/api/hotline/orders/")
    assert listing.status_code == 403 and order.number not in listing.content.decode()
    assert api.get(f"/api/hotline/orders/{order.pk}/").status_code == 403


def test_reveal_is_logged(api_for, catalogue, make_order):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user
    from wangge.core.models import AccessEvent

    order = make_order(State.RECEIVED)
    boss = make_user("boss", Role.DISTRICT_ADMIN, catalogue["district"], reveal=True)
    data = api_for(boss).get(f"/api/hotline/orders/{order.pk}/?reveal=1").json()
    assert data["caller_phone"] == "13800138000"
    assert AccessEvent.objects.filter(fields="caller_phone").count() == 1


def test_kpis_and_suggest(api_for, operator, make_order):
    make_order(State.CLOSED)
    api = api_for(operator)
    data = api.get("/api/hotline/kpis/?start=2021-08-01&end=2021-09-01&group_by=department").json()
    assert data["total"]["received"] == 1 and data["definitions"]
    assert api.get("/api/hotline/kpis/?start=bad").status_code == 400
    hints = api.get("/api/hotline/suggest/", {"content": "核酸检测结果怎么查询", "category": "EP02"}).json()
    assert hints["articles"] and hints["departments"][0]["source"] == "catalogue"


@pytest.mark.parametrize("path", ["/api/hotline/categories/", "/api/hotline/departments/"])
def test_catalogue_endpoints(api_for, operator, path):
    assert api_for(operator).get(path).status_code == 200


def test_the_hotline_api_schema_is_valid_without_warnings(db):
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/", include("wangge.hotline.api.urls"))]).get_schema(
        request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    assert "/api/hotline/orders/{id}/{transition}/" in schema["paths"]


def test_a_report_of_a_neighbour_not_isolating_is_suggested_as_a_complaint(api_for, operator):
    data = api_for(operator).get("/api/hotline/suggest/", {"content": "举报邻居从南京回来不隔离"}).json()
    assert data["categories"][0]["code"] == "EP05" and data["categories"][0]["name"] == "投诉举报"
    question = api_for(operator).get("/api/hotline/suggest/", {"content": "从南京回来需要隔离吗"}).json()
    assert all(c["code"] != "EP05" for c in question["categories"][:1])


def test_the_same_request_about_the_same_place_a_minute_later_is_offered_as_a_likely_duplicate(
        api_for, operator, make_order, catalogue):
    from wangge.core import clock

    from .conftest import at

    first = make_order(State.RECEIVED, caller_phone="13911112222")
    with clock.frozen(at(1 / 60)):
        data = api_for(operator).get("/api/hotline/suggest/", {
            "content": first.content, "region": catalogue["grid_a"].code, "phone": "13700000000"}).json()
    assert data["duplicates"][0]["number"] == first.number
    assert data["duplicates"][0]["likely"] is True and data["duplicates"][0]["reason"] == "likely_duplicate"
    with clock.frozen(at(24)):  # a day later it is only similar, not a likely duplicate
        data = api_for(operator).get("/api/hotline/suggest/", {
            "content": first.content, "region": catalogue["grid_a"].code}).json()
    assert data["duplicates"] and data["duplicates"][0]["likely"] is False
