"""The inspection pages as a cadre uses them: the form (photos, findings, refusals naming the item), the
re-inspection page showing only the open findings, first against re-inspection, findings closed, the notice and its
delivery list, the printable notice, the lists' xlsx exports, campaigns' coverage, the figures, and the outsider."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.inspections import actions
from wangge.inspections.models import Finding, Inspection

from .conftest import DAY, PNG, answers_for


def _post(item_pk, answer, **extra):
    data = {f"item_{item_pk}_answer": answer}
    data.update({f"item_{item_pk}_{k}": v for k, v in extra.items()})
    return data


def _form_data(places, checklist, fail_position=None, deadline=None, photo=None):
    data = {"enterprise": places["factory"].pk, "checklist": checklist.pk}
    for item in checklist.items.all():
        if item.position == fail_position:
            data.update(_post(item.pk, "fail", note="未储备口罩", deadline=deadline or "2021-08-09",
                              responsible="张经理"))
            if photo:
                data[f"item_{item.pk}_photos"] = photo
        else:
            data.update(_post(item.pk, "pass"))
    return data


def test_the_form_records_an_inspection_with_a_finding_and_a_photo(client_for, cadre, places, wuyou):
    client = client_for(cadre)
    page = client.get(f"/inspections/new/?enterprise={places['factory'].pk}&checklist={wuyou.pk}")
    assert page.status_code == 200 and "有防护物资储备" in page.content.decode()
    response = client.post("/inspections/new/", _form_data(places, wuyou, 3, photo=SimpleUploadedFile("p.png", PNG)))
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "未储备口罩" in detail and "张经理" in detail and "2021-08-09" in detail
    photo = inspection.results.get(item__position=3).photos.get()
    assert client.get(f"/inspections/photos/{photo.pk}/")["Content-Type"] == "image/png"


def test_the_form_refuses_a_past_deadline_and_a_non_photo_naming_the_item(client_for, cadre, places, wuyou):
    client = client_for(cadre)
    response = client.post("/inspections/new/", _form_data(places, wuyou, 3, deadline="2021-08-01"))
    assert response.status_code == 400 and "2021-08-01" in response.content.decode()
    assert "未储备口罩" in response.content.decode()  # what was typed is kept
    response = client.post("/inspections/new/", _form_data(places, wuyou, 3,
                                                           photo=SimpleUploadedFile("x.png", b"hello")))
    assert response.status_code == 400 and "x.png" in response.content.decode()
    assert not Inspection.objects.exists()


def test_reinspection_page_shows_only_open_findings_and_the_comparison(client_for, cadre, places, wuyou):
    first = actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(2, 4)))
    actions.do_close_finding(cadre, first.findings.get(item__position=2), note="已建立")
    client = client_for(cadre)
    page = client.get(f"/inspections/{first.pk}/reinspect/").content.decode()
    assert "有属地医疗卫生力量指导" in page and "有管理制度和责任人" not in page
    item = first.findings.get(item__position=4).item
    response = client.post(f"/inspections/{first.pk}/reinspect/", _post(item.pk, "pass", note="已签约"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == "closed"
    compare = client.get(f"/inspections/{first.pk}/compare/").content.decode()
    assert "已签约" in compare and compare.count("<th>") >= 1


def test_close_a_finding_from_its_page(client_for, cadre, places, wuyou):
    first = actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,)))
    finding = first.findings.get()
    client = client_for(cadre)
    assert client.post(f"/inspections/findings/{finding.pk}/close/", {"note": ""}).status_code == 200
    assert client.post(f"/inspections/findings/{finding.pk}/close/", {"note": "已张贴"}).status_code == 302
    assert Finding.objects.get().state == "closed"


def test_notice_pages_delivery_and_print(client_for, cadre, district, places):
    client = client_for(cadre)
    response = client.post("/inspections/notices/add/", {
        "title": "关于暂停棋牌室营业的告知书", "text": "自8月1日起暂停营业。", "region": district["village"].code,
        "scope": "kind_area", "venue_kind": "venue", "effective_from": "2021-08-01"})
    assert response.status_code == 302
    notice = places["chess_a"].notice_deliveries.get().notice
    page = client.get(f"/inspections/notices/{notice.pk}/").content.decode()
    assert "好运棋牌室" in page and "开心棋牌室" in page and "常乐棋牌室" not in page
    delivery = notice.deliveries.get(enterprise=places["chess_a"])
    response = client.post(f"/inspections/deliveries/{delivery.pk}/", {
        "signer_name": "王老板", "signature": SimpleUploadedFile("sig.png", PNG)})
    assert response.status_code == 302
    printed = client.get(f"/inspections/notices/{notice.pk}/print/").content.decode()
    assert printed.count('class="notice-sheet"') == 2 and "王老板" in printed and "notice_print.css" in printed


def test_lists_filter_and_export_xlsx(client_for, cadre, places, wuyou):
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,)))
    client = client_for(cadre)
    assert "三星纺织" in client.get("/inspections/?state=open").content.decode()
    assert "三星纺织" not in client.get("/inspections/?state=closed").content.decode()
    for url in ("/inspections/", "/inspections/findings/", "/inspections/notices/"):
        response = client.get(url + "?export=xlsx")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    with_overdue = client.get("/inspections/findings/?overdue=true").content.decode()
    assert "三星纺织" not in with_overdue  # the deadline is three days away


def test_campaign_coverage_lists_those_not_visited_twice(client_for, cadre, district, places, wuyou):
    campaign = actions.do_save_campaign(cadre, None, name="两轮检查", region=district["town"], kinds=["industrial"],
                                        starts_on=DAY, ends_on=DAY + datetime.timedelta(days=30), rounds=2)
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou), campaign=campaign)
    client = client_for(cadre)
    page = client.get(f"/inspections/campaigns/{campaign.pk}/").content.decode()
    assert 'id="cov-visited">0<' in page and "三星纺织" in page
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou), campaign=campaign)
    page = client.get(f"/inspections/campaigns/{campaign.pk}/").content.decode()
    assert 'id="cov-visited">1<' in page and 'id="cov-to-visit">0<' in page


def test_checklist_new_version_from_the_back_office(client_for, cadre, places, wuyou):
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou))
    client = client_for(cadre)
    response = client.post(f"/inspections/checklists/{wuyou.pk}/edit/", {"name": "五有", "items": "有防控指南\n有预案",
                                                                         "active": "on"})
    assert response.status_code == 302
    assert "v2" in client.get(response["Location"]).content.decode()
    response = client.post("/inspections/checklists/add/", {"code": "xiaofang", "name": "消防检查", "items": ""})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    from wangge.inspections.models import Checklist

    assert not Checklist.objects.filter(code="xiaofang").exists()


def test_figures_page_and_xlsx(client_for, cadre, places, wuyou):
    actions.do_inspect(cadre, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou, fails=(1, 2)))
    client = client_for(cadre)
    page = client.get(f"/inspections/figures/?region={places['chess_a'].region.parent.parent.code}").content.decode()
    assert 'id="fig-open">2<' in page and 'data-chart-table="table-findings"' in page
    assert client.get("/inspections/figures/?export=xlsx").status_code == 200


def test_a_cadre_of_another_town_sees_nothing_of_it(client_for, other_cadre, cadre, places, wuyou):
    inspection = actions.do_inspect(cadre, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,)))
    client = client_for(other_cadre)
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client.get(f"/inspections/{inspection.pk}/reinspect/").status_code == 404
    assert "好运棋牌室" not in client.get("/inspections/findings/").content.decode()
