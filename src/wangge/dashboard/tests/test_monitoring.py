"""Monitoring points (视频监控点): the CSV import, the video platform's heartbeats, online / offline after N minutes,
scoping of the list, the map layer and the pages, the edit form and the video wall."""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from wangge.accounts.choices import Role
from wangge.conftest import GRID_A, OTHER_TOWN, TOWN, VILLAGE, make_region, make_user
from wangge.core import clock
from wangge.dashboard import actions, monitoring
from wangge.dashboard.choices import PointKind, PointStatus
from wangge.dashboard.models import MonitoringPoint
from wangge.regions.choices import RegionLevel

T0 = timezone.make_aware(datetime.datetime(2021, 8, 6, 9, 0))
HEADER_ZH = ["监控点编码", "监控点名称", "类型", "区域编码", "视频流地址", "采样点", "纬度", "经度"]


def point(code, region, *, kind=PointKind.ROAD, url=None, online_at=None, **extra):
    p = MonitoringPoint.objects.create(code=code, name=f"{region.name}{code}", kind=kind, region=region,
                                       stream_url=url or f"http://vms.example/live/{code}.m3u8", **extra)
    if online_at is not None:
        MonitoringPoint.objects.filter(pk=p.pk).update(last_heartbeat_at=online_at, last_status=PointStatus.ONLINE,
                                                       last_online_at=online_at)
        p.refresh_from_db()
    return p


@pytest.fixture
def points(district):
    """Two points in 大石村 (one in grid A), one in the town itself, one in the other town."""
    other_village = district["grid_c"].parent
    return {
        "village": point("CAM-V-1", district["village"]),
        "grid_a": point("CAM-A-1", district["grid_a"], kind=PointKind.SAMPLING_SITE),
        "town": point("CAM-T-1", district["town"], kind=PointKind.RIVER),
        "other": point("CAM-O-1", other_village, kind=PointKind.CHECKPOINT),
    }


@pytest.fixture
def village_cadre(district):
    return make_user("vcadre", Role.VILLAGE_CADRE, district["village"])


