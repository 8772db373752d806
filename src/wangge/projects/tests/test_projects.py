"""Practical projects: progress and the town's roll-up, the import's bulk update, the public list without login
(only published, nothing personal), evaluations (one per resident, a code once and only for its project), bad input
(quarter, progress), the pages and the demo."""

import json

import pytest

from wangge.core.errors import Invalid
from wangge.projects import actions, selectors
from wangge.projects.choices import parse_quarter
from wangge.projects.models import Evaluation, EvaluationCode, Project

pytestmark = pytest.mark.django_db


def test_quarters_in_both_notations_and_not_a_quarter():
    assert parse_quarter("2021Q3") == parse_quarter("2021年第三季度") == parse_quarter("2021q3") == "2021Q3"
    for bad in ("2021Q5", "not a quarter", "2021年第五季度", ""):
        assert parse_quarter(bad) is None


def test_a_town_rolls_up_its_villages_with_equal_weights(district, projects, cadre):
    from wangge.regions.models import Region

    scoped = Project.objects.restrict(cadre).filter(quarter="2021Q3")
    village_row, = selectors.rollup(scoped, [district["village"]])
    # 40, 100 and 0 (the draft): equal weights, whatever the budgets
    assert village_row["progress"] == pytest.approx(46.7) and village_row["projects"] == 3
    assert village_row["done"] == 1 and village_row["published"] == 2
    town_row, = selectors.rollup(scoped, [Region.objects.get(pk=district["town"].pk)])
    assert town_row["projects"] == 4 and town_row["progress"] == pytest.approx((40 + 100 + 0 + 70) / 4, abs=0.1)
    # a dropped project leaves the mean
    actions.do_update_project(cadre, projects["draft"], region=district["village"], quarter="2021Q3",
                              title="未公开的草案项目", status="dropped", progress=0)
    assert selectors.region_progress(scoped, district["village"].code) == 70.0


def test_bad_input_is_refused_naming_the_field(district, projects, cadre):
    with pytest.raises(Invalid) as exc:
        actions.do_create_project(cadre, region=district["village"], quarter="not a quarter", title="X")
    assert exc.value.field == "quarter"
    with pytest.raises(Invalid) as exc:
        actions.do_update_project(cadre, projects["lift"], region=district["village"], quarter="2021Q3",
                                  title="老旧小区加装电梯", status="in_progress", progress=101)
    assert exc.value.field == "progress"
    assert Project.objects.get(pk=projects["lift"].pk).progress == 40
    project = actions.do_create_project(cadre, region=district["village"], quarter="2021年第四季度", title="新项目",
                                        progress=30)
    assert project.quarter == "2021Q4" and project.status == "in_progress"


def test_the_edit_page_shows_the_refusal(client_for, district, projects, cadre):
    client = client_for(cadre)
    response = client.post(f"/projects/{projects['lift'].pk}/edit/", {
        "region": district["village"].code, "quarter": "2021Q3", "title": "老旧小区加装电梯", "status": "in_progress",
        "progress": "150"})
    assert response.status_code == 200
    assert response.context["form"].errors["progress"]
    assert Project.objects.get(pk=projects["lift"].pk).progress == 40


def test_import_creates_and_updates_in_bulk_with_rejected_rows(tmp_path, district, projects, cadre):
    path = tmp_path / "projects.csv"
    v = district["village"].code
    path.write_text(
        "村（社区）编码,季度,项目名称,类别,状态,进度%,预算（万元）\n"
        f"{v},2021年第三季度,老旧小区加装电梯,老旧小区,in_progress,75,80\n"
        f"{v},2021Q3,村道修缮,交通,已办结,,\n"
        f"{v},2021Q3,健身广场,文体,planned,,12.5\n"
        f"{v},2021Q9,坏季度,,,,\n"
        f"{v},2021Q3,进度太大,,in_progress,130,\n", encoding="utf-8")
    result = actions.do_import_projects(cadre, path)
    assert (result.imported, result.updated, result.rejected) == (1, 1, 2)
    assert Project.objects.get(pk=projects["lift"].pk).progress == 75
    assert Project.objects.get(title="健身广场").budget == 12.5
    rejected = result.rejected_path.read_text(encoding="utf-8-sig")
    assert "季度无效" in rejected and "进度无效" in rejected


