"""Region boundaries: checking a GeoJSON geometry, the copy simplified for the screen, the label point, storing.

A boundary is a GeoJSON Polygon or MultiPolygon in longitude/latitude, in the one coordinate system the site
declares in `settings.WANGGE_MAP_COORDINATES` ("wgs84" or "gcj02"). Nothing here converts between the two: a
site imports every boundary (and every map point) in its one system, and the map draws them as they are.

When a boundary is stored, two things are derived from it and kept on the row, so that the map API only reads:
- `boundary_display`: simplified for the screen with the tolerance of the region's level (TOLERANCE). When the
  regions of a level form a clean coverage (neighbours share their border vertices, as GIS exports and the
  synthetic district do), the level is simplified as a whole, so that no gap opens between neighbours;
  otherwise each outline on its own.
- `label_point`: [lon, lat] of the centre of the largest circle inside the region, where its name goes (the
  centroid of a crescent-shaped village lies outside it).
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import shapely
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

POLYGONAL = ("Polygon", "MultiPolygon")
# Degrees (0.0001° ≈ 10 m). A level is drawn on its parent's map — towns on a 40 km district, a village's grids
# on a 2 km village — so the tolerance is about a screen pixel at that scale.
TOLERANCE = {"district": 0.0005, "town": 0.0003, "village": 0.0001, "grid": 0.00002}
DISPLAY_DECIMALS = 5  # ≈ 1 m: enough for a screen, and a third fewer bytes than full precision
LABEL_DECIMALS = 6

# GEOS's reasons (shapely.is_valid_reason) in the words of the rejected-rows file.
VALIDITY_REASONS = {
    "Self-intersection": "边界自相交",
    "Ring Self-intersection": "环自相交",
    "Too few points in geometry component": "组成部分的点数过少",
    "Hole lies outside shell": "内环位于外环之外",
    "Nested holes": "内环相互嵌套",
    "Interior is disconnected": "内部不连通",
    "Nested shells": "多个外环相互嵌套或重叠",
    "Duplicate Rings": "存在重复的环",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环未闭合",
}


class BoundaryProblem(ValueError):
    """Why a geometry cannot be a region's boundary (Chinese: it goes to the rejected-rows file)."""


def check_geometry(geometry):
    """The shapely geometry of a GeoJSON geometry object, 2-D; `BoundaryProblem` if it is not a valid
    Polygon/MultiPolygon in longitude/latitude."""
    if not isinstance(geometry, dict) or not geometry:
        raise BoundaryProblem(_("缺少几何（geometry）"))
    kind = geometry.get("type")
    if kind not in POLYGONAL:
        raise BoundaryProblem(_("几何类型为 %(type)s，应为 Polygon 或 MultiPolygon") % {"type": kind or "空"})
    try:
        geom = shapely.force_2d(shape(geometry))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise BoundaryProblem(_("几何数据格式错误：%(error)s") % {"error": str(exc)[:200] or type(exc).__name__}
                              ) from None
    if geom.is_empty:
        raise BoundaryProblem(_("几何为空"))
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise BoundaryProblem(_("坐标中有非数字的值"))
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        raise BoundaryProblem(_("坐标超出经纬度范围（经度 -180～180，纬度 -90～90）：应为经度、纬度，不是投影坐标"))
    if not geom.is_valid:
        raise BoundaryProblem(_("几何无效：%(reason)s") % {"reason": validity_reason(geom)})
    if geom.area <= 0:
        raise BoundaryProblem(_("几何面积为零"))
    return geom


def validity_reason(geom) -> str:
    """GEOS's reason, in Chinese, with where it is: 边界自相交（位置 121.17, 31.89）."""
    text = shapely.is_valid_reason(geom)
    name, _sep, rest = text.partition("[")
    reason = VALIDITY_REASONS.get(name.strip(), name.strip())
    place = rest.rstrip("]").split()
    if len(place) >= 2:
        try:
            return _("%(reason)s（位置 %(lon).6f, %(lat).6f）") % {
                "reason": reason, "lon": float(place[0]), "lat": float(place[1])}
        except ValueError:
            pass
    return reason


def to_geojson(geom, decimals: int | None = None) -> dict:
    """A GeoJSON geometry of plain dicts and lists (what a JSONField stores), rounded when asked."""
    if decimals is not None:
        geom = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    return json.loads(json.dumps(mapping(geom)))


def label_point(geom) -> list[float]:
    """[lon, lat] inside the region where its name reads best: the centre of its largest inscribed circle
    (of its largest part)."""
    largest = max(shapely.get_parts(geom), key=lambda p: p.area)
    x0, y0, x1, y1 = largest.bounds
    centre = shapely.get_point(shapely.maximum_inscribed_circle(largest, max(x1 - x0, y1 - y0) / 200), 0)
    return [round(centre.x, LABEL_DECIMALS), round(centre.y, LABEL_DECIMALS)]


