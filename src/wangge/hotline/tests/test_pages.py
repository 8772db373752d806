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
    """The intake form fetches its suggestions from the one suggestions route, the API's."""
    data = client_for(operator).get(reverse("hotline-suggest"), {"content": "疫苗在哪里接种"},
                                    HTTP_ACCEPT="application/json").json()
    assert data["articles"]


def test_report_xlsx(client_for, operator, make_order):
    make_order(State.CLOSED)
    response = client_for(operator).get(reverse("hotline:report-xlsx") + "?day=2021-08-02")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_operator_calls_the_caller_back_from_the_queue_without_seeing_the_number(client_for, operator,
                                                                                      make_order):
    from wangge.core.models import AccessEvent, AccessKind

    order = make_order(State.PENDING_CALLBACK)
    client = client_for(operator)
    page = client.get(reverse("hotline:callbacks")).content.decode()
    call_url = reverse("hotline:order-call", args=[order.pk])
    assert "138****8000" in page and "13800138000" not in page and call_url in page
    response = client.post(call_url, {"reason": "callback"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"tel": "13800138000"}
    logged = AccessEvent.objects.get(kind=AccessKind.CALL)
    assert logged.reason == "callback" and logged.user_id == operator.pk


def test_the_order_page_offers_the_operator_a_call_button_and_no_full_number(client_for, operator, make_order):
    order = make_order(State.IN_PROGRESS)
    page = client_for(operator).get(reverse("hotline:order", args=[order.pk])).content.decode()
    assert reverse("hotline:order-call", args=[order.pk]) in page
    assert "138****8000" in page and "13800138000" not in page


def test_the_callback_form_preselects_no_satisfaction(client_for, operator, make_order):
    import re

    order = make_order(State.PENDING_CALLBACK)
    client = client_for(operator)
    for url in (reverse("hotline:callbacks"), reverse("hotline:order", args=[order.pk])):
        page = client.get(url).content.decode()
        select = re.search(r'<select name="satisfaction"[^>]*>(.*?)</select>', page, re.S)
        assert select and "required" in select.group(0)
        options = re.findall(r"<option[^>]*>", select.group(1))
        assert all('value=""' in o for o in options if "selected" in o), options


def test_the_operator_cannot_close_from_the_page_before_the_callback(client_for, operator, make_order):
    order = make_order(State.PENDING_CALLBACK)
    response = client_for(operator).post(reverse("hotline:transition", args=[order.pk, "close"]), follow=True)
    order.refresh_from_db()
    assert order.state == State.PENDING_CALLBACK
    assert any("回访" in str(m) or "callback" in str(m) for m in response.context["messages"])


def test_the_order_list_shows_its_true_total_not_a_cap_of_200(client_for, operator, catalogue):
    import datetime

    from wangge.hotline.models import Category

    category = Category.objects.get(code="EP01")
    when = datetime.datetime(2021, 8, 2, 9, tzinfo=datetime.UTC)
    WorkOrder.objects.bulk_create(WorkOrder(number=f"12345-20210802-{i:06d}", content="咨询", category=category,
                                            region_code=catalogue["grid_a"].code, received_at=when, deadline=when,
                                            due_at=when, state=State.PENDING_CALLBACK) for i in range(230))
    for name in ("hotline:orders", "hotline:callbacks"):
        response = client_for(operator).get(reverse(name))
        assert response.context["total"] == 230
        assert "230" in response.content.decode()
        assert len(response.context["page"].rows) < 230  # paged, by keyset


def test_the_order_list_filters_are_designed_for_people(client_for, operator, make_order):
    make_order(State.DISPATCHED)
    page = client_for(operator).get(reverse("hotline:orders")).content.decode()
    assert '<select name="category"' in page and "防疫政策咨询" in page  # a picker of names, not a code box
    assert '<select name="department"' in page and "区疾病预防控制中心" in page
    assert 'type="date" name="received_after"' in page or 'name="received_after" type="date"' in page
    assert '<select name="overdue"' in page and "true" in page
    response = client_for(operator).get(reverse("hotline:orders"), {"received_after": "2021-08-02"})
    assert 'value="2021-08-02"' in response.content.decode()  # the date input shows its value


def test_the_printed_daily_report_is_an_a4_document(client_for, operator, make_order):
    from django.contrib.staticfiles import finders

    make_order(State.CLOSED)
    page = client_for(operator).get(reverse("hotline:report") + "?day=2021-08-02").content.decode()
    assert "hotline/hotline.css" in page and "onclick" not in page and "data-print" in page
    css = open(finders.find("hotline/hotline.css"), encoding="utf-8").read()
    assert "@page" in css and "A4" in css and "170mm" in css  # the page, and charts held inside its width


def test_the_report_xlsx_uses_chinese_labels_and_percentages(client_for, operator, make_order):
    import io

    from openpyxl import load_workbook

    make_order(State.CLOSED)
    response = client_for(operator).get(reverse("hotline:report-xlsx") + "?day=2021-08-02")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "概况" and "热点问题" in book.sheetnames
    summary = [[c.value for c in row] for row in book["概况"].iter_rows()]
    assert summary[0][0].startswith("12345")
    rates = {row[0]: row[1] for row in summary if row and isinstance(row[1], str) and row[1].endswith("%")}
    assert rates and all(float(v.rstrip("%")) <= 100 for v in rates.values())
    assert all(all(ord(ch) > 127 or not ch.isalpha() for ch in str(c.value)) for c in book["重点工单"][1])


def test_a_reveal_of_the_callers_number_asks_a_reason_and_a_reload_logs_nothing_more(client_for, catalogue,
                                                                                     make_order):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user
    from wangge.core.models import AccessEvent, AccessKind

    supervisor = make_user("supervisor", Role.HOTLINE_OPERATOR, catalogue["district"], reveal=True)
    order = make_order(State.PENDING_CALLBACK)
    client = client_for(supervisor)
    url = reverse("hotline:order", args=[order.pk])
    refused = client.post(reverse("hotline:order-reveal", args=[order.pk]), {"reason": ""})
    assert refused.status_code == 302 and not AccessEvent.objects.filter(kind=AccessKind.REVEAL).exists()
    client.post(reverse("hotline:order-reveal", args=[order.pk]), {"reason": "callback", "next": url})
    assert "13800138000" in client.get(url).content.decode()
    assert "13800138000" in client.get(url).content.decode()  # the reload shows it again …
    assert AccessEvent.objects.filter(kind=AccessKind.REVEAL).count() == 1  # … and logs nothing more
