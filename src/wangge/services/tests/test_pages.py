"""The pages as their users meet them: the grid worker orders for a resident and sees their orders, the volunteer
takes and finishes, the grid worker enters the rating; a step out of order shows its reason; scoping and masking."""

import io

import openpyxl
import pytest
from django.urls import reverse

from wangge.core.ids import mask_id
from wangge.services import actions
from wangge.services.choices import OrderStatus
from wangge.services.models import Order

pytestmark = pytest.mark.django_db


def test_the_grid_worker_finds_a_resident_and_orders_for_them(world, client_for):
    client, resident = client_for(world["worker"]), world["resident"]
    page = client.get(reverse("services:residents"), {"q": resident.name})
    assert reverse("services:resident", args=[resident.pk]) in page.content.decode()
    page = client.get(reverse("services:resident", args=[resident.pk]))
    body = page.content.decode()
    assert "爱心送餐" in body and "全民阅读" not in body  # only their community's menu
    assert resident.id_number not in body and mask_id(resident.id_number) in body
    answer = client.post(reverse("services:resident", args=[resident.pk]),
                         {"item": world["meals"].pk, "channel": "grid_worker", "note": "午餐送到家"})
    assert answer.status_code == 302
    order = Order.objects.get(resident=resident)
    assert order.ordered_by == world["worker"] and order.status == OrderStatus.ORDERED
    assert "午餐送到家" in client.get(reverse("services:resident", args=[resident.pk])).content.decode()


def test_a_day_wanted_in_the_past_is_a_form_error(world, client_for):
    client, resident = client_for(world["worker"]), world["resident"]
    page = client.post(reverse("services:resident", args=[resident.pk]),
                       {"item": world["meals"].pk, "channel": "grid_worker", "wanted_on": "2021-08-01"})
    assert page.status_code == 200 and not Order.objects.exists()
    assert "past" in page.content.decode() or "早于今天" in page.content.decode()


def test_the_volunteer_takes_and_finishes_on_my_orders_and_the_worker_rates(world, client_for):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    vol = client_for(world["vol_user"])
    page = vol.get(reverse("services:my"))
    assert reverse("services:order", args=[order.pk]) in page.content.decode()
    vol.post(reverse("services:order-step", args=[order.pk, "take"]))
    vol.post(reverse("services:order-step", args=[order.pk, "done"]), {"note": "已送达"})
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE and order.volunteer == world["vol"]
    assert "已送达" in vol.get(reverse("services:order", args=[order.pk])).content.decode()
    worker = client_for(world["worker"])
    worker.post(reverse("services:order-step", args=[order.pk, "rate"]), {"rating": "4", "comment": "准时"})
    order.refresh_from_db()
    assert order.rating == 4 and order.status == OrderStatus.RATED
    detail = worker.get(reverse("services:order", args=[order.pk])).content.decode()
    assert "4 / 5" in detail


def test_a_step_out_of_order_on_the_page_shows_the_reason(world, client_for):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    worker = client_for(world["worker"])
    answer = worker.post(reverse("services:order-step", args=[order.pk, "rate"]), {"rating": "5"}, follow=True)
    body = answer.content.decode()
    assert "rated" in body.lower() or "评价" in body
    order.refresh_from_db()
    assert order.status == OrderStatus.ORDERED and order.rating is None


def test_a_rating_out_of_range_on_the_page_is_refused(world, client_for):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    actions.do_take(world["vol_user"], order)
    actions.do_done(world["vol_user"], order)
    client_for(world["worker"]).post(reverse("services:order-step", args=[order.pk, "rate"]), {"rating": "9"})
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE and order.rating is None


def test_the_grid_worker_of_another_grid_sees_nothing_of_the_resident(world, client_for):
    order = actions.do_order(world["worker"], world["resident"], world["meals"])
    outsider = client_for(world["outsider"])
    assert outsider.get(reverse("services:order", args=[order.pk])).status_code == 404
    assert outsider.get(reverse("services:resident", args=[world["resident"].pk])).status_code == 404
    assert world["resident"].name not in outsider.get(reverse("services:orders")).content.decode()
    assert outsider.post(reverse("services:order-step", args=[order.pk, "cancel"]),
                         {"reason": "x"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.ORDERED


def test_the_orders_list_filters_by_status_and_exports_masked(world, client_for):
    done = actions.do_order(world["worker"], world["resident"], world["meals"])
    actions.do_take(world["vol_user"], done)
    actions.do_done(world["vol_user"], done)
    actions.do_order(world["worker"], world["resident"], world["classes"])
    client = client_for(world["vcadre"])
    page = client.get(reverse("services:orders"), {"status": "done"}).content.decode()
    assert ">爱心送餐</td>" in page and ">老年公益课堂</td>" not in page
    answer = client.get(reverse("services:orders"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert mask_id(world["resident"].id_number) in cells and world["resident"].id_number not in cells


def test_the_menu_is_added_by_the_community_and_refuses_a_duplicate(world, client_for):
    client = client_for(world["vcadre"])
    answer = client.post(reverse("services:item-add"), {"region": world["village"].pk, "name": "书画义务培训",
                                                        "category": "arts", "team": world["team"].pk,
                                                        "active": "on"})
    assert answer.status_code == 302
    again = client.post(reverse("services:item-add"), {"region": world["village"].pk, "name": "书画义务培训",
                                                       "category": "arts"})
    assert again.status_code == 200 and ("already" in again.content.decode() or "已有" in again.content.decode())
    assert world["worker"].has_perm("services.view_serviceitem")
    assert "书画义务培训" in client_for(world["worker"]).get(reverse("services:items")).content.decode()


@pytest.mark.parametrize("name", ["orders", "my", "items", "residents", "postings", "seekers", "trainings",
                                  "placements", "figures"])
def test_every_list_page_opens_for_the_district_admin(world, admin_user, client_for, name):
    assert client_for(admin_user).get(reverse(f"services:{name}")).status_code == 200
