"""The screening API: risk areas read by all and written by district administrators, upload → dry run → store,
scoped flags."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.conftest import GRID_A
from wangge.screening.models import Flag, RiskArea, ScreeningRun

from .helpers import push_file


def test_risk_areas_are_read_by_all_and_written_by_district_admins(api_for, worker, admin_user, areas):
    assert api_for(worker).get("/api/risk-areas/", {"area_code": "320115005"}).json()["count"] == 4
    new = {"area_code": "320102001", "area_name": "测试街道", "level": "medium",
           "effective_from": "2021-08-01T00:00:00+08:00"}
    assert api_for(worker).post("/api/risk-areas/", new, format="json").status_code == 403
    assert api_for(admin_user).post("/api/risk-areas/", new, format="json").status_code == 201
    bad = {**new, "area_code": "3201020", "effective_to": "2021-07-01T00:00:00+08:00"}
    response = api_for(admin_user).post("/api/risk-areas/", bad, format="json")
    assert response.status_code == 400 and "area_code" in response.json()
    in_force = api_for(worker).get("/api/risk-areas/", {"in_force_at": "2021-08-16T00:00:00+08:00"}).json()
    assert {"320115005"} <= {r["area_code"] for r in in_force["results"]}


def test_api_screening_dry_run_and_store(tmp_path, api_for, district, admin_user, worker, outsider, areas):
    api = api_for(admin_user)
    response = api.post("/api/screening-runs/", {"file": push_file(tmp_path, district), "as_of": "2021-08-05",
                                                 "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["records_read"], body["rejected"], body["high"]) == (3, 1, 2)
    assert all("*" in row["id_number"] for row in body["flag_rows"] if row["id_number"])
    assert ScreeningRun.objects.count() == 0
    response = api.post("/api/screening-runs/", {"file": push_file(tmp_path, district), "as_of": "2021-08-05"},
                        format="multipart")
    assert response.status_code == 201 and response.json()["flags_high"] == 2
    run_id = response.json()["id"]
    assert api_for(worker).get(f"/api/screening-runs/{run_id}/").status_code == 200
    flags = api_for(worker).get("/api/flags/", {"run": run_id}).json()
    assert flags["count"] == 1 and "*" in flags["results"][0]["id_number"]
    assert api_for(outsider).get("/api/flags/").json()["count"] == 0
    hidden = Flag.objects.get(run_id=run_id, region_code=GRID_A).pk
    assert api_for(outsider).get(f"/api/flags/{hidden}/").status_code == 404
    assert api_for(worker).post("/api/screening-runs/", {}, format="multipart").status_code == 403


def test_api_upload_with_a_bad_file_is_a_400_on_the_file_field(tmp_path, api_for, admin_user):
    bad = SimpleUploadedFile("push.csv", b"id_number,arrived_at\n11010519491231002X,2021-08-01\n")
    response = api_for(admin_user).post("/api/screening-runs/", {"file": bad, "as_of": "2021-08-05"},
                                        format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_openapi_schema_lists_the_screening_endpoints(api_for, admin_user):
    schema = api_for(admin_user).get("/api/schema/").content.decode()
    for path in ("/api/risk-areas/", "/api/screening-runs/", "/api/flags/"):
        assert path in schema
    assert RiskArea  # noqa: B018 (imported for clarity of the fixtures)
