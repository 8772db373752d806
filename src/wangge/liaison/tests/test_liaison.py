"""Linked cadres (挂钩联系): assignments, visits with materials and problems, solving them, the pages on a phone,
the export, the figures against hand counts, and the demo."""

import datetime

import pytest
from django.urls import reverse

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock
from wangge.core.errors import Conflict, Invalid
from wangge.dashboard.registry import evaluate, get
from wangge.enterprises.models import Enterprise
from wangge.liaison import actions
from wangge.liaison.models import Assignment, Material, Problem, Visit

DAY = datetime.date(2021, 8, 10)


@pytest.fixture
def liaison(district, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    grid_a, grid_b, grid_c = district["grid_a"], district["grid_b"], district["grid_c"]
    a1 = Enterprise.objects.create(uscc="91320684MA1AAAAA0A", name="恒达纺织", region=grid_a)
    a2 = Enterprise.objects.create(uscc="91320684MA1BBBBB0B", name="江海电子", region=grid_b)
    a3 = Enterprise.objects.create(uscc="91320684MA1CCCCC0C", name="叠石桥物流", region=grid_b)
    c1 = Enterprise.objects.create(uscc="91320684MA1DDDDD0D", name="常乐机械", region=grid_c)
    cadre = make_user("gu", Role.ENTERPRISE_LIAISON, district["town"])
    other = make_user("shi", Role.ENTERPRISE_LIAISON, district["other_town"])
    with clock.frozen(clock.at(DAY, 10)):
        for e in (a1, a2, a3):
            actions.do_save_assignment(cadre, None, cadre=cadre, enterprise=e, start_date=DAY - datetime.timedelta(5))
        actions.do_save_assignment(other, None, cadre=other, enterprise=c1, start_date=DAY - datetime.timedelta(5))
        yield {"a1": a1, "a2": a2, "a3": a3, "c1": c1, "cadre": cadre, "other": other, "district": district}


def test_a_visit_records_materials_and_problems_and_a_problem_is_solved_once(liaison):
    visit = actions.do_record_visit(liaison["cadre"], enterprise=liaison["a1"], date=DAY, checked="五有",
                                    help_given="协调通行证", materials={"handbook": "30", "guide": 5, "poster": 0},
                                    problems=["物流停运", ""], suggestions=["开通绿色通道"])
    assert {m.kind: m.count for m in visit.materials.all()} == {"handbook": 30, "guide": 5}
    assert sorted(visit.problems.values_list("kind", flat=True)) == ["problem", "suggestion"]
    problem = visit.problems.get(kind="problem")
    solved = actions.do_solve_problem(liaison["cadre"], problem, solution="已办通行证")
    assert solved.solved and solved.solved_by == liaison["cadre"] and solved.solved_at is not None
    with pytest.raises(Conflict):
        actions.do_solve_problem(liaison["cadre"], problem)


def test_bad_visits_and_assignments_are_refused_with_the_field(liaison):
    with pytest.raises(Invalid) as exc:
        actions.do_record_visit(liaison["cadre"], enterprise=liaison["a1"], date=DAY + datetime.timedelta(1))
    assert exc.value.field == "date"
    with pytest.raises(Invalid) as exc:
        actions.do_record_visit(liaison["cadre"], enterprise=liaison["a1"], materials={"handbook": -3})
    assert exc.value.field == "materials"
    with pytest.raises(Invalid) as exc:  # another town's enterprise
        actions.do_record_visit(liaison["cadre"], enterprise=liaison["c1"])
    assert exc.value.field == "enterprise"
    with pytest.raises(Invalid) as exc:
        actions.do_save_assignment(liaison["cadre"], None, cadre=liaison["cadre"], enterprise=liaison["a1"],
                                   start_date=DAY)
    assert exc.value.field == "cadre"
    with pytest.raises(Invalid) as exc:
        actions.do_save_assignment(liaison["cadre"], None, cadre=liaison["other"], enterprise=liaison["a2"],
                                   start_date=DAY, end_date=DAY - datetime.timedelta(1))
    assert exc.value.field == "end_date"
    assert Visit.objects.count() == 0 and Material.objects.count() == 0


def test_the_figures_match_hand_counts(liaison):
    cadre = liaison["cadre"]
    v1 = actions.do_record_visit(cadre, enterprise=liaison["a1"], date=DAY - datetime.timedelta(2),
                                 problems=["p1", "p2"], suggestions=["s1"])
    actions.do_record_visit(cadre, enterprise=liaison["a1"], date=DAY, problems=["p3"])
    actions.do_record_visit(cadre, enterprise=liaison["a2"], date=DAY - datetime.timedelta(1))
    actions.do_solve_problem(cadre, v1.problems.get(text="p1"))
    town, village = liaison["district"]["town"].code, liaison["district"]["village"].code
    # Hand counts: linked a1, a2, a3 in the village (and c1 elsewhere); visited a1, a2; problems 4, solved 1.
    assert evaluate(get("liaison.assigned"), village, DAY, 15) == {"320684102001001": 1, "320684102001002": 2}
    assert evaluate(get("liaison.visited"), town, DAY, 12) == {village: 2}
    assert evaluate(get("liaison.problems"), town, DAY, 12) == {village: 4}
    assert evaluate(get("liaison.solved"), town, DAY, 12) == {village: 1}
    assert evaluate(get("liaison.visited"), town, DAY - datetime.timedelta(2), 12) == {village: 1}
    assert evaluate(get("liaison.assigned"), "320684", DAY, 9) == {town: 3, "320684103": 1}


def test_the_pages_my_enterprises_the_phone_form_the_export_and_the_figures(liaison, client):
    client.force_login(liaison["cadre"])
    page = client.get(reverse("liaison:my")).content.decode()
    assert "恒达纺织" in page and "常乐机械" not in page
    response = client.post(reverse("liaison:visit-add"), {
        "enterprise": liaison["a1"].pk, "date": DAY.isoformat(), "checked": "五有", "help_given": "",
        "problems": "物流停运\n员工返岗难", "suggestions": "", "material_handbook": "20", "material_guide": "x"})
    assert response.status_code == 200 and "material_guide" in response.content.decode()  # the field named
    assert not Visit.objects.exists()
    response = client.post(reverse("liaison:visit-add"), {
        "enterprise": liaison["a1"].pk, "date": DAY.isoformat(), "checked": "五有", "help_given": "",
        "problems": "物流停运\n员工返岗难", "suggestions": "", "material_handbook": "20"})
    visit = Visit.objects.get()
    assert response.url == reverse("liaison:visit", args=[visit.pk])
    detail = client.get(response.url).content.decode()
    assert "物流停运" in detail and "20" in detail
    problem = Problem.objects.filter(text="物流停运").get()
    client.post(reverse("liaison:problem-solve", args=[problem.pk]), {"solution": "已解决"})
    problem.refresh_from_db()
    assert problem.solved
    export = client.get(reverse("liaison:visits") + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    figures = client.get(reverse("liaison:figures") + f"?region={liaison['district']['village'].code}"
                         f"&date={DAY.isoformat()}").content.decode()
    assert 'id="total-assigned">3<' in figures and 'id="total-visited">1<' in figures
    assert 'id="total-problems">2<' in figures and 'id="total-solved">1<' in figures
    assert client.get(reverse("liaison:visit", args=[visit.pk])).status_code == 200
    client.force_login(liaison["other"])
    assert client.get(reverse("liaison:visit", args=[visit.pk])).status_code == 404
    assert client.get("/api/liaison/visits/").json()["count"] == 0


def test_the_demo_is_idempotent_and_opens_an_enterprise_account(liaison):
    from wangge.accounts.models import User
    from wangge.liaison import demo

    Assignment.objects.all().delete()
    admin = make_user("admin", Role.DISTRICT_ADMIN, liaison["district"]["district"])
    line = demo.seed(liaison["district"]["town"], admin, 7)
    assert "enterprise（" in line
    counts = (Assignment.objects.count(), Visit.objects.count(), Problem.objects.count())
    assert counts[0] == 3 and counts[1] >= 1
    assert User.objects.get(username="enterprise").enterprise.region_code.startswith("320684102")
    assert liaison["a1"].help_requests.count() == 2
    demo.seed(liaison["district"]["town"], admin, 7)
    assert (Assignment.objects.count(), Visit.objects.count(), Problem.objects.count()) == counts
    assert liaison["a1"].help_requests.count() == 2
