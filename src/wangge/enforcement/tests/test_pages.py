"""The pages a cadre and a department handler use: the list with its filters and export, a case's timeline and its
step forms, the list of parties under punishment, the printable application to lift, overdue steps, figures."""

import io

from django.contrib.messages import get_messages
from openpyxl import load_workbook

from wangge.core.ids import mask_id
from wangge.enforcement.models import Measure

from .conftest import DAY, days_before


def test_list_filters_and_export(make_case, cadre, client_for):
    lifted = make_case("lift_applied", found=22, place="楼顶违建")  # nothing overdue yet
    stale = make_case("persuasion", found=100, place="沿河仓库")
    client = client_for(cadre)
    page = client.get("/enforcement/")
    assert page.status_code == 200
    body = page.content.decode()
    assert lifted.number in body and stale.number in body and "Deadlines of the phases" in body or "期限" in body
    overdue = client.get("/enforcement/?overdue=true").content.decode()
    assert stale.number in overdue and lifted.number not in overdue
    phase = client.get("/enforcement/?phase=lift_applied").content.decode()
    assert lifted.number in phase and stale.number not in phase
    export = client.get("/enforcement/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert lifted.number in values and lifted.party_id_number not in values
    assert mask_id(lifted.party_id_number) in values


def test_detail_timeline_and_a_step_through_its_form(make_case, cadre, client_for, frozen_day):
    case = make_case("found", found=10)
    client = client_for(cadre)
    body = client.get(f"/enforcement/{case.pk}/").content.decode()
    assert 'id="timeline"' in body and case.party_id_number not in body and 'id="form-visit"' in body
    assert 'id="form-approve"' not in body
    response = client.post(f"/enforcement/{case.pk}/visit/", {"on": DAY.isoformat(), "people": "执法队 徐某",
                                                              "result": "refused", "note": "拒不拆除"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == "persuasion"
    body = client.get(f"/enforcement/{case.pk}/").content.decode()
    assert "执法队 徐某" in body and "拒不拆除" in body and 'id="form-apply"' in body


def test_a_step_out_of_order_on_the_page_is_refused_with_the_reason(make_case, cadre, client_for):
    case = make_case("found", found=10)
    client = client_for(cadre)
    response = client.post(f"/enforcement/{case.pk}/apply-lift/", {"on": DAY.isoformat(), "reason": "x"})
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert case.get_phase_display() in text or "Found" in text
    case.refresh_from_db()
    assert case.phase == "found" and case.steps.count() == 1
    missing = client.post(f"/enforcement/{case.pk}/visit/", {"on": DAY.isoformat(), "result": "refused"})
    assert missing.status_code == 302
    assert case.steps.count() == 1


def test_a_department_sees_its_measures_and_reports(make_case, handlers, departments, client_for):
    case = make_case("punished", found=30)
    client = client_for(handlers["ZJJ"])
    body = client.get("/enforcement/punished/").content.decode()
    zjj = Measure.objects.get(case=case, department=departments["ZJJ"])
    sjj = Measure.objects.get(case=case, department=departments["SJJ"])
    assert f'id="pending-{zjj.pk}"' in body and f'id="pending-{sjj.pk}"' not in body
    assert "暂停工商变更" not in body
    assert client.post(f"/enforcement/measures/{sjj.pk}/report/", {"applied_on": DAY.isoformat(),
                                                                   "report": "x"}).status_code == 404
    response = client.post(f"/enforcement/measures/{zjj.pk}/report/", {"applied_on": DAY.isoformat(),
                                                                       "report": "已暂停不动产登记"})
    assert response.status_code == 302
    zjj.refresh_from_db()
    assert zjj.state == "applied" and zjj.reported_by == handlers["ZJJ"]
    body = client.get("/enforcement/punished/").content.decode()
    assert 'id="no-pending"' in body
    assert client.get("/enforcement/add/").status_code == 403
    assert client.get(f"/enforcement/{case.pk}/").status_code == 200  # the department may read the case


def test_printable_lifting_application(make_case, cadre, client_for):
    case = make_case("lift_applied")
    client = client_for(cadre)
    body = client.get(f"/enforcement/{case.pk}/lift-form/").content.decode()
    assert "解除违建失信行为联合惩戒申请书" in body and case.party_name in body and case.number in body
    assert "暂停办理不动产登记" in body and "window.print" in body
    early = make_case("persuasion", place="别处")
    assert client.get(f"/enforcement/{early.pk}/lift-form/").status_code == 404


def test_overdue_and_figures_pages(make_case, cadre, client_for, district):
    make_case("punished", found=30)
    make_case("lift_applied", place="别处")
    client = client_for(cadre)
    overdue = client.get("/enforcement/overdue/").content.decode()
    assert "区市场监督管理局" in overdue
    figures = client.get(f"/enforcement/figures/?region={district['town'].code}")
    assert figures.status_code == 200
    body = figures.content.decode()
    assert 'id="fig-punished">2<' in body and 'id="fig-overdue">2<' in body and "data-chart-table" in body
    export = client.get(f"/enforcement/figures/?region={district['town'].code}&export=xlsx")
    book = load_workbook(io.BytesIO(export.content))
    assert "大石村" in [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]


def test_create_through_the_form(cadre, client_for, district, frozen_day):
    client = client_for(cadre)
    assert client.get("/enforcement/add/").status_code == 200
    bad = client.post("/enforcement/add/", {"kind": "building", "place": "院内棚", "region": district["grid_a"].code,
                                            "party_kind": "person", "party_name": "某", "party_phone": "123",
                                            "found_on": days_before(1).isoformat()})
    assert bad.status_code == 200 and "11" in bad.content.decode()
    ok = client.post("/enforcement/add/", {"kind": "building", "place": "院内棚", "region": district["grid_a"].code,
                                           "party_kind": "person", "party_name": "某某",
                                           "found_on": days_before(1).isoformat()})
    assert ok.status_code == 302


def test_outsider_sees_nothing(make_case, client_for, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    case = make_case("punished", found=30)
    other = client_for(make_user("other_cadre", Role.TOWN_CADRE, district["other_town"]))
    assert other.get(f"/enforcement/{case.pk}/").status_code == 404
    assert case.number not in other.get("/enforcement/").content.decode()
    assert case.number not in other.get("/enforcement/punished/").content.decode()
    assert other.post(f"/enforcement/{case.pk}/correct/", {"kind": "self", "on": DAY.isoformat()}).status_code == 404
