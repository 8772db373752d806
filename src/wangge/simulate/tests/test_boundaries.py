"""The synthetic district's map: every town, village and grid of a plan gets an outline, and they tile the district
level by level — no gaps, no overlaps — deterministically; the outlines go into the database with the district and
into boundaries.geojson, which `import_boundaries` reads back to the same shapes."""

import io
import json

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import shape

from wangge.regions.models import Region
from wangge.simulate import boundaries as tiling
from wangge.simulate import district as gen
from wangge.simulate.loader import load_district

TOLERANCE = 1e-9  # of the parent's area: what rounding to 10⁻⁶° may leave


def tiles(parent, children) -> bool:
    """The children cover the parent and do not overlap (up to rounding)."""
    union = shapely.union_all(children)
    overlap = sum(c.area for c in children) - union.area
    return (parent.symmetric_difference(union).area <= TOLERANCE * parent.area + 1e-12
            and overlap <= TOLERANCE * parent.area + 1e-12)


def check_tiling(plan):
    outlines = tiling.plan_geometries(plan)
    assert set(outlines) == {r.code for r in plan.regions}
    assert all(g.geom_type == "Polygon" and g.is_valid and g.area > 0 for g in outlines.values())
    children = {}
    for region in plan.regions:
        children.setdefault(region.parent_code, []).append(outlines[region.code])
    for region in plan.regions:
        if region.code in children:
            assert tiles(outlines[region.code], children[region.code]), region.code
    return outlines


@pytest.fixture(scope="module")
def small_plan():
    return gen.plan_district("haimen", "small")


def test_every_grid_village_and_town_of_the_small_district_has_a_valid_outline_and_each_level_tiles_its_parent(
        small_plan):
    outlines = check_tiling(small_plan)
    x0, y0, x1, y1 = outlines["320614"].bounds
    assert 120.9 < x0 < 121.17 < x1 < 121.45 and 31.7 < y0 < 31.89 < y1 < 32.1  # around Haimen, ~40 × 30 km
    assert 0.35 < x1 - x0 < 0.5 and 0.22 < y1 - y0 < 0.32


def test_the_whole_district_tiles_down_to_its_1000_grids_and_each_level_is_a_clean_coverage():
    plan = gen.plan_district("haimen", "full")
    outlines = check_tiling(plan)
    levels = {r.code: r.level for r in plan.regions}
    for level in ("town", "village", "grid"):
        shapes = [g for code, g in outlines.items() if levels[code] == level]
        # neighbours share their border vertices: a level can be simplified for the screen as a whole
        assert shapely.coverage_is_valid(shapes), level
    assert sum(1 for level in levels.values() if level == "grid") > 1000


def test_the_outlines_are_the_same_every_time(small_plan):
    first = list(tiling.iter_boundaries(small_plan))
    again = list(tiling.iter_boundaries(gen.plan_district("haimen", "small")))
    assert first == again
    assert [row.code for row in first[:2]] == ["320614", small_plan.regions[1].code]  # parents first


def test_a_cut_down_plan_still_tiles_its_village(small_plan):
    plan = small_plan.first_grids(2)
    outlines = check_tiling(plan)
    village = next(r.code for r in plan.regions if r.level == "village")
    assert tiles(outlines[village], [outlines[g.code] for g in plan.grids])


def test_areas_follow_population_and_built_up_places_are_dense():
    plan = gen.plan_district("haimen", "full", villages=3)
    outlines = tiling.plan_geometries(plan)
    people = {}
    for grid in plan.grids:
        for code in (grid.code, grid.code[:12], grid.code[:9]):
            people[code] = people.get(code, 0) + grid.population
    towns = [r for r in plan.regions if r.level == "town"]
    per_resident = {t.name: outlines[t.code].area / people[t.code] for t in towns}
    streets = [v for name, v in per_resident.items() if name.endswith("街道")]
    rural = [v for name, v in per_resident.items() if not name.endswith("街道")]
    assert max(streets) < min(rural)  # a street (街道) is built-up: small for its population
    # the grids of one village: area shares within a fifth of their population shares
    village = max((r for r in plan.regions if r.level == "village"),
                  key=lambda r: sum(1 for g in plan.grids if g.code.startswith(r.code)))
    grids = [g for g in plan.grids if g.code.startswith(village.code)]
    assert len(grids) >= 3
    area = sum(outlines[g.code].area for g in grids)
    for g in grids:
        assert abs(outlines[g.code].area / area - g.population / people[village.code]) < 0.2 * g.population / \
            people[village.code]


def test_the_loaded_district_carries_its_outlines_with_screen_copies_and_label_points(db, small_plan):
    plan = small_plan.first_grids(4)
    load_district(plan)
    expected = {row.code: shape(row.geometry) for row in tiling.iter_boundaries(plan)}
    for region in Region.objects.all():
        assert shape(region.boundary).equals(expected[region.code])
        assert shape(region.boundary_display).is_valid
        assert shape(region.boundary).contains(shape({"type": "Point", "coordinates": region.label_point}))


def test_boundaries_geojson_round_trips_through_import_boundaries(db, tmp_path, small_plan):
    plan = small_plan.first_grids(6)
    load_district(plan, boundaries=False)
    assert not Region.objects.filter(boundary__isnull=False).exists()
    path = tiling.write_geojson(plan, tmp_path / "boundaries.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(plan.regions)
    assert {"code", "name", "level"} <= set(data["features"][0]["properties"])
    out = io.StringIO()
    call_command("import_boundaries", str(path), stdout=out)
    assert f"新增 {len(plan.regions)}，更新 0，未变 0，拒绝 0，跳过 0" in out.getvalue()
    for row in tiling.iter_boundaries(plan):
        assert shape(Region.objects.get(code=row.code).boundary).equals(shape(row.geometry))


def test_generate_district_writes_boundaries_geojson_beside_the_csv(tmp_path):
    call_command("generate_district", "--grids", "2", "--no-progress", "--out", str(tmp_path), stdout=io.StringIO())
    data = json.loads((tmp_path / "boundaries.geojson").read_text(encoding="utf-8"))
    codes = {f["properties"]["code"] for f in data["features"]}
    with open(tmp_path / "regions.csv", encoding="utf-8") as f:
        assert codes == {line.split(",")[0] for line in f.read().splitlines()[1:]}


def test_generate_district_can_leave_the_map_out(db):
    call_command("generate_district", "--grids", "2", "--no-progress", "--no-boundaries", stdout=io.StringIO())
    assert Region.objects.exists() and not Region.objects.filter(boundary__isnull=False).exists()
