"""The map's outlines: the regions of one level inside a region, as GeoJSON for ECharts' `registerMap`.

The outlines come already simplified for the screen (`Region.boundary_display`, made when a boundary is stored,
regions/boundaries.py), so an answer is one indexed read: the ~1,100 grids of a district are sent as their stored
JSON text, never parsed and re-encoded. Regions of the level without a boundary are listed in `missing`, so that
the page can say what the map lacks instead of silently showing a hole.
"""

import json

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from wangge.accounts.roles import COMMAND_CENTRE
from wangge.core.querysets import within_code
from wangge.regions import codes
from wangge.regions.models import Region

from ..params import BadParameter, level_param


def map_payload_parts(user, region: Region, level: str) -> tuple[dict, list[str]]:
    """(the answer without its features, the features as JSON texts) for the regions of `level` inside
    `region` that `user` may see."""
    regions = Region.objects.restrict(user).filter(level=level)
    regions = within_code(regions, region.code) if level != region.level else regions.filter(pk=region.pk)
    rows = (regions.order_by("code")
            .annotate(shape=Cast("boundary_display", TextField()), label=Cast("label_point", TextField()))
            .values_list("code", "name", "shape", "label"))
    features, missing = [], []
    for code, name, shape, label in rows:
        if not shape or shape == "null":
            missing.append({"code": code, "name": name})
            continue
        properties = {"code": code, "name": name, "level": level, "parent": codes.parent_code(code) or ""}
        if label and label != "null":
            properties["cp"] = json.loads(label)  # ECharts puts the region's label at `cp`
        head = json.dumps({"type": "Feature", "id": code, "properties": properties}, ensure_ascii=False)
        features.append(f'{head[:-1]},"geometry":{shape}}}')
    head = {"type": "FeatureCollection",
            "region": {"code": region.code, "name": region.name, "level": region.level},
            "level": level, "coordinates": settings.WANGGE_MAP_COORDINATES, "missing": missing}
    return head, features


def map_json(user, region: Region, level: str) -> str:
    head, features = map_payload_parts(user, region, level)
    return json.dumps(head, ensure_ascii=False)[:-1] + ',"features":[' + ",".join(features) + "]}"


class MapView(APIView):
    """GeoJSON FeatureCollection of the regions of `level` (town, village or grid; default the region's children)
    inside `region` (default: your own), simplified for the screen; properties code, name, level, parent and
    `cp` (where the name goes). `missing` lists the regions of the level that have no boundary yet. A region
    outside your jurisdiction is a 404."""

    permission_required = COMMAND_CENTRE

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("region", str, description=str(_("region code inside your jurisdiction (default: yours)"))),
        OpenApiParameter("level", str, enum=["district", "town", "village", "grid"])])
    def get(self, request):
        region = codes.page_region(request)
        try:
            level = level_param(request.query_params, region)
        except BadParameter as exc:
            raise ValidationError({exc.field: [exc.message]}) from None
        response = HttpResponse(map_json(request.user, region, level), content_type="application/json")
        response["Cache-Control"] = "private, max-age=300"  # outlines change with an import, not by the minute
        return response