def write_csv(path, rows, header=HEADER_ZH, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def rejected_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# --- import --------------------------------------------------------------------------------------------------------


def test_import_keeps_the_good_rows_and_rejects_each_bad_one_with_its_reason(tmp_path, district, admin_user):
    path = write_csv(tmp_path / "points.csv", [
        ["CAM-001", "大石村村口", "道路", VILLAGE, "https://vms.example/live/001.m3u8", "", "31.89", "121.17"],
        ["CAM-002", "三星镇主河道", "river", TOWN, "http://vms:8080/live/002.mp4", "", "", ""],
        ["CAM-003", "未知区域", "road", "320684999", "http://vms.example/003.m3u8", "", "", ""],
        ["CAM-004", "RTSP 摄像头", "road", VILLAGE, "rtsp://10.1.2.3/stream1", "", "", ""],
        ["CAM-005", "无人机", "drone", VILLAGE, "http://vms.example/005.m3u8", "", "", ""],
        ["CAM-001", "重复的编码", "road", VILLAGE, "http://vms.example/001b.m3u8", "", "", ""],
        ["CAM-006", "不存在的采样点", "采样点", VILLAGE, "http://vms.example/006.m3u8", "无此采样点", "", ""],
        ["CAM-007", "只有纬度", "卡口", VILLAGE, "http://vms.example/007.m3u8", "", "31.9", ""],
        ["CAM-008", "网格里的卡口", "卡口", GRID_A, "http://vms.example/008.m3u8", "", "", ""],
    ])
    result = actions.do_import_monitoring_points(admin_user, path)

    assert (result.read, result.imported, result.rejected) == (9, 3, 6)
    stored = {p.code: p for p in MonitoringPoint.objects.all()}
    assert set(stored) == {"CAM-001", "CAM-002", "CAM-008"}
    assert stored["CAM-001"].name == "大石村村口" and stored["CAM-001"].kind == PointKind.ROAD
    assert (stored["CAM-001"].lat, stored["CAM-001"].lon) == (31.89, 121.17)
    assert stored["CAM-001"].region_code == VILLAGE
    assert stored["CAM-002"].kind == PointKind.RIVER and stored["CAM-002"].stream_url.endswith("002.mp4")
    assert stored["CAM-008"].kind == PointKind.CHECKPOINT and stored["CAM-008"].region_code == GRID_A

    reasons = {row["row"]: row["reason"] for row in rejected_rows(result.rejected_path)}
    assert set(reasons) == {"3", "4", "5", "6", "7", "8"}
    assert "区域编码不存在" in reasons["3"] and "320684999" in reasons["3"]
    assert "http://" in reasons["4"] and "rtsp://10.1.2.3/stream1" in reasons["4"]
    assert "类型无效" in reasons["5"] and "drone" in reasons["5"]
    assert "与第 1 行重复" in reasons["6"]
    assert "采样点不存在" in reasons["7"]
    assert "纬度和经度" in reasons["8"]
    # The rejected file keeps the original fields, ready to be fixed and imported again.
    assert rejected_rows(result.rejected_path)[1]["视频流地址"] == "rtsp://10.1.2.3/stream1"


def test_import_reads_gbk_and_english_headers_and_a_second_run_changes_nothing(tmp_path, district, admin_user):
    english = ["code", "name", "kind", "region_code", "stream_url"]
    path = write_csv(tmp_path / "gbk.csv", [["CAM-101", "常乐镇高速道口", "卡口", OTHER_TOWN,
                                            "https://vms.example/101.m3u8"]], header=english, encoding="gbk")
    first = actions.do_import_monitoring_points(admin_user, path)
    assert (first.imported, first.rejected) == (1, 0)
    assert MonitoringPoint.objects.get(code="CAM-101").name == "常乐镇高速道口"
    again = actions.do_import_monitoring_points(admin_user, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)

    write_csv(path, [["CAM-101", "常乐镇高速道口（东）", "卡口", OTHER_TOWN, "https://vms.example/101.m3u8"]],
              header=english, encoding="gbk")
    changed = actions.do_import_monitoring_points(admin_user, path)
    assert changed.updated == 1 and MonitoringPoint.objects.get(code="CAM-101").name == "常乐镇高速道口（东）"


def test_import_links_the_sampling_site_by_name(tmp_path, district, admin_user):
    from wangge.labtests.models import Campaign, SamplingSite

    campaign = Campaign.objects.create(name="第一轮", region=district["district"], start_date=datetime.date(2021, 8, 1),
                                       end_date=datetime.date(2021, 8, 2))
    site = SamplingSite.objects.create(campaign=campaign, name="大石村采样点", region=district["village"])
    path = write_csv(tmp_path / "p.csv", [["CAM-201", "大石村采样点监控", "采样点", VILLAGE,
                                          "http://vms.example/201.m3u8", "大石村采样点", "", ""]])
    assert actions.do_import_monitoring_points(admin_user, path).imported == 1
    assert MonitoringPoint.objects.get(code="CAM-201").sampling_site == site


def test_import_refuses_regions_outside_the_importers_jurisdiction(tmp_path, district):
    # A district administrator's role, placed over one town: the other town's regions are not theirs.
    town_admin = make_user("town_admin", Role.DISTRICT_ADMIN, district["town"])
    path = write_csv(tmp_path / "p.csv", [
        ["CAM-301", "本镇", "road", VILLAGE, "http://vms.example/301.m3u8", "", "", ""],
        ["CAM-302", "外镇", "road", OTHER_TOWN, "http://vms.example/302.m3u8", "", "", ""],
    ])
    result = actions.do_import_monitoring_points(town_admin, path)
    assert (result.imported, result.rejected) == (1, 1)
    assert "不在管辖范围内" in rejected_rows(result.rejected_path)[0]["reason"]


def test_import_command_prints_the_summary_and_a_cadre_may_not_import(tmp_path, district, admin_user, cadre, capsys):
    path = write_csv(tmp_path / "p.csv", [["CAM-401", "村口", "road", VILLAGE, "http://vms.example/401.m3u8",
                                          "", "", ""]])
    call_command("import_monitoring_points", str(path), "--as", "admin", "--no-progress")
    assert "新增 1" in capsys.readouterr().out
    assert MonitoringPoint.objects.filter(code="CAM-401").exists()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_monitoring_points", str(path), "--as", "cadre", "--no-progress")
    assert exit_info.value.code == 2


# --- heartbeats ----------------------------------------------------------------------------------------------------


def beat_url(code):
    return f"/api/monitoring-points/{code}/heartbeat/"


def test_a_heartbeat_puts_the_point_online_and_the_list_says_so(points, cadre, api_for):
    api = api_for(cadre)  # a town cadre: the account a town's video platform signs in with
    with clock.frozen(T0):
        assert api.get("/api/monitoring-points/CAM-V-1/").json()["online"] is False
        response = api.post(beat_url("CAM-V-1"), {"status": "online"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["online"] is True
        assert api.get("/api/monitoring-points/CAM-V-1/").json()["online"] is True
        # The platform may send nothing but the POST.
        assert api.post(beat_url("CAM-T-1")).json()["online"] is True
    stored = MonitoringPoint.objects.get(code="CAM-V-1")
    assert stored.last_heartbeat_at == T0 and stored.last_status == PointStatus.ONLINE


def test_an_offline_heartbeat_and_an_old_one(points, cadre, api_for):
    api = api_for(cadre)
    with clock.frozen(T0):
        api.post(beat_url("CAM-V-1"), {"status": "online"}, format="json")
        answer = api.post(beat_url("CAM-V-1"), {"status": "offline", "at": "2021-08-06T09:00:00+08:00"},
                          format="json").json()
        assert answer["online"] is False and answer["offline_minutes"] == 0
        # A heartbeat from before the last one (delivered late) changes nothing.
        late = api.post(beat_url("CAM-V-1"), {"status": "online", "at": "2021-08-06T08:59:00"}, format="json")
        assert late.status_code == 200 and late.json()["online"] is False


def test_heartbeat_refusals(points, cadre, village_cadre, api_for):
    api = api_for(cadre)
    with clock.frozen(T0):
        assert api.post(beat_url("NO-SUCH-CAMERA"), {}, format="json").status_code == 404
        bad_status = api.post(beat_url("CAM-V-1"), {"status": "broken"}, format="json")
        assert bad_status.status_code == 400 and "status" in bad_status.json()
        bad_time = api.post(beat_url("CAM-V-1"), {"at": "yesterday"}, format="json")
        assert bad_time.status_code == 400 and "at" in bad_time.json()
        future = api.post(beat_url("CAM-V-1"), {"at": "2021-08-06T12:00:00+08:00"}, format="json")
        assert future.status_code == 400 and "at" in future.json()
        # A point of the other town is not the cadre's: not found, and nothing recorded.
        assert api.post(beat_url("CAM-O-1"), {}, format="json").status_code == 404
        # Without a token: 401; with a role that does not report heartbeats: 403.
        assert api_for(None).post(beat_url("CAM-V-1"), {}, format="json").status_code == 401
        assert api_for(village_cadre).post(beat_url("CAM-V-1"), {}, format="json").status_code == 403
    assert not MonitoringPoint.objects.exclude(last_heartbeat_at=None).exists()


def test_a_point_goes_offline_after_n_minutes_without_a_heartbeat(points, cadre, api_for, client_for, settings):
    api = api_for(cadre)
    with clock.frozen(T0):
        api.post(beat_url("CAM-V-1"), {}, format="json")
    with clock.frozen(T0 + datetime.timedelta(minutes=4, seconds=59)):
        assert api.get("/api/monitoring-points/CAM-V-1/").json()["online"] is True
    with clock.frozen(T0 + datetime.timedelta(minutes=17)):
        body = api.get("/api/monitoring-points/CAM-V-1/").json()
        assert body["online"] is False and body["offline_minutes"] == 17
        page = client_for(cadre).get("/dashboard/points/CAM-V-1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert "离线 17 分钟" in page.content.decode() or "Offline for 17 minutes" in page.content.decode()
        online = api.get("/api/monitoring-points/?online=true").json()["results"]
        assert [p["code"] for p in online] == []
    settings.WANGGE_MONITORING_OFFLINE_MINUTES = 30
    with clock.frozen(T0 + datetime.timedelta(minutes=17)):
        assert api.get("/api/monitoring-points/CAM-V-1/").json()["online"] is True


def test_offline_durations_read_as_people_say_them():
    from django.utils import translation

    with translation.override("en"):
        assert monitoring.duration_text(1) == "1 minute"
        assert monitoring.duration_text(7) == "7 minutes"
        assert monitoring.duration_text(185) == "3 hours 5 minutes"
        assert monitoring.duration_text(60 * 72) == "3 days"


# --- scoping: list, map layer, pages ------------------------------------------------------------------------------


def test_a_village_cadre_lists_and_maps_only_their_village(points, village_cadre, api_for, client_for, district):
    MonitoringPoint.objects.update(lat=31.9, lon=121.2)
    api = api_for(village_cadre)
    listed = {p["code"] for p in api.get("/api/monitoring-points/").json()["results"]}
    assert listed == {"CAM-V-1", "CAM-A-1"}
    assert api.get("/api/monitoring-points/CAM-T-1/").status_code == 404

    layer = api.get(f"/api/monitoring-points/geojson/?region={VILLAGE}").json()
    assert layer["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in layer["features"]} == {"CAM-V-1", "CAM-A-1"}
    feature = next(f for f in layer["features"] if f["properties"]["code"] == "CAM-A-1")
    assert feature["geometry"] == {"type": "Point", "coordinates": [121.2, 31.9]}
    assert set(feature["properties"]) >= {"code", "name", "kind", "online", "stream_url"}
    assert feature["properties"]["online"] is False
    grid_only = api.get(f"/api/monitoring-points/geojson/?region={GRID_A}").json()
    assert [f["properties"]["code"] for f in grid_only["features"]] == ["CAM-A-1"]
    assert api.get(f"/api/monitoring-points/geojson/?region={TOWN}").status_code == 404
    assert api.get(f"/api/monitoring-points/geojson/?region={OTHER_TOWN}").status_code == 404

    client = client_for(village_cadre)
    page = client.get("/dashboard/points/").content.decode()
    assert "CAM-V-1" in page and "CAM-A-1" in page and "CAM-T-1" not in page and "CAM-O-1" not in page
    assert client.get("/dashboard/points/CAM-O-1/").status_code == 404
    assert client.get("/dashboard/points/CAM-V-1/").status_code == 200
    wall = client.get("/dashboard/video/").content.decode()
    assert "CAM-V-1" in wall and "CAM-T-1" not in wall
    assert client.get(f"/dashboard/video/?region={OTHER_TOWN}").status_code == 404
    export = client.get("/dashboard/points/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "CAM-V-1" in text and "CAM-O-1" not in text


def test_points_without_coordinates_stay_off_the_map(points, admin_user, api_for):
    MonitoringPoint.objects.filter(code="CAM-V-1").update(lat=31.9, lon=121.2)
    layer = api_for(admin_user).get("/api/monitoring-points/geojson/").json()
    assert [f["properties"]["code"] for f in layer["features"]] == ["CAM-V-1"]


def test_a_grid_worker_sees_no_monitoring_point(points, worker, api_for, client_for):
    assert api_for(worker).get("/api/monitoring-points/").status_code == 403
    assert client_for(worker).get("/dashboard/video/").status_code == 403


# --- the edit form --------------------------------------------------------------------------------------------------


def form_data(**changes):
    data = {"code": "CAM-NEW-1", "name": "大石村桥头", "kind": "river", "region": VILLAGE,
            "stream_url": "https://vms.example/live/new.m3u8", "sampling_site": "", "lat": "31.9", "lon": "121.2",
            "active": "on"}
    data.update(changes)
    return data


def test_the_district_admin_registers_and_edits_a_point(district, admin_user, client_for):
    client = client_for(admin_user)
    refused = client.post("/dashboard/points/add/", form_data(stream_url="rtsp://10.0.0.1/1"))
    assert refused.status_code == 200 and not MonitoringPoint.objects.exists()
    assert "http://" in refused.content.decode()
    created = client.post("/dashboard/points/add/", form_data())
    assert created.status_code == 302 and created["Location"] == "/dashboard/points/CAM-NEW-1/"
    new = MonitoringPoint.objects.get(code="CAM-NEW-1")
    assert (new.kind, new.region_code, new.lat) == ("river", VILLAGE, 31.9)
    duplicate = client.post("/dashboard/points/add/", form_data(name="另一个"))
    assert duplicate.status_code == 200 and MonitoringPoint.objects.count() == 1

    edited = client.post("/dashboard/points/CAM-NEW-1/edit/", form_data(code="IGNORED", name="大石村桥头（北）",
                                                                        region=GRID_A))
    assert edited.status_code == 302
    new.refresh_from_db()
    assert (new.code, new.name, new.region_code) == ("CAM-NEW-1", "大石村桥头（北）", GRID_A)


def test_a_cadre_may_not_edit_and_an_action_refuses_a_region_outside(points, cadre, client_for, district):
    assert client_for(cadre).get("/dashboard/points/CAM-V-1/edit/").status_code == 403
    assert client_for(cadre).get("/dashboard/points/add/").status_code == 403
    town_admin = make_user("town_admin", Role.DISTRICT_ADMIN, district["town"])
    from wangge.core.errors import Invalid, NotFound

    with pytest.raises(Invalid) as refusal:
        actions.do_create_point(town_admin, code="CAM-X", name="外镇", kind="road", region=district["other_town"],
                                stream_url="http://vms.example/x.m3u8")
    assert refusal.value.field == "region"
    with pytest.raises(NotFound):
        actions.do_update_point(town_admin, points["other"], name="改名", kind="road", region=district["town"],
                                stream_url="http://vms.example/x.m3u8")
    with pytest.raises(Invalid) as bad_url:
        actions.do_update_point(town_admin, points["village"], name="改名", kind="road", region=district["town"],
                                stream_url="javascript:alert(1)")
    assert bad_url.value.field == "stream_url"


# --- the video wall --------------------------------------------------------------------------------------------------


def test_the_wall_tiles_a_page_of_points_with_their_state(district, admin_user, client_for):
    with clock.frozen(T0):
        for n in range(6):
            point(f"CAM-W-{n}", district["village"], online_at=T0 - datetime.timedelta(minutes=1 if n % 2 else 42))
        point("CAM-W-R", district["village"], kind=PointKind.RIVER, url="https://vms.example/river.mp4")
        client = client_for(admin_user)
        first = client.get(f"/dashboard/video/?region={VILLAGE}&layout=4")
        html = first.content.decode()
        assert first.context["columns"] == 2 and len(first.context["tiles"]) == 4
        assert html.count('class="vw-tile ') == 4
        assert "离线 42 分钟" in html or "Offline for 42 minutes" in html
        assert 'data-stream-type="hls"' in html and "vendor/hls.js/hls.min.js" in html
        second = client.get(f"/dashboard/video/?region={VILLAGE}&layout=4&page=2")
        assert len(second.context["tiles"]) == 3 and second.context["rotate_url"].endswith("page=1")
        river = client.get(f"/dashboard/video/?region={VILLAGE}&kind=river").context["tiles"]
        assert [t["point"].code for t in river] == ["CAM-W-R"] and river[0]["is_hls"] is False
        online = client.get(f"/dashboard/video/?region={VILLAGE}&online=on&layout=16").context["tiles"]
        assert {t["point"].code for t in online} == {"CAM-W-1", "CAM-W-3", "CAM-W-5"}
        # A layout that is not 1, 4, 9 or 16 falls back to 9 tiles.
        assert client.get(f"/dashboard/video/?region={VILLAGE}&layout=7").context["choice"]["layout"] == 9


def test_the_wall_leaves_out_points_not_in_use_and_its_script_is_a_file(district, admin_user, client_for):
    point("CAM-OFF", district["village"], active=False)
    html = client_for(admin_user).get("/dashboard/video/").content.decode()
    assert "CAM-OFF" not in html
    assert "<script>" not in html and "onclick" not in html
    assert "dashboard/videowall.js" in html


# --- the demo --------------------------------------------------------------------------------------------------------


def test_the_demo_seeds_points_per_town_some_online(district):
    from wangge.simulate import video

    make_region(TOWN + "002", "大石村二组", RegionLevel.VILLAGE, district["town"])
    with clock.frozen(T0):
        points = video.seed_monitoring_points("http://127.0.0.1:8000")
        live = video.beat(first=True)
        kinds = {p.kind for p in points}
        assert {PointKind.ROAD, PointKind.RIVER, PointKind.CHECKPOINT} <= kinds
        assert {p.region_code[:9] for p in points} == {TOWN, OTHER_TOWN}
        assert all(p.stream_url.startswith("http://127.0.0.1:8000/dashboard/video/demo/") for p in points)
        stored = list(MonitoringPoint.objects.all())
        online = [p for p in stored if p.is_online()]
        assert live == len(online) and 0 < len(online) < len(stored)
        assert any(p.offline_minutes() == 12 for p in stored)
    again = video.seed_monitoring_points("http://localhost:9000")
    assert len(again) == len(points) == MonitoringPoint.objects.count()
    assert MonitoringPoint.objects.filter(stream_url__startswith="http://localhost:9000/").count() == len(points)


def test_the_demo_clip_is_served_only_from_its_folder(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "demo-video"
    folder.mkdir()
    (folder / "a.m3u8").write_text("#EXTM3U\n", encoding="utf-8")
    (tmp_path / "secret_key").write_text("x", encoding="utf-8")
    response = client.get("/dashboard/video/demo/a.m3u8")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.apple.mpegurl"
    assert client.get("/dashboard/video/demo/../secret_key").status_code == 404
    assert client.get("/dashboard/video/demo/%2e%2e/secret_key").status_code == 404
    assert client.get("/dashboard/video/demo/b.m3u8").status_code == 404
