"""Boundaries for the synthetic district: every town, village and grid of a plan gets a polygon, and together they
tile the district — pure (no Django, no database), deterministic from the plan.

The district is an irregular outline about 40 × 30 km around its real seat (Haimen ≈ 121.17°E 31.89°N). Each
region is split among its children in the plan by a *power diagram* (a Voronoi diagram whose cells can be made
larger or smaller by a weight per site) clipped to the region: a few rounds of moving each site to its cell's
centre and adjusting the weights until every child's area is within a few percent of its share. The share is
the child's population divided by a density: streets (街道) and communities (社区) are built-up, so they are
small for their population; villages and their grids are spread out. Streets sit near the district's centre,
communities near their town's; the other children are numbered round the centre like a clock.

A region is tiled by the children the plan holds (a cut-down plan tiles its district with the towns it kept),
so `first_grids(2)` gives the village two grids that cover it, and the full district ~1,100 grids.

Coordinates are computed in kilometres on a local plane and written as longitude/latitude with 6 decimals
(about 0.1 m); whether they count as WGS84 or GCJ-02 is the site's setting `WANGGE_MAP_COORDINATES`.
`write_geojson()` writes the plan's boundaries as boundaries.geojson (formats.md), which
`wangge import_boundaries` reads back.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
import shapely
from shapely.geometry import Polygon, mapping

from .district import DistrictPlan, iter_regions

# Where each district sits (its seat, lon/lat) and how big it is (km, east–west × north–south).
CENTRES = {"haimen": (121.17, 31.89), "tongzhou": (120.75, 32.10)}  # side by side, not overlapping
SIZE_KM = (40.0, 30.0)
DECIMALS = 6

# People per unit of area, relative: what makes a street or a community small for its population.
STREET_DENSITY = 2.5
COMMUNITY_DENSITY = 3.0

ITERATIONS = 30  # rounds of the power diagram at most
AREA_TOLERANCE = 0.08  # stop when every child's area is within 8 % of its share
STEP = 0.6  # weight change per unit of area error (km²)
ROUGH_VERTICES = 64  # a parent with more is clipped in a simplified copy during the rounds
WIGGLE = {"town": 0.10, "village": 0.09}  # how much the borders between siblings bend

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


class BoundaryRow(NamedTuple):
    code: str
    level: str
    geometry: dict  # GeoJSON Polygon or MultiPolygon, [longitude, latitude]


def iter_boundaries(plan: DistrictPlan) -> Iterator[BoundaryRow]:
    """The district's outline, then every town, village and grid of the plan with its polygon (parents first)."""
    geometries = plan_geometries(plan)
    for region in iter_regions(plan):
        yield BoundaryRow(region.code, region.level, _geojson(geometries[region.code]))


def plan_geometries(plan: DistrictPlan) -> dict[str, Polygon]:
    """{region code: shapely polygon in lon/lat} for every region of the plan."""
    spec = plan.spec
    children: dict[str, list] = defaultdict(list)
    for region in plan.regions:
        if region.parent_code:
            children[region.parent_code].append(region)
    population: dict[str, int] = defaultdict(int)
    community: dict[str, bool] = {}
    for grid in plan.grids:
        for code in (grid.code, grid.code[:12], grid.code[:9]):
            population[code] += grid.population
        community[grid.code[:12]] = grid.community
    names = {r.code: r.name for r in plan.regions}

    def weight_and_centrality(region) -> tuple[float, bool]:
        people = max(population.get(region.code, 0), 1)
        if region.level == "town" and region.name.endswith("街道"):
            return people / STREET_DENSITY, True
        if region.level == "village" and community.get(region.code, region.name.endswith("社区")):
            return people / COMMUNITY_DENSITY, not names.get(region.parent_code, "").endswith("街道")
        return float(people), False

    km: dict[str, Polygon] = {spec.code: district_outline(spec.key)}
    queue = [spec.code]
    while queue:
        code = queue.pop(0)
        kids = sorted(children.get(code, ()), key=lambda r: r.code)
        if not kids:
            continue
        weights, central = zip(*(weight_and_centrality(k) for k in kids), strict=True)
        rng = random.Random(f"wangge-boundary-{spec.key}-{code}-{len(kids)}")
        cells = partition(km[code], list(weights), list(central), rng, WIGGLE.get(kids[0].level, 0.0))
        for kid, cell in zip(kids, cells, strict=True):
            km[kid.code] = cell
            queue.append(kid.code)
    codes = list(km)
    lonlat = dict(zip(codes, _to_lonlat(np.array([km[c] for c in codes], dtype=object),
                                        *CENTRES.get(spec.key, CENTRES["haimen"])), strict=True))
    return _rebuild_from_leaves(lonlat, children)


