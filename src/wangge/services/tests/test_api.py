"""The API: an order entered and walked through its life; refusals answer 409/400 with the reason; scoping."""

import pytest

from wangge.services.models import Order

pytestmark = pytest.mark.django_db


def login(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_an_order_through_the_api(world):
    worker, vol = login(world["worker"]), login(world["vol_user"])
    answer = worker.post("/api/services/orders/", {"resident": world["resident"].pk, "item": world["meals"].pk},
                         content_type="application/json")
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    assert "*" in (answer.json()["resident_phone"] or "*")
    early = worker.post(f"/api/services/orders/{pk}/rate/", {"rating": 5}, content_type="application/json")
    assert early.status_code in (403, 409)
    assert vol.post(f"/api/services/orders/{pk}/take/", {}, content_type="application/json").status_code == 200
    assert vol.post(f"/api/services/orders/{pk}/take/", {}, content_type="application/json").status_code == 409
    assert vol.post(f"/api/services/orders/{pk}/done/", {}, content_type="application/json").status_code == 200
    bad = worker.post(f"/api/services/orders/{pk}/rate/", {"rating": 7}, content_type="application/json")
    assert bad.status_code == 400 and "rating" in bad.json()
    good = worker.post(f"/api/services/orders/{pk}/rate/", {"rating": 5, "comment": "好"},
                       content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "rated"


def test_the_outsider_cannot_order_for_the_resident_nor_see_the_order(world):
    outsider = login(world["outsider"])
    answer = outsider.post("/api/services/orders/", {"resident": world["resident"].pk, "item": world["meals"].pk},
                           content_type="application/json")
    assert answer.status_code == 400 and "resident" in answer.json()
    assert not Order.objects.exists()
    login(world["worker"]).post("/api/services/orders/", {"resident": world["resident"].pk,
                                                               "item": world["meals"].pk},
                                     content_type="application/json")
    assert Order.objects.count() == 1
    listing = outsider.get("/api/services/orders/").json()
    assert listing["count"] == 0 and listing["results"] == []
    detail = outsider.get(f"/api/services/orders/{Order.objects.get().pk}/")
    assert detail.status_code == 404