def test_the_public_page_needs_no_login_and_shows_only_published_projects(client, district, projects):
    from wangge.people.models import Resident

    resident = district["residents"][district["grid_a"].code][0]
    Evaluation.objects.create(project=projects["lift"], resident=resident, region_code=resident.region_code,
                              rating="satisfied", comment="好", channel="paper", created_at=projects["lift"].created)
    url = f"/public/projects/{district['village'].code}/2021Q3/"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "老旧小区加装电梯" in text and "村道修缮" in text and "未公开的草案项目" not in text
    assert "王主任" not in text  # the responsible person is not published
    data = json.loads(client.get(f"/public/projects/{district['village'].code}/2021Q3.json").content)
    assert data["region"] == {"code": district["village"].code, "name": "大石村"} and data["quarter"] == "2021Q3"
    assert {p["title"] for p in data["projects"]} == {"老旧小区加装电梯", "村道修缮"}
    lift = next(p for p in data["projects"] if p["title"] == "老旧小区加装电梯")
    assert lift["evaluations"] == 1 and lift["satisfaction"] == 100.0 and lift["progress"] == 40
    assert set(lift) == {"title", "category", "status", "progress", "milestones", "evaluations", "satisfaction"}
    for person in Resident.objects.all():
        assert person.name not in text and person.id_number not in text and person.phone not in json.dumps(data)
    town = json.loads(client.get(f"/public/projects/{district['town'].code}/2021Q3.json").content)
    assert len(town["projects"]) == 3  # the town's own and its village's published projects
    assert client.get(f"/public/projects/{district['village'].code}/2021Q5/").status_code == 404
    assert client.get("/public/projects/999999999999/2021Q3/").status_code == 404
    assert client.get(f"/public/projects/{district['grid_a'].code}/2021Q3.json").status_code == 404


def test_a_code_evaluates_once_and_only_its_own_project(client, district, projects, cadre):
    worker_codes = actions.do_issue_codes(cadre, projects["lift"], count=2)
    other, = actions.do_issue_codes(cadre, projects["road"], count=1)
    url = f"/public/projects/{district['village'].code}/2021Q3/"
    pk = projects["lift"].pk
    ok = client.post(url, {"project": pk, "code": worker_codes[0].code.lower(), "rating": "basically",
                           "comment": "希望快点"})
    assert ok.status_code == 302 and Evaluation.objects.filter(project_id=pk).count() == 1
    again = client.post(url, {"project": pk, "code": worker_codes[0].code, "rating": "satisfied"})
    assert again.status_code == 400
    assert any(word in again.content.decode() for word in ("already used", "使用过"))
    wrong = client.post(url, {"project": pk, "code": other.code, "rating": "satisfied"})
    assert wrong.status_code == 400 and "村道修缮" in wrong.content.decode()
    assert Evaluation.objects.filter(project_id=pk).count() == 1
    assert EvaluationCode.objects.get(pk=other.pk).used_at is None
    with pytest.raises(Invalid) as exc:
        actions.do_evaluate_with_code(projects["lift"], code="NOSUCH99", rating="satisfied")
    assert exc.value.field == "code"


def test_a_resident_cannot_evaluate_a_project_twice(district, projects, cadre):
    resident = district["residents"][district["grid_a"].code][1]
    actions.do_enter_evaluation(cadre, projects["lift"], resident=resident, rating="dissatisfied", comment="太慢")
    with pytest.raises(Invalid) as exc:
        actions.do_enter_evaluation(cadre, projects["lift"], resident=resident, rating="satisfied")
    assert exc.value.field == "resident"
    # nor with a code issued to them afterwards: none is issued, and a code issued before is refused on use
    assert actions.do_issue_codes(cadre, projects["lift"], residents=[resident]) == []
    other = district["residents"][district["grid_a"].code][2]
    code, = actions.do_issue_codes(cadre, projects["lift"], residents=[other])
    actions.do_enter_evaluation(cadre, projects["lift"], resident=other, rating="satisfied")
    with pytest.raises(Invalid):
        actions.do_evaluate_with_code(projects["lift"], code=code.code, rating="satisfied")
    assert Evaluation.objects.filter(project=projects["lift"]).count() == 2


