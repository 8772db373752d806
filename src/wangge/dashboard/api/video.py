"""The monitoring points' API: the scoped list (with each point's online state), a GeoJSON layer for the map, and
the heartbeat the video platform sends for each camera."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.accounts.roles import MONITORING_HEARTBEAT, VIEW_MONITORING
from wangge.core import clock
from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response
from wangge.core.querysets import within_code
from wangge.regions import codes

from .. import actions, monitoring
from ..choices import PointKind, PointStatus
from ..filtersets import MonitoringPointFilterSet
from ..models import MonitoringPoint


class MonitoringPointSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    stream_type = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField()
    offline_minutes = serializers.SerializerMethodField()
    status_text = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringPoint
        fields = ["code", "name", "kind", "kind_label", "region_code", "region_name", "sampling_site", "stream_url",
                  "stream_type", "lat", "lon", "active", "online", "offline_minutes", "status_text",
                  "last_heartbeat_at", "last_status", "last_online_at", "url"]
        read_only_fields = fields

    def _now(self):
        # One moment for every row of the answer.
        return self.context.setdefault("now", clock.now())

    def get_stream_type(self, point) -> str:
        return "hls" if point.is_hls else "video"

    def get_online(self, point) -> bool:
        return monitoring.is_online(point, self._now())

    def get_offline_minutes(self, point) -> int | None:
        return monitoring.offline_minutes(point, self._now())

    def get_status_text(self, point) -> str:
        return str(monitoring.status_text(point, self._now()))

    def get_url(self, point) -> str:
        return reverse("dashboard:point", args=[point.code])


class HeartbeatSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PointStatus.choices, required=False, default=PointStatus.ONLINE,
                                     help_text=_("online (default) or offline"))
    at = serializers.DateTimeField(required=False, help_text=_(
        "when the platform saw the stream (ISO 8601; without an offset China Standard Time); default: now"))


class HeartbeatAnswerSerializer(serializers.Serializer):
    code = serializers.CharField()
    online = serializers.BooleanField()
    last_status = serializers.CharField()
    last_heartbeat_at = serializers.DateTimeField()
    last_online_at = serializers.DateTimeField(allow_null=True)
    offline_minutes = serializers.IntegerField(allow_null=True)
    status_text = serializers.CharField()


class MonitoringPointViewSet(ScopedReadOnlyViewSet):
    """The monitoring points of the caller's jurisdiction. `online` is worked out at the moment of the answer
    (a heartbeat within WANGGE_MONITORING_OFFLINE_MINUTES, default 5)."""

    queryset = MonitoringPoint.objects.select_related("region")
    serializer_class = MonitoringPointSerializer
    filterset_class = MonitoringPointFilterSet
    lookup_field = "code"
    action_permissions = {"heartbeat": MONITORING_HEARTBEAT, "geojson": VIEW_MONITORING}

    def get_queryset(self):
        return super().get_queryset().order_by("region_code", "code")

    @extend_schema(request=HeartbeatSerializer, responses=HeartbeatAnswerSerializer)
    @action(detail=True, methods=["post"])
    def heartbeat(self, request, code=None):
        """The video platform reports the camera's stream online (default) or offline; an unknown code, or a point
        outside the caller's jurisdiction, is a 404. A heartbeat older than the last one changes nothing."""
        point = self.get_object()
        data = request.data if request.data not in (None, "") else {}
        body = HeartbeatSerializer(data=data)
        body.is_valid(raise_exception=True)
        try:
            point = actions.do_record_heartbeat(request.user, point, status=body.validated_data["status"],
                                                at=body.validated_data.get("at"))
        except ActionError as exc:
            return refusal_response(exc)
        now = clock.now()
        return Response(HeartbeatAnswerSerializer({
            "code": point.code, "online": monitoring.is_online(point, now), "last_status": point.last_status,
            "last_heartbeat_at": point.last_heartbeat_at, "last_online_at": point.last_online_at,
            "offline_minutes": monitoring.offline_minutes(point, now),
            "status_text": str(monitoring.status_text(point, now))}).data)

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("region", str, description="region code inside your jurisdiction (default: yours)"),
        OpenApiParameter("kind", str, enum=PointKind.values)])
    @action(detail=False)
    def geojson(self, request):
        """The active points of a region with coordinates as a GeoJSON FeatureCollection of Points (for the map);
        properties: code, name, kind, kind_label, online, status_text, stream_url, url. A region outside the
        jurisdiction is a 404."""
        region = codes.page_region(request)
        points = within_code(MonitoringPoint.objects.restrict(request.user).filter(active=True), region.code)
        kind = (request.query_params.get("kind") or "").strip()
        if kind:
            if kind not in PointKind.values:
                return Response({"kind": [_("Unknown kind.")]}, status=400)
            points = points.filter(kind=kind)
        points = points.filter(lat__isnull=False, lon__isnull=False).order_by("region_code", "code")
        now = clock.now()
        features = [{
            "type": "Feature",
            "id": point.code,
            "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
            "properties": {"code": point.code, "name": point.name, "kind": point.kind,
                           "kind_label": str(point.get_kind_display()), "region_code": point.region_code,
                           "online": monitoring.is_online(point, now),
                           "status_text": str(monitoring.status_text(point, now)),
                           "stream_url": point.stream_url, "stream_type": "hls" if point.is_hls else "video",
                           "url": reverse("dashboard:point", args=[point.code])},
        } for point in points]
        return Response({"type": "FeatureCollection", "region": region.code, "features": features})
