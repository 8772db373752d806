"""The checkpoint pages: the registry, the checks made, the check page and its service worker, the day's figures and
their xlsx export — each for the roles that need it and nobody else."""

import datetime
import io
import json

from wangge.checkpoints.models import Check, Checkpoint
from wangge.core import clock

from .conftest import visitor_id


def check(post_check, event_id, hours_ago, **fields):
    """A check made `hours_ago` hours before now (the device's time)."""
    data = {"event_id": event_id, "health_code": "green", "phone": "13800138000",
            "checked_at": (clock.now() - datetime.timedelta(hours=hours_ago)).isoformat()}
    data.update(fields)
    response = post_check(data)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_registry_list_detail_and_edit(ready, client_for, cadre, outsider, district):
    client = client_for(cadre)
    Checkpoint.objects.create(code="CL-01", name="常乐道口", kind="road", region=district["other_town"])
    page = client.get("/checkpoints/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "三星高速道口" in html and "常乐道口" not in html
    assert client.get("/checkpoints/?export=xlsx").status_code == 200
    assert client.get("/checkpoints/HW-SX-01/").status_code == 200
    assert client.get("/checkpoints/CL-01/").status_code == 404
    response = client.post("/checkpoints/add/", {"code": "SX-RD-2", "name": "三星西路口", "kind": "road",
                                                 "region": district["village"].code, "active": "on"})
    assert response.status_code == 302 and response["Location"] == "/checkpoints/SX-RD-2/"
    response = client.post("/checkpoints/SX-RD-2/edit/", {"name": "三星西路口（改）", "kind": "compound",
                                                          "region": district["grid_a"].code, "active": "on"})
    assert response.status_code == 302
    edited = Checkpoint.objects.get(code="SX-RD-2")
    assert edited.kind == "compound" and edited.region_code == district["grid_a"].code
    assert client_for(outsider).get("/checkpoints/add/").status_code == 403


def test_the_checks_pages_show_cadres_masked_numbers_and_nothing_to_a_volunteer(ready, post_check, client_for,
                                                                              cadre, volunteer):
    person = visitor_id(61)
    answer = check(post_check, "p-1", 1, id_number=person, name="张三", health_code="yellow")
    client = client_for(cadre)
    html = client.get("/checkpoints/checks/").content.decode()
    assert "张三" in html and person not in html and person[:6] + "********" + person[-4:] in html
    detail = client.get(f"/checkpoints/checks/{answer['check_id']}/")
    assert detail.status_code == 200 and "cp-decision-persuade_back" in detail.content.decode()
    assert person not in client.get("/checkpoints/checks/?export=csv").getvalue().decode("utf-8-sig")
    cp_page = client.get("/checkpoints/HW-SX-01/").content.decode()
    assert "张三" in cp_page
    other = client_for(volunteer)
    assert other.get("/checkpoints/checks/").status_code == 403
    assert other.get(f"/checkpoints/checks/{answer['check_id']}/").status_code == 403
    volunteer_view = other.get("/checkpoints/HW-SX-01/").content.decode()
    assert "张三" not in volunteer_view  # the checkpoint page, without the checks made there


def test_the_check_page_carries_the_policy_for_offline_decisions_and_its_worker(ready, client_for, volunteer, worker):
    client = client_for(volunteer)
    page = client.get("/checkpoints/check/?checkpoint=HW-SX-01")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="cp-id"' in html and "labtests/register.js" in html and "<script>" not in html
    policy = json.loads(html.split('id="check-policy" type="application/json">')[1].split("</script>")[0])
    assert policy["code"] == "A" and policy["checkpoint"]["fever_celsius"] == 37.3
    assert 'id="cp-search"' not in html  # a volunteer does not search the registry
    assert 'id="cp-search"' in client_for(_cadre_of(ready)).get("/checkpoints/check/").content.decode()
    worker_js = client.get("/checkpoints/check/sw.js")
    assert worker_js.status_code == 200 and worker_js["Service-Worker-Allowed"] == "/checkpoints/check/"
    assert b"caches.open" in worker_js.content
    assert client_for(worker).get("/checkpoints/check/").status_code == 403
    menu = [item["url"] for group in page.context["nav_menu"] for item in group["items"]]
    assert "/checkpoints/check/" in menu and "/checkpoints/checks/" not in menu


def _cadre_of(ready):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    return make_user("village_cadre", Role.VILLAGE_CADRE, ready["district"]["village"])


def test_the_figures_page_counts_checks_per_hour_and_decisions_and_exports_them(ready, post_check, client_for,
                                                                                cadre, gate_cp):
    check(post_check, "f-1", 0, health_code="green")
    check(post_check, "f-2", 0, health_code="yellow")
    check(post_check, "f-3", 1, phone="13900139000", health_code="red", entered=True)
    check(post_check, "f-4", 1, health_code="green", temperature=38.2, vehicle_plate="苏F12345",
          passengers=[{"phone": "13700137000", "health_code": "green"}])
    check(post_check, "f-5", 30, health_code="green")  # yesterday
    page = client_for(cadre).get("/checkpoints/figures/")
    assert page.status_code == 200
    rows = {r["checkpoint"].code: r for r in page.context["rows"]}
    assert rows["HW-SX-01"]["hours"][12] == 2 and rows["HW-SX-01"]["hours"][11] == 3  # noon; a vehicle of two at 11
    assert rows["HW-SX-01"]["total"] == 5
    assert rows["HW-SX-01"]["decisions"] == [2, 0, 1, 1, 1]  # pass, nat, back, fever, isolate
    assert rows["XQ-A-01"]["total"] == 0
    totals = page.context["totals"]
    assert totals["checks"] == 5 and totals["isolate"] == 1 and totals["fever"] == 1 and totals["followups"] == 1
    html = page.content.decode()
    assert 'data-chart-table="table-hours"' in html and 'data-chart-layout="series-rows"' in html
    export = client_for(cadre).get("/checkpoints/figures/?export=xlsx")
    assert export.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.content))
    per_hour = list(book.worksheets[0].iter_rows(values_only=True))
    assert per_hour[1][0] == "三星高速道口" and per_hour[1][-1] == 5
    assert Check.objects.count() == 6


def test_the_figures_of_another_region_are_a_404(ready, client_for, cadre, district):
    assert client_for(cadre).get(f"/checkpoints/figures/?region={district['other_town'].code}").status_code == 404
