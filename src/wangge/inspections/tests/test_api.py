"""The inspections' API: scoped reads, closing a finding with the field named on bad input."""

from wangge.inspections import actions

from .conftest import answers_for


def test_findings_scoped_and_closed_through_the_api(api_for, cadre, other_cadre, places, wuyou):
    inspection = actions.do_inspect(cadre, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,)))
    finding = inspection.findings.get()
    api = api_for(cadre)
    body = api.get("/api/inspection-findings/").json()
    assert [r["id"] for r in body.get("results", body)] == [finding.pk]
    assert api_for(other_cadre).get(f"/api/inspection-findings/{finding.pk}/").status_code == 404
    response = api.post(f"/api/inspection-findings/{finding.pk}/close/", {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in str(response.json())
    response = api.post(f"/api/inspection-findings/{finding.pk}/close/", {"note": "已整改"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"
    assert api.get(f"/api/inspections/{inspection.pk}/").json()["state"] == "closed"
    assert api.get("/api/checklists/").status_code == 200
