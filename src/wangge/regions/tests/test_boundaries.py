"""`wangge import_boundaries FILE.geojson` (formats.md, boundaries.geojson): the district admin gives the regions
their outlines for the map; bad features are refused with the reason, nothing else is lost."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from shapely.geometry import shape

from wangge.accounts.choices import Role
from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, TOWN, VILLAGE, make_user
from wangge.core.errors import NotPermitted
from wangge.core.imports import FileError
from wangge.core.models import ChangeEvent
from wangge.regions.actions import do_import_boundaries
from wangge.regions.models import Region


def square(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


def feature(code, geometry, **properties):
    return {"type": "Feature", "properties": {"code": code, **properties}, "geometry": geometry}


BOWTIE = {"type": "Polygon", "coordinates": [[[121.0, 31.8], [121.02, 31.82], [121.02, 31.8], [121.0, 31.82],
                                              [121.0, 31.8]]]}


def write(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_boundaries", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rejected(path):
    with open(f"{path}.rejected.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def good_file(tmp_path, district):
    return write(tmp_path / "boundaries.geojson", [
        feature(VILLAGE, square(121.17, 31.89, 0.02), name="大石村"),
        feature(GRID_A, square(121.17, 31.89)),
        feature(GRID_B, {"type": "MultiPolygon", "coordinates": [square(121.18, 31.89)["coordinates"],
                                                                 square(121.18, 31.905, 0.005)["coordinates"]]}),
    ])


def test_a_good_file_gives_each_region_its_outline_a_screen_copy_and_a_label_point(good_file):
    out = run(good_file)
    assert "读取 3 个要素：新增 3，更新 0，未变 0，拒绝 0，跳过 0" in out
    grid = Region.objects.get(code=GRID_A)
    assert shape(grid.boundary).equals(shape(square(121.17, 31.89)))
    assert shape(grid.boundary_display).is_valid and shape(grid.boundary_display).area > 0
    lon, lat = grid.label_point
    assert shape(grid.boundary).contains(shape({"type": "Point", "coordinates": [lon, lat]}))
    assert Region.objects.get(code=GRID_B).boundary["type"] == "MultiPolygon"
    assert Region.objects.get(code=TOWN).boundary is None  # not in the file: untouched
    assert not (good_file.parent / "boundaries.geojson.rejected.csv").exists()
    event = ChangeEvent.objects.filter(content_type__model="region", action="bulk").latest("id")
    assert event.count == 3 and "boundaries.geojson" in event.note


def test_an_unknown_code_is_reported_once_and_skipped(tmp_path, district):
    path = write(tmp_path / "county.geojson", [
        feature(GRID_A, square(121.17, 31.89)),
        feature("320684199001001", square(121.3, 31.9)),
        feature("320684199001001", square(121.3, 31.9)),  # the same unknown code twice: one mention
        feature("999999", square(121.4, 31.9)),
    ])
    out = run(path)
    assert out.count("320684199001001") == 1 and "999999" in out
    assert "已跳过 3 个不属于本系统区域的要素" in out
    assert "新增 1，更新 0，未变 0，拒绝 0，跳过 3" in out
    assert Region.objects.filter(boundary__isnull=False).count() == 1
    assert not Region.objects.filter(code="320684199001001").exists()


def test_a_self_intersecting_polygon_and_a_point_go_to_the_rejected_file_with_their_code_and_reason(
        tmp_path, district):
    path = write(tmp_path / "b.geojson", [
        feature(GRID_A, BOWTIE),
        feature(GRID_B, {"type": "Point", "coordinates": [121.17, 31.89]}),
        feature(OTHER_GRID, square(121.3, 31.9)),
    ])
    out = run(path)
    assert "新增 1，更新 0，未变 0，拒绝 2" in out and "b.geojson.rejected.csv" in out
    rows = {r["code"]: r for r in rejected(path)}
    assert rows[GRID_A]["row"] == "1" and "自相交" in rows[GRID_A]["reason"] and "121.01" in rows[GRID_A]["reason"]
    assert rows[GRID_B]["row"] == "2" and "Point" in rows[GRID_B]["reason"]
    assert "Polygon 或 MultiPolygon" in rows[GRID_B]["reason"]
    assert Region.objects.get(code=GRID_A).boundary is None
    assert Region.objects.get(code=OTHER_GRID).boundary is not None  # the good feature is not lost


def test_other_bad_features_name_their_problem(tmp_path, district):
    path = write(tmp_path / "b.geojson", [
        {"type": "Feature", "properties": {"name": "无编码"}, "geometry": square(121.1, 31.8)},
        feature(GRID_A, {"type": "Polygon", "coordinates": [[[500000, 3500000], [501000, 3500000],
                                                             [501000, 3501000], [500000, 3500000]]]}),
        feature(GRID_B, square(121.1, 31.8)),
        feature(GRID_B, square(121.2, 31.8)),
        feature(OTHER_GRID, {"type": "Polygon", "coordinates": [[[121.0, 31.8], [121.1]]]}),
    ])
    run(path)
    reasons = [r["reason"] for r in rejected(path)]
    assert "properties.code" in reasons[0]
    assert "投影坐标" in reasons[1]
    assert "与第 3 个要素重复" in reasons[2]
    assert "格式错误" in reasons[3]
    assert shape(Region.objects.get(code=GRID_B).boundary).equals(shape(square(121.1, 31.8)))


def test_a_second_import_replaces_the_outline_and_the_same_file_again_changes_nothing(good_file, tmp_path):
    run(good_file)
    moved = write(tmp_path / "moved.geojson", [feature(GRID_A, square(121.25, 31.95))])
    assert "新增 0，更新 1，未变 0" in run(moved)
    grid = Region.objects.get(code=GRID_A)
    assert shape(grid.boundary).equals(shape(square(121.25, 31.95)))
    assert shape(grid.boundary_display).intersects(shape(square(121.25, 31.95)))
    assert grid.label_point[0] > 121.25
    events = ChangeEvent.objects.count()
    assert "新增 0，更新 0，未变 1" in run(moved)
    assert ChangeEvent.objects.count() == events


@pytest.mark.parametrize("content, message", [
    ('{"type": "FeatureCollection", "features": [', "不是有效的 JSON"),
    ("村,编码\n大石村,320684102001\n", "不是有效的 JSON"),
    ('{"type": "Feature", "geometry": null, "properties": {}}', "不是 GeoJSON FeatureCollection"),
    ('[1, 2]', "不是 GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection"}', "缺少 features"),
    ("", "文件为空"),
])
def test_a_broken_file_is_a_clear_error_and_nothing_is_stored(tmp_path, district, content, message):
    path = tmp_path / "broken.geojson"
    path.write_text(content, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_boundaries", str(path), stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert message in err.getvalue() and "\n" not in err.getvalue().strip()
    assert not Region.objects.filter(boundary__isnull=False).exists()
    assert not (tmp_path / "broken.geojson.rejected.csv").exists()


def test_a_missing_file_is_an_error(tmp_path, admin_user):
    with pytest.raises(FileError, match="文件不存在"):
        do_import_boundaries(admin_user, tmp_path / "nowhere.geojson")


def test_only_a_role_that_may_change_regions_imports_boundaries(good_file, district):
    cadre = make_user("vc", Role.VILLAGE_CADRE, district["village"])
    with pytest.raises(NotPermitted):
        do_import_boundaries(cadre, good_file)
    assert not Region.objects.filter(boundary__isnull=False).exists()


def test_a_detailed_outline_is_sent_to_the_screen_with_far_fewer_points_and_the_same_shape(tmp_path, district):
    import math

    # A village surveyed every metre or so along a wobbly circle of about 1 km.
    ring = [[121.17 + 0.01 * math.cos(t / 1000 * 2 * math.pi) + 0.000004 * math.sin(t),
             31.89 + 0.008 * math.sin(t / 1000 * 2 * math.pi)] for t in range(1000)]
    run(write(tmp_path / "v.geojson", [feature(VILLAGE, {"type": "Polygon", "coordinates": [ring + ring[:1]]})]))
    village = Region.objects.get(code=VILLAGE)
    full, screen = shape(village.boundary), shape(village.boundary_display)
    assert len(screen.exterior.coords) < len(full.exterior.coords) / 5
    assert screen.is_valid and full.symmetric_difference(screen).area < full.area * 0.01