def display_shapes(geoms: list, level: str) -> list[dict]:
    """The screen copies of one level's outlines: simplified together when they form a clean coverage, one by
    one otherwise; an outline the simplification would empty or break is kept as it is."""
    if not geoms:
        return []
    tolerance = TOLERANCE.get(level, TOLERANCE["grid"])
    originals = np.array(geoms, dtype=object)
    if len(originals) > 1 and shapely.coverage_is_valid(originals):
        simplified = shapely.coverage_simplify(originals, tolerance)
    else:
        simplified = shapely.simplify(originals, tolerance, preserve_topology=True)
    broken = shapely.is_empty(simplified) | ~shapely.is_valid(simplified)
    simplified[broken] = originals[broken]
    return [to_geojson(g, DISPLAY_DECIMALS) for g in simplified]


def boundary_fields(shapes: dict[str, object], levels: dict[str, str]) -> dict[str, dict]:
    """{code: {boundary, boundary_display, label_point}} for outlines given as shapely geometries, the display
    copies simplified level by level among the outlines given."""
    by_level: dict[str, list[str]] = defaultdict(list)
    for code in shapes:
        by_level[levels[code]].append(code)
    fields = {code: {"boundary": to_geojson(geom), "label_point": label_point(geom)} for code, geom in shapes.items()}
    for level, codes in by_level.items():
        for code, display in zip(codes, display_shapes([shapes[c] for c in codes], level), strict=True):
            fields[code]["boundary_display"] = display
    return fields


def store_boundaries(shapes: dict[str, object]) -> tuple[int, int, int]:
    """Store checked outlines on the regions with these codes (the caller's transaction); the screen copies of
    every region of each level touched are simplified again, since neighbours simplify together.
    Returns (set for the first time, replaced, unchanged)."""
    from .models import Region

    created = updated = unchanged = 0
    changed = []
    now = timezone.now()
    codes = list(shapes)
    for start in range(0, len(codes), 500):
        for region in Region.objects.filter(code__in=codes[start:start + 500]).only("pk", "code", "level",
                                                                                   "boundary"):
            geom = shapes[region.code]
            new = to_geojson(geom)
            if region.boundary == new:
                unchanged += 1
                continue
            if region.boundary is None:
                created += 1
            else:
                updated += 1
            region.boundary, region.label_point, region.updated = new, label_point(geom), now
            changed.append(region)
    Region.objects.bulk_update(changed, ["boundary", "label_point", "updated"], batch_size=200)
    refresh_display({r.level for r in changed})
    return created, updated, unchanged


def refresh_display(levels) -> int:
    """Simplify again the screen copies of every region of `levels` that has a boundary; the number of rows."""
    from .models import Region

    count = 0
    for level in levels:
        rows = list(Region.objects.filter(level=level, boundary__isnull=False).only("pk", "boundary")
                    .order_by("code"))
        geoms = [shape(r.boundary) for r in rows]
        for row, display in zip(rows, display_shapes(geoms, level), strict=True):
            row.boundary_display = display
        Region.objects.bulk_update(rows, ["boundary_display"], batch_size=200)
        count += len(rows)
    return count


def read_feature_collection(path) -> list:
    """The features of a GeoJSON FeatureCollection file; `FileError` (one line, Chinese) when the file is
    missing, empty, not JSON, or not a FeatureCollection."""
    from pathlib import Path

    from wangge.core.imports import FileError

    path = Path(path)
    if not path.is_file():
        raise FileError(_("文件不存在：%(path)s") % {"path": path})
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileError(_("无法读取文件：%(path)s（%(error)s）") % {"path": path, "error": exc.strerror}) from None
    if not raw.strip():
        raise FileError(_("文件为空"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError(_("无法识别文件编码：GeoJSON 应为 UTF-8 编码"))
    try:
        data = json.loads(text)
    except ValueError as exc:
        where = (_("第 %(line)d 行第 %(column)d 列：") % {"line": exc.lineno, "column": exc.colno}
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise FileError(_("文件不是有效的 JSON：%(where)s%(error)s")
                        % {"where": where, "error": getattr(exc, "msg", str(exc))}) from None
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection":
        raise FileError(_("文件不是 GeoJSON FeatureCollection（type 为 %(type)s）") % {"type": kind or "空"})
    features = data.get("features")
    if not isinstance(features, list):
        raise FileError(_("FeatureCollection 缺少 features 列表"))
    return features
