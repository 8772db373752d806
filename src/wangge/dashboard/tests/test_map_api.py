"""`GET /api/dashboard/map/`: the outlines the map draws, scoped like every command-centre page — a village cadre
gets their village's grids, a neighbouring village is a 404, a grid worker and a stranger get nothing."""

import pytest
from shapely.geometry import shape

from wangge.accounts.choices import Role
from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, make_user
from wangge.regions.boundaries import store_boundaries

URL = "/api/dashboard/map/"


def square(lon, lat, size=0.01):
    return shape({"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                      [lon, lat + size], [lon, lat]]]})


@pytest.fixture
def outlines(district):
    """Grid A and grid C have outlines, grid B not yet; the village and both towns have theirs."""
    store_boundaries({GRID_A: square(121.17, 31.89), OTHER_GRID: square(121.30, 31.95),
                      VILLAGE: square(121.17, 31.89, 0.02), TOWN: square(121.15, 31.87, 0.06),
                      OTHER_TOWN: square(121.25, 31.90, 0.08)})
    return district


@pytest.fixture
def village_cadre(outlines):
    return make_user("vcadre", Role.VILLAGE_CADRE, outlines["village"])


def features_by_code(body):
    return {f["properties"]["code"]: f for f in body["features"]}


def test_the_village_cadre_gets_the_grids_of_their_village_by_default(client_for, village_cadre):
    response = client_for(village_cadre).get(URL)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["level"] == "grid"
    assert body["region"] == {"code": VILLAGE, "name": "大石村", "level": "village"}
    assert body["coordinates"] == "wgs84"
    found = features_by_code(body)
    assert set(found) == {GRID_A}
    grid = found[GRID_A]
    assert grid["properties"] | {"cp": None} == {"code": GRID_A, "name": "大石村第一网格", "level": "grid",
                                                 "parent": VILLAGE, "cp": None}
    outline = shape(grid["geometry"])
    assert outline.is_valid and outline.intersection(square(121.17, 31.89)).area > 0.99 * outline.area
    assert outline.contains(shape({"type": "Point", "coordinates": grid["properties"]["cp"]}))
    # grid B has no outline yet: the page can say so
    assert body["missing"] == [{"code": GRID_B, "name": "大石村第二网格"}]


def test_a_neighbouring_village_or_town_is_a_404(client_for, village_cadre):
    client = client_for(village_cadre)
    assert client.get(URL, {"region": OTHER_VILLAGE}).status_code == 404
    assert client.get(URL, {"region": OTHER_TOWN, "level": "grid"}).status_code == 404
    assert client.get(URL, {"region": TOWN}).status_code == 404  # the cadre's own town is above them
    assert client.get(URL, {"region": "nonsense"}).status_code == 404


def test_a_level_above_the_region_is_refused_with_the_reason(client_for, village_cadre):
    response = client_for(village_cadre).get(URL, {"level": "town"})
    assert response.status_code == 400 and "level" in response.json()


def test_the_town_cadre_sees_their_town_at_any_level_below_it(client_for, cadre, outlines):
    client = client_for(cadre)
    assert set(features_by_code(client.get(URL).json())) == {VILLAGE}  # default: the town's villages
    grids = client.get(URL, {"region": TOWN, "level": "grid"}).json()
    assert set(features_by_code(grids)) == {GRID_A}  # not grid C of the other town
    assert [m["code"] for m in grids["missing"]] == [GRID_B]
    own = client.get(URL, {"region": TOWN, "level": "town"}).json()
    assert set(features_by_code(own)) == {TOWN}


def test_the_district_admin_sees_the_towns_of_the_district(client_for, admin_user, outlines):
    body = client_for(admin_user).get(URL).json()
    assert body["region"]["level"] == "district"
    assert set(features_by_code(body)) == {TOWN, OTHER_TOWN} and body["missing"] == []


def test_a_grid_worker_and_a_stranger_get_nothing(client, client_for, outsider, outlines):
    assert client.get(URL).status_code in (401, 403)
    assert client.get(URL, {"region": VILLAGE, "level": "grid"}).status_code in (401, 403)
    assert client_for(outsider).get(URL, {"region": GRID_B}).status_code == 403
    assert client_for(outsider).get(URL).status_code == 403


def test_the_gcj02_setting_is_announced_with_the_outlines(client_for, village_cadre, settings):
    settings.WANGGE_MAP_COORDINATES = "gcj02"
    assert client_for(village_cadre).get(URL).json()["coordinates"] == "gcj02"