def test_codes_need_a_published_project_and_a_grid_worker_may_issue(district, projects, worker):
    from wangge.core.errors import Conflict

    codes = actions.do_issue_codes(worker, projects["lift"], count=3)
    assert len({c.code for c in codes}) == 3 and all(len(c.code) == 8 for c in codes)
    with pytest.raises(Conflict):
        actions.do_issue_codes(worker, projects["draft"], count=1)


def test_the_pages_and_the_figures(client_for, district, projects, cadre, tmp_path):
    client = client_for(cadre)
    assert "老旧小区加装电梯" in client.get("/projects/?quarter=2021年第三季度&status=in_progress").content.decode()
    listing = client.get("/projects/?status=done").content.decode()
    assert "村道修缮" in listing and "老旧小区加装电梯" not in listing
    assert client.get("/projects/?export=xlsx").status_code == 200
    assert client.get(f"/projects/{projects['lift'].pk}/").status_code == 200
    response = client.get(f"/projects/figures/?region={district['town'].code}&quarter=2021Q3")
    text = response.content.decode()
    assert response.status_code == 200 and "大石村" in text and 'id="progress-definition"' in text
    assert response.context["half_year"] == {"label": "2021年下半年", "published": 3, "done": 1}
    assert client.get(f"/projects/figures/?region={district['town'].code}&quarter=2021Q3&export=xlsx"
                      ).status_code == 200
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(f"/projects/{projects['lift'].pk}/milestones/", {
        "date": "2021-08-19", "text": "电梯井道完工", "photos": [SimpleUploadedFile("a.png", png)]})
    assert response.status_code == 302
    milestone = projects["lift"].milestones.get()
    assert client.get(f"/projects/photos/{milestone.photos.get().pk}/").status_code == 200
    bad = client.post(f"/projects/{projects['lift'].pk}/milestones/", {
        "date": "2021-08-19", "text": "x", "photos": [SimpleUploadedFile("a.png", b"not a photo")]})
    assert bad.status_code == 200 and projects["lift"].milestones.count() == 1
    codes = client.post(f"/projects/{projects['lift'].pk}/codes/", {"count": "4"})
    assert codes.status_code == 302
    slips = client.get(f"/projects/{projects['lift'].pk}/codes/").content.decode()
    assert all(c.code in slips for c in EvaluationCode.objects.filter(project=projects["lift"]))


def test_a_grid_worker_may_issue_codes_but_not_edit(client_for, district, projects, worker):
    client = client_for(worker)
    assert client.get(f"/projects/{projects['lift'].pk}/codes/").status_code == 200
    assert client.post(f"/projects/{projects['lift'].pk}/codes/", {"count": "2"}).status_code == 302
    assert client.get(f"/projects/{projects['lift'].pk}/edit/").status_code == 403


def test_indicators(district, projects):
    """Published projects of the day's quarter, per village (the town's own under the town's code)."""
    import datetime

    from wangge.dashboard.registry import evaluate, get

    day = datetime.date(2021, 8, 20)
    assert evaluate(get("projects.published"), district["town"].code, day, 12) == {district["town"].code: 1,
                                                                                       district["village"].code: 2}


def test_demo_seeds_a_quarter_once(district, admin_user, frozen):
    from wangge.projects import demo

    line = demo.seed(district["town"], admin_user, 3)
    assert "实事项目" in line
    count = Project.objects.count()
    assert count >= 4 and Project.objects.filter(published=True).exists() and Evaluation.objects.exists()
    demo.seed(district["town"], admin_user, 3)
    assert Project.objects.count() == count
