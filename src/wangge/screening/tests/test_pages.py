"""Pages and API: designations in force and their history, upload → dry run → confirm, runs, scoped flags."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wangge.conftest import GRID_A, VILLAGE
from wangge.screening.models import Flag, RiskArea, ScreeningRun

from .helpers import stay, write_travel

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jiangsu-2021-07-08.csv"


@pytest.fixture
def areas(db):
    call_command("import_risk_areas", str(SAMPLE), stdout=open("/dev/null", "w"))


def push_file(tmp_path, district):
    a1 = district["residents"][GRID_A][0]
    path = write_travel(tmp_path / "push.csv", [
        {**stay("320115005001", "2021-08-01"), "id_number": a1.id_number},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": "13900000009",
         "destination_code": VILLAGE + "777"},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": ""},
    ])
    return SimpleUploadedFile("推送名单.csv", path.read_bytes(), content_type="text/csv")


def test_areas_in_force_at_a_moment(client_for, worker, areas):
    client = client_for(worker)
    page = client.get(reverse("screening:riskarea-list"), {"at": "2021-08-01T12:00"}).content.decode()
    assert "南京市江宁区禄口街道" in page and "扬州市邗江区汊河街道" in page
    page = client.get(reverse("screening:riskarea-list"), {"at": "2021-07-22T12:00"}).content.decode()
    assert "南京市江宁区禄口街道" in page and "扬州市邗江区汊河街道" not in page


def test_an_area_history_is_a_timeline_of_its_rows(client_for, worker, areas):
    page = client_for(worker).get(reverse("screening:riskarea-history", args=["320115005"])).content.decode()
    assert page.count('class="timeline-bar"') == 4 and "2021-07-29 00:00" in page and "2021-08-19 00:00" in page
    assert client_for(worker).get(reverse("screening:riskarea-history", args=["999999"])).status_code == 404


def test_all_designations_list(client_for, worker, areas):
    response = client_for(worker).get(reverse("screening:riskarea-all"), {"level": "high"})
    assert response.status_code == 200 and "汊河街道" in response.content.decode()


def test_upload_dry_run_then_confirm_stores_and_scopes(tmp_path, client_for, district, admin_user, worker,
                                                        outsider, areas, settings):
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(admin_user)
    assert client.get(reverse("screening:upload")).status_code == 200
    response = client.post(reverse("screening:upload"), {"file": push_file(tmp_path, district),
                                                         "as_of": "2021-08-05T00:00"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认入库" in page or "Confirm and store" in page
    assert ScreeningRun.objects.count() == 0
    a1 = district["residents"][GRID_A][0]
    assert a1.id_number not in page  # masked
    token = response.context["token"]
    assert client.get(reverse("screening:upload-rejected", args=[token])).status_code == 200
    response = client.post(reverse("screening:confirm"), {"token": token})
    run = ScreeningRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("screening:run-detail", args=[run.pk])
    assert (run.records_read, run.records_rejected, run.flags_high, run.matched, run.routed) == (3, 1, 2, 1, 1)
    assert client.post(reverse("screening:confirm"), {"token": token}).status_code == 404  # used up

    detail = reverse("screening:run-detail", args=[run.pk])
    assert a1.name in client.get(detail).content.decode()
    assert a1.name in client_for(worker).get(detail).content.decode()
    assert a1.name not in client_for(outsider).get(detail).content.decode()
    assert client_for(worker).get(detail, {"matched": "false"}).context["total"] == 0


def test_only_district_administrators_upload(client_for, worker, cadre):
    assert client_for(worker).get(reverse("screening:upload")).status_code == 403
    assert client_for(cadre).post(reverse("screening:upload"), {}).status_code == 403


def test_a_bad_upload_is_a_400_naming_the_problem(tmp_path, client_for, admin_user, settings):
    settings.VAR_DIR = tmp_path / "var"
    bad = SimpleUploadedFile("push.csv", b"id_number,arrived_at\n11010519491231002X,2021-08-01\n")
    response = client_for(admin_user).post(reverse("screening:upload"), {"file": bad, "as_of": "2021-08-05T00:00"})
    assert response.status_code == 400 and "place_code" in response.content.decode()


def test_the_run_list_is_for_cadres_and_not_for_a_grid_worker(client_for, cadre, worker, db):
    # A grid worker meets the flagged people as tasks; the runs of the district are the cadres' view.
    assert client_for(cadre).get(reverse("screening:run-list")).status_code == 200
    assert client_for(worker).get(reverse("screening:run-list")).status_code == 403


# --- API ---------------------------------------------------------------------------------------------------

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
