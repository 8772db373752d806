import datetime

import pytest

from wangge.labtests import actions, selectors
from wangge.labtests.choices import ControlState
from wangge.labtests.models import TemporaryControl, Tube
from wangge.labtests.sync import apply_batch

from .conftest import CST, Scans


@pytest.fixture
def pooled(campaign, staff, district):
    """Two closed tubes: POOL000001 with grid A's three residents, POOL000002 with grid B's."""
    scans = Scans()
    a = district["residents"][district["grid_a"].code]
    b = district["residents"][district["grid_b"].code]
    events = [scans.open("POOL000001"), *[scans.add("POOL000001", p) for p in a], scans.close("POOL000001"),
              scans.open("POOL000002"), *[scans.add("POOL000002", p) for p in b], scans.close("POOL000002")]
    apply_batch(staff, "T-0001", events)
    return a, b


def when(hours):
    return datetime.datetime(2021, 8, 3, 20, 0, tzinfo=CST) + datetime.timedelta(hours=hours)


def test_a_positive_pool_puts_every_member_under_control_and_a_negative_one_nobody(pooled, admin_user):
    a, _b = pooled
    summary = actions.do_record_results(admin_user, [actions.ResultRow("POOL000001", "positive", when(0), "海门区疾控"),
                                      actions.ResultRow("POOL000002", "negative", when(0), "海门区疾控")])
    assert summary.updated == 2 and summary.controlled == 3
    assert {c.resident for c in TemporaryControl.objects.all()} == set(a)
    assert Tube.objects.get(barcode="POOL000001").state == "resulted"


def test_results_are_idempotent(pooled, admin_user):
    rows = [actions.ResultRow("POOL000001", "positive", when(0))]
    actions.do_record_results(admin_user, rows)
    again = actions.do_record_results(admin_user, rows)
    assert (again.updated, again.unchanged, again.controlled) == (0, 1, 0)
    assert TemporaryControl.objects.count() == 3


def test_a_single_tube_retest_releases_or_confirms(pooled, admin_user, staff):
    a, _b = pooled
    actions.do_record_results(admin_user, [actions.ResultRow("POOL000001", "positive", when(0))])
    scans = Scans("T-0002")
    retest = [scans.open("SINGLE0001", pool=1, minute=600), scans.add("SINGLE0001", a[0], minute=601),
              scans.open("SINGLE0002", pool=1, minute=600), scans.add("SINGLE0002", a[1], minute=601)]
    assert len(apply_batch(staff, "T-0002", retest).accepted) == 4
    actions.do_record_results(admin_user, [actions.ResultRow("SINGLE0001", "negative", when(12)),
                            actions.ResultRow("SINGLE0002", "positive", when(12))])
    states = dict(TemporaryControl.objects.values_list("resident", "state"))
    assert states == {a[0].pk: ControlState.RELEASED, a[1].pk: ControlState.CONFIRMED,
                      a[2].pk: ControlState.UNDER_CONTROL}


def test_a_positive_single_tube_puts_its_member_under_control_and_confirms_them_at_once(campaign, staff, district,
                                                                                       admin_user):
    person = district["residents"][district["grid_a"].code][0]
    scans = Scans()
    assert len(apply_batch(staff, "T-0001", [scans.open("SINGLE0009", pool=1),
                                             scans.add("SINGLE0009", person)]).accepted) == 2
    summary = actions.do_record_results(admin_user, [actions.ResultRow("SINGLE0009", "positive", when(0))])
    assert (summary.updated, summary.controlled, summary.confirmed, summary.released) == (1, 1, 1, 0)
    assert TemporaryControl.objects.get().state == ControlState.CONFIRMED
    tube = Tube.objects.get(barcode="SINGLE0009")
    assert tube.state == "resulted" and tube.closed_at is not None


def test_latest_negative_and_its_age_in_hours(pooled, admin_user):
    _a, b = pooled
    actions.do_record_results(admin_user, [actions.ResultRow("POOL000002", "negative", when(0))])
    tested_at, age = selectors.latest_negative(b[0].id_number, now=when(30))
    assert tested_at == when(0) and age == 30.0
    assert selectors.latest_negative(pooled[0][0].id_number) is None


def test_importing_results_rejects_unknown_tubes_and_bad_results(pooled, tmp_path, admin_user):
    from django.core.management import call_command

    path = tmp_path / "results.csv"
    path.write_text("试管条码,结果,检测时间,检测机构\nPOOL000001,阳性,2021-08-03 20:00,疾控\n"
                    "NOSUCH0001,阴性,2021-08-03 20:00,疾控\nPOOL000002,maybe,2021-08-03 20:00,疾控\n",
                    encoding="gbk")
    call_command("import_tube_results", str(path), "--no-progress")
    rejected = (tmp_path / "results.csv.rejected.csv").read_text(encoding="utf-8-sig")
    assert "NOSUCH0001" in rejected and "maybe" in rejected
    assert Tube.objects.get(barcode="POOL000001").result == "positive"
    assert TemporaryControl.objects.count() == 3


def test_the_results_api_needs_the_permission_and_reports_unknown_tubes(pooled, admin_user, worker, api_for):
    body = {"results": [{"barcode": "POOL000002", "result": "negative", "tested_at": when(0).isoformat()},
                        {"barcode": "NOSUCH0001", "result": "negative", "tested_at": when(0).isoformat()}]}
    assert api_for(worker).post("/api/labtests/results/", body, format="json").status_code == 404
    admin_user.is_superuser = True
    admin_user.save()
    answer = api_for(admin_user).post("/api/labtests/results/", body, format="json").json()
    assert answer["updated"] == 1 and answer["unknown"] == ["NOSUCH0001"]


def test_coverage_drills_down_through_the_api(pooled, admin_user, api_for, campaign, district):
    village = district["village"].code
    answer = api_for(admin_user).get(f"/api/labtests/campaigns/{campaign.pk}/coverage/?region={village}")
    assert answer.status_code == 200
    rows = {r["code"]: r for r in answer.json()["rows"]}
    assert rows[district["grid_a"].code]["sampled"] == 3 and rows[district["grid_b"].code]["sampled"] == 3


def test_latest_negative_answers_in_china_time(pooled, admin_user, api_for):
    _a, b = pooled
    actions.do_record_results(admin_user, [actions.ResultRow("POOL000002", "negative", when(0))])
    body = api_for(admin_user).get(f"/api/labtests/latest-negative/?id_number={b[0].id_number}").json()
    assert body["tested_at"].endswith("+08:00") and body["age_hours"] > 0


def test_the_back_office_sets_up_campaigns_sites_and_terminals(pooled, admin_user, client_for):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = client_for(admin_user)
    for url in ("/admin/labtests/campaign/", "/admin/labtests/campaign/add/", "/admin/labtests/samplingsite/add/",
                "/admin/labtests/tube/", "/admin/vaccination/vaccinationsite/add/", "/admin/vaccination/dose/"):
        assert client.get(url).status_code == 200, url
