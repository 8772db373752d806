"""The figures behind the command-centre pages, for the map, the big screen and outside screens."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.accounts.roles import COMMAND_CENTRE
from wangge.regions import codes

from ..levels import LevelView, level_figures
from ..params import BadParameter, day_param, keys_param, level_param


def _parsed(request, *, with_level: bool):
    region = codes.page_region(request)
    try:
        day = day_param(request.query_params)
        keys = keys_param(request.query_params)
        level = level_param(request.query_params, region) if with_level else None
    except BadParameter as exc:
        raise ValidationError({exc.field: [exc.message]}) from None
    return region, day, keys, level


_PARAMS = [OpenApiParameter("region", str), OpenApiParameter("day", OpenApiTypes.DATE),
           OpenApiParameter("indicators", str, description="comma-separated indicator keys; default all")]


class FiguresView(APIView):
    """Every region of `level` inside `region` with the indicators' values on `day` (what the map colours)."""

    permission_required = COMMAND_CENTRE

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        *_PARAMS, OpenApiParameter("level", str, enum=["town", "village", "grid"])])
    def get(self, request):
        region, day, keys, level = _parsed(request, with_level=True)
        return Response(level_figures(request.user, region, level, day, keys))


class ScreenDataView(APIView):
    """The big screen's figures for a region: key figures with yesterday's, the sections by child region, the
    14-day trends and the time they were computed; the screen polls it."""

    permission_required = COMMAND_CENTRE

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=_PARAMS)
    def get(self, request):
        region, day, keys, _level = _parsed(request, with_level=False)
        view = LevelView(request.user, region, day, keys)
        return Response(screen_payload(view))


def screen_payload(view: LevelView) -> dict:
    sections = [{"key": s["key"], "label": str(s["label"]),
                 "columns": [{"key": c.key, "label": str(c.label), "unit": c.display_unit} for c in s["columns"]],
                 "rows": [{"code": r["code"], "name": r["name"], "values": [c["value"] for c in r["cells"]]}
                          for r in s["rows"]],
                 "total": [c["value"] for c in s["total"]]} for s in view.sections()]
    return {**view.as_json(), "sections": sections, "trends": view.trends(),
            "actions": [{**a, "label": str(a["label"])} for a in view.actions()]}
