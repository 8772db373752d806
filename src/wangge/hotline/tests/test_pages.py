"""Pages: each persona sees what they should; the forms call the actions."""

import pytest
from django.urls import reverse

from wangge.hotline.choices import State
from wangge.hotline.models import WorkOrder

CENTRE_PAGES = ["hotline:intake", "hotline:supervision", "hotline:callbacks", "hotline:kpis", "hotline:report"]


@pytest.mark.parametrize("name", [*CENTRE_PAGES, "hotline:orders"])
def test_centre_pages_render(client_for, operator, make_order, name):
    make_order(State.PENDING_CALLBACK)
    response = client_for(operator).get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", CENTRE_PAGES)
def test_department_handlers_cannot_open_centre_pages(client_for, handler, name):
    assert client_for(handler).get(reverse(name)).status_code == 403


def test_inbox_lists_the_department_orders_by_deadline(client_for, handler, make_order):
    order = make_order(State.DISPATCHED)
    make_order(State.RECEIVED)
    page = client_for(handler).get(reverse("hotline:inbox")).content.decode()
    assert order.number in page


def test_intake_form_registers_and_dispatches(client_for, operator):
    client = client_for(operator)
    response = client.post(reverse("hotline:intake"), {
        "content": "核酸检测结果查不到", "category": "EP02", "region": "320684102001001", "caller_phone": "13900001111",
        "channel": "phone", "urgency": "normal", "mode": "dispatch", "department": "CDC"})
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    assert order.state == State.DISPATCHED and order.department.code == "CDC"


def test_intake_form_refuses_empty_content(client_for, operator):
    response = client_for(operator).post(reverse("hotline:intake"), {
        "content": "", "category": "EP02", "channel": "phone", "urgency": "normal", "mode": "queue"})
    assert response.status_code == 400 and not WorkOrder.objects.exists()


def test_detail_and_transition_buttons(client_for, handler, make_order):
    order = make_order(State.DISPATCHED)
    client = client_for(handler)
    page = client.get(reverse("hotline:order", args=[order.pk])).content.decode()
    assert "138****8000" in page and "13800138000" not in page
    client.post(reverse("hotline:transition", args=[order.pk, "sign"]))
    order.refresh_from_db()
    assert order.state == State.IN_PROGRESS
    client.post(reverse("hotline:transition", args=[order.pk, "close"]))  # refused: shown as a message
    order.refresh_from_db()
    assert order.state == State.IN_PROGRESS


def test_other_departments_get_404(client_for, other_handler, make_order):
    order = make_order(State.DISPATCHED)
    assert client_for(other_handler).get(reverse("hotline:order", args=[order.pk])).status_code == 404


def test_suggest_json(client_for, operator):
    data = client_for(operator).get(reverse("hotline:suggest"), {"content": "疫苗在哪里接种"}).json()
    assert data["articles"]


def test_report_xlsx(client_for, operator, make_order):
    make_order(State.CLOSED)
    response = client_for(operator).get(reverse("hotline:report-xlsx") + "?day=2021-08-02")
    assert response.status_code == 200 and response.content[:2] == b"PK"