def write_geojson(plan: DistrictPlan, path) -> Path:
    """boundaries.geojson (formats.md): a FeatureCollection, one feature per region with code, name and level."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = {r.code: r.name for r in plan.regions}
    features = [{"type": "Feature", "properties": {"code": row.code, "name": names[row.code], "level": row.level},
                 "geometry": row.geometry} for row in iter_boundaries(plan)]
    with path.open("w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    return path


# ---------------------------------------------------------------------------------------------- the outline


def district_outline(key: str, vertices: int = 144) -> Polygon:
    """An irregular closed outline (km, centred on 0,0): an ellipse bent by a few slow waves and a little jitter,
    star-shaped from the centre, so always a simple polygon."""
    rng = random.Random(f"wangge-outline-{key}")
    half_w, half_h = SIZE_KM[0] / 2, SIZE_KM[1] / 2
    waves = [(k, rng.uniform(0.03, 0.08) / math.sqrt(k - 1), rng.uniform(0, 2 * math.pi)) for k in range(2, 10)]
    jitter = [rng.uniform(-0.015, 0.015) for _ in range(vertices)]
    points = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        smooth = (jitter[i - 1] + jitter[i] + jitter[(i + 1) % vertices]) / 3
        r = 1 + sum(a * math.cos(k * angle + phase) for k, a, phase in waves) + smooth
        points.append((half_w * r * math.cos(angle), half_h * r * math.sin(angle)))
    return Polygon(points)


# ---------------------------------------------------------------------------------------------- the partition


def partition(parent: Polygon, weights: list[float], central: list[bool], rng: random.Random,
              wiggle: float = 0.0) -> list[Polygon]:
    """Split `parent` into one polygon per weight, areas roughly proportional to the weights, the `central` ones
    nearest the parent's centre; the pieces cover the parent exactly and do not overlap. With `wiggle`, the
    borders between them bend like field edges and streams (sideways by about that share of their length)."""
    n = len(weights)
    if n == 1:
        return [parent]
    total = parent.area
    targets = np.array(weights, dtype=float)
    targets = total * targets / targets.sum()
    sites = _place_sites(parent, central, rng)
    x0, y0, x1, y1 = parent.bounds
    margin = max(x1 - x0, y1 - y0)
    box = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    power = np.zeros(n)
    # The rounds only need areas and centres: a parent with bent borders is clipped in its 50 m simplification,
    # the chosen round once more in full.
    rough = parent.simplify(0.05) if shapely.get_num_coordinates(parent) > ROUGH_VERTICES else parent
    rough = rough if rough.is_valid and not rough.is_empty else parent
    best, best_error = None, math.inf
    for _ in range(ITERATIONS):
        convex = _polygons(_power_cells(sites, power, box))
        cells = shapely.intersection(convex, rough)
        areas = shapely.area(cells)
        if (areas > 0).all():
            error = float((np.abs(areas - targets) / targets).max())
            if error < best_error:
                best, best_error = convex, error
            if error < AREA_TOLERANCE:
                break
        # Move each site to its cell's centre (inside the parent), then let cells that are too small grow.
        present = areas > 0
        xs, ys = sites[:, 0].copy(), sites[:, 1].copy()
        centres = shapely.centroid(cells[present])
        xs[present], ys[present] = shapely.get_x(centres), shapely.get_y(centres)
        outside = present & ~shapely.contains_xy(rough, xs, ys)
        if outside.any():
            inner = shapely.point_on_surface(cells[outside])
            xs[outside], ys[outside] = shapely.get_x(inner), shapely.get_y(inner)
        sites = np.column_stack([xs, ys])
        power = power + STEP * (targets - areas)
        power -= power.mean()
    # The first round is a plain Voronoi diagram of points inside the parent: no cell is empty, so `best` is set.
    assert best is not None
    cells = shapely.intersection(best, parent)
    if not (shapely.area(cells) > 0).all():  # a sliver cell the rough parent kept and the full one does not
        cells = shapely.intersection(_polygons(_power_cells(_place_sites(parent, central, rng), np.zeros(n), box)),
                                     parent)
    cells = _single_parts(list(cells))
    return _wiggle(cells, parent, rng, wiggle) if wiggle else cells


def _place_sites(parent: Polygon, central: list[bool], rng: random.Random) -> np.ndarray:
    """Well-spread random points inside `parent` (best of 12 candidates each), the ones nearest its centre given
    to the central children, the others handed out in code order round the centre."""
    n = len(central)
    x0, y0, x1, y1 = parent.bounds
    points: list[tuple[float, float]] = []
    while len(points) < n:
        candidates = np.array([(rng.uniform(x0, x1), rng.uniform(y0, y1)) for _ in range(48)])
        candidates = candidates[shapely.contains_xy(parent, candidates[:, 0], candidates[:, 1])][:12]
        if not len(candidates):
            continue
        if not points:
            points.append(tuple(candidates[0]))
            continue
        taken = np.array(points)
        nearest = ((candidates[:, None, :] - taken[None, :, :]) ** 2).sum(-1).min(axis=1)
        points.append(tuple(candidates[int(nearest.argmax())]))
    centre = parent.point_on_surface() if not parent.contains(parent.centroid) else parent.centroid
    cx, cy = centre.x, centre.y
    by_distance = sorted(points, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    inner, outer = by_distance[:sum(central)], by_distance[sum(central):]

    def clockwise(ps):
        return sorted(ps, key=lambda p: -math.atan2(p[1] - cy, p[0] - cx))

    inner, outer = clockwise(inner), clockwise(outer)
    return np.array([inner.pop(0) if is_central else outer.pop(0) for is_central in central])


def _power_cells(sites: np.ndarray, power: np.ndarray, box) -> list[list[tuple[float, float]]]:
    """Each site's cell of the power diagram (|x − p|² − w smallest), as a convex polygon inside `box`:
    the box clipped by the half-plane towards every other site, nearest first."""
    x0, y0, x1, y1 = box
    order = np.argsort(((sites[:, None, :] - sites[None, :, :]) ** 2).sum(-1), axis=1)[:, 1:].tolist()
    pts = sites.tolist()
    weights = power.tolist()
    cells = []
    for i, (xi, yi) in enumerate(pts):
        wi, qi = weights[i], xi * xi + yi * yi
        poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        for j in order[i]:
            xj, yj = pts[j]
            a, b = xj - xi, yj - yi
            c = (xj * xj + yj * yj - qi + wi - weights[j]) / 2
            if all(a * x + b * y <= c for x, y in poly):
                continue
            poly = _clip(poly, a, b, c)
            if len(poly) < 3:
                poly = []
                break
        cells.append(poly)
    return cells


def _clip(poly, a: float, b: float, c: float):
    """Sutherland–Hodgman: the part of a convex polygon where a·x + b·y ≤ c."""
    out = []
    px, py = poly[-1]
    p_in = a * px + b * py <= c
    for x, y in poly:
        inside = a * x + b * y <= c
        if inside != p_in:
            d1, d2 = a * px + b * py - c, a * x + b * y - c
            t = d1 / (d1 - d2)
            out.append((px + t * (x - px), py + t * (y - py)))
        if inside:
            out.append((x, y))
        px, py, p_in = x, y, inside
    return out


def _polygons(rings) -> np.ndarray:
    """Shapely polygons from lists of vertices at once (an empty list gives an empty polygon)."""
    coords = [np.asarray(ring + ring[:1], dtype=float) if ring else np.empty((0, 2)) for ring in rings]
    sizes = np.array([len(c) for c in coords])
    ring_offsets = np.concatenate([[0], np.cumsum(sizes)])
    polygon_offsets = np.concatenate([[0], np.cumsum(sizes > 0)])
    flat = np.concatenate(coords) if sizes.sum() else np.empty((0, 2))
    geoms = shapely.from_ragged_array(shapely.GeometryType.POLYGON, flat,
                                      (ring_offsets[np.concatenate([[True], sizes > 0])], polygon_offsets))
    return geoms


def _single_parts(cells: list) -> list[Polygon]:
    """Where clipping to a non-convex parent left a cell in pieces, keep its largest piece and give every other
    piece to the neighbour it shares the longest border with: the cover stays exact, each cell one polygon."""
    mains: list = []
    strays: list = []
    for index, cell in enumerate(cells):
        parts = sorted((p for p in shapely.get_parts(cell) if p.geom_type == "Polygon" and p.area > 0),
                       key=lambda p: -p.area)
        mains.append(parts[0])
        strays += [(index, p) for p in parts[1:]]
    for _ in range(3):  # a piece that touches only other pieces waits for the next round
        waiting = []
        for own, piece in strays:
            edge = piece.boundary
            shared = [(shapely.length(shapely.intersection(edge, m.boundary)), i)
                      for i, m in enumerate(mains) if i != own and piece.distance(m) < 1e-9]
            shared = [s for s in shared if s[0] > 1e-9]
            if not shared:
                waiting.append((own, piece))
                continue
            target = max(shared)[1]
            merged = shapely.union(mains[target], piece)
            mains[target] = max(shapely.get_parts(merged), key=lambda p: p.area) if merged.geom_type != "Polygon" \
                else merged
        strays = waiting
        if not strays:
            break
    return mains


def _wiggle(cells: list[Polygon], parent: Polygon, rng: random.Random, amount: float) -> list[Polygon]:
    """Bend the inner borders of a tiling by midpoint displacement (the parent's outline stays as it is): the
    new linework is noded, its faces go back to the cell they lie in, and each cell is again one polygon."""
    lines = shapely.line_merge(shapely.union_all(shapely.boundary(np.array(cells, dtype=object))))
    outline = parent.boundary
    along_outline = outline.buffer(1e-7)
    shapely.prepare(along_outline)
    bent = []
    for line in shapely.get_parts(lines):
        if along_outline.covers(line):
            bent.append(line)
            continue
        coords = list(line.coords)
        points = [coords[0]]
        shortest = max(0.2, line.length / 12)  # bends at a few scales, not a saw's teeth
        for start, end in zip(coords, coords[1:], strict=False):
            points += _displaced(start, end, rng, amount, shortest)[1:]
        bent.append(shapely.LineString(points))
    noded = shapely.union_all(np.array([*bent, outline], dtype=object))
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    faces = faces[(shapely.area(faces) > 0) & shapely.within(shapely.point_on_surface(faces), parent)]
    shapes = np.array(cells, dtype=object)
    tree = shapely.STRtree(shapes)
    owner = np.full(len(faces), -1)
    face_index, cell_index = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner[face_index[::-1]] = cell_index[::-1]
    lost = np.flatnonzero(owner < 0)
    if len(lost):
        owner[lost] = tree.query_nearest(faces[lost], all_matches=False)[1]
    groups: list[list] = [[] for _ in cells]
    for face, index in zip(faces, owner.tolist(), strict=True):
        groups[index].append(face)
    if any(not g for g in groups):
        return cells  # a border bent across a whole cell: keep the straight borders
    cells = _single_parts([shapely.union_all(g) if len(g) > 1 else g[0] for g in groups])
    return list(shapely.set_precision(np.array(cells, dtype=object), 1e-6))  # no needle-thin spikes left over


def _displaced(start, end, rng: random.Random, amount: float, shortest: float) -> list[tuple[float, float]]:
    """start … end with the midpoint pushed sideways by a random share of the length, recursively."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if length < shortest:
        return [start, end]
    shift = max(-2.0, min(2.0, rng.gauss(0, 1))) * amount * length
    mid = ((x0 + x1) / 2 - (y1 - y0) / length * shift, (y0 + y1) / 2 + (x1 - x0) / length * shift)
    return _displaced(start, mid, rng, amount, shortest)[:-1] + _displaced(mid, end, rng, amount, shortest)


# ---------------------------------------------------------------------------------------------- output


def _to_lonlat(geoms: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    """km on the local plane → longitude/latitude (not yet rounded)."""
    km_per_lon = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
    return shapely.transform(geoms, lambda xy: np.column_stack([lon0 + xy[:, 0] / km_per_lon,
                                                                lat0 + xy[:, 1] / KM_PER_DEG_LAT]))


def _rebuild_from_leaves(geoms: dict[str, Polygon], children: dict[str, list]) -> dict[str, Polygon]:
    """Make every level a clean coverage on the 10⁻⁶° grid: neighbours share their vertices exactly (a grid's
    corner on a village border is a vertex of the grid across it too), so that a map can simplify a level as a
    whole without opening gaps. The leaves (grids) are noded together on the grid and rebuilt from the faces;
    each region above is then the union of its children."""
    leaves = [code for code in geoms if not children.get(code)]
    shapes = shapely.make_valid(np.array([geoms[c] for c in leaves], dtype=object), method="structure",
                                keep_collapsed=False)
    noded = shapely.union_all(shapely.boundary(shapes), grid_size=10 ** -DECIMALS)
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    tree = shapely.STRtree(shapes)
    owner = np.full(len(faces), -1)
    face_index, leaf_index = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner[face_index[::-1]] = leaf_index[::-1]  # a face inside two (a sliver of overlap): the first leaf
    lost = np.flatnonzero(owner < 0)
    if len(lost):  # slivers whose inner point fell on a border: the nearest leaf
        owner[lost] = tree.query_nearest(faces[lost], all_matches=False)[1]
    pieces: dict[int, list] = defaultdict(list)
    for face, leaf in zip(faces, owner.tolist(), strict=True):
        pieces[leaf].append(face)
    rebuilt = [shapely.coverage_union_all(pieces[i]) if len(pieces[i]) > 1 else
               pieces[i][0] if pieces[i] else shapely.set_precision(shapes[i], 10 ** -DECIMALS)
               for i in range(len(leaves))]
    # A cell pinched to a point by the rounding falls in two: its smaller lobe goes to a neighbour.
    result = {code: _one_polygon(geom) for code, geom in zip(leaves, _single_parts(rebuilt), strict=True)}
    # Parents after their children: deepest codes first.
    for code in sorted((c for c in geoms if children.get(c)), key=len, reverse=True):
        kids = [result[k.code] for k in children[code]]
        result[code] = _one_polygon(shapely.coverage_union_all(kids) if len(kids) > 1 else kids[0])
    return {code: result[code] for code in geoms}


def _one_polygon(geom):
    """Rounded to DECIMALS; a Polygon when it is one piece (a union of faces is sometimes a 1-part multi)."""
    geom = shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))
    if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
        geom = geom.geoms[0]
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def _geojson(geom) -> dict:
    """A GeoJSON geometry as plain dicts and lists (what a JSONField stores and json.dump writes)."""
    return json.loads(json.dumps(mapping(geom)))
