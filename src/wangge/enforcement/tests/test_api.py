"""The API: cases read masked and scoped, a department's measures and its report (400 naming the field, 403 for
another department's measure)."""

from wangge.enforcement.models import Measure

from .conftest import DAY


def test_cases_are_masked_and_scoped(make_case, cadre, api_for, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    case = make_case("punished", found=30)
    data = api_for(cadre).get("/api/enforcement-cases/").json()
    row = next(r for r in data["results"] if r["number"] == case.number) if "results" in data else data[0]
    assert row["party_id_number"] != case.party_id_number and row["phase"] == "punished"
    assert [s["kind"] for s in row["steps"]][:2] == ["found", "visit"]
    other = api_for(make_user("oc", Role.TOWN_CADRE, district["other_town"]))
    assert other.get(f"/api/enforcement-cases/{case.pk}/").status_code == 404


def test_a_department_reports_by_api(make_case, handlers, departments, api_for):
    case = make_case("punished", found=30)
    zjj = Measure.objects.get(case=case, department=departments["ZJJ"])
    sjj = Measure.objects.get(case=case, department=departments["SJJ"])
    api = api_for(handlers["ZJJ"])
    listed = api.get("/api/enforcement-measures/").json()
    ids = [r["id"] for r in (listed["results"] if "results" in listed else listed)]
    assert ids == [zjj.pk]
    assert api.post(f"/api/enforcement-measures/{sjj.pk}/report/", {"applied_on": DAY.isoformat(), "report": "x"},
                    format="json").status_code == 404
    bad = api.post(f"/api/enforcement-measures/{zjj.pk}/report/", {"applied_on": "2021-13-01", "report": "x"},
                   format="json")
    assert bad.status_code == 400 and "applied_on" in bad.json()
    ok = api.post(f"/api/enforcement-measures/{zjj.pk}/report/", {"applied_on": DAY.isoformat(), "report": "已落实"},
                  format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "applied"
    again = api.post(f"/api/enforcement-measures/{zjj.pk}/report/", {"applied_on": DAY.isoformat(), "report": "x"},
                     format="json")
    assert again.status_code == 409
