"""Pages and API: designations in force and their history, upload → dry run → confirm, runs, scoped flags."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wangge.conftest import GRID_A
from wangge.screening.models import ScreeningRun

from .helpers import push_file

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jiangsu-2021-07-08.csv"


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


def test_the_district_admin_sees_the_columns_of_a_pushed_list_and_downloads_a_template(client_for, admin_user,
                                                                                       district):
    """Issue 17.18: the upload page lists the columns (English and Chinese names, which are required) and offers a
    template whose example row passes the engine's own checks."""
    import csv
    import io

    from wangge.core.ids import normalize_id

    client = client_for(admin_user)
    page = client.get(reverse("screening:upload")).content.decode()
    for english, chinese in (("place_code", "停留地编码"), ("arrived_at", "到达时间"), ("id_number", "身份证号")):
        assert english in page and chinese in page
    assert reverse("screening:upload-template") in page
    response = client.get(reverse("screening:upload-template"), {"lang": "zh"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["记录编号", "身份证号", "手机号"] and len(rows) == 2
    example = dict(zip(rows[0], rows[1], strict=True))
    assert normalize_id(example["身份证号"]) == example["身份证号"] and example["到达时间"].startswith("20")
    xlsx = client.get(reverse("screening:upload-template"), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_grid_worker_gets_no_template_of_the_pushed_list(client_for, worker):
    assert client_for(worker).get(reverse("screening:upload-template")).status_code == 403


def test_the_cadre_reads_the_risk_area_by_name_and_the_grid_by_name_in_a_runs_flags(tmp_path, client_for, district,
                                                                                    admin_user, cadre, areas):
    """Issue 17.17: names, not codes, in the tables; the matched filter is yes / no / any in words."""
    from wangge.screening import actions

    from .helpers import t, write_travel

    a1 = district["residents"][GRID_A][0]
    path = write_travel(tmp_path / "p.csv", [{"id_number": a1.id_number, "place_code": "320115005001",
                                              "arrived_at": "2021-08-01"}])
    outcome = actions.do_screen(admin_user, path, as_of=t("2021-08-05"))
    run = actions.do_store_run(admin_user, outcome, open_followups=False)
    outcome.close()
    page = client_for(cadre).get(reverse("screening:run-detail", args=[run.pk])).content.decode()
    assert "南京市江宁区禄口街道" in page and a1.grid.name in page
    assert '<option value="true">是</option>' in page or '<option value="true">Yes</option>' in page
