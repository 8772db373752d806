from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response
from wangge.core.ids import InvalidID, normalize_id
from wangge.regions.codes import page_region

from .. import actions, selectors
from ..filtersets import (
    CampaignFilterSet,
    SampleFilterSet,
    SamplingSiteFilterSet,
    TerminalFilterSet,
    TubeFilterSet,
)
from ..models import Campaign, Sample, SamplingSite, TemporaryControl, Terminal, Tube
from ..selectors import campaign_region_code
from . import serializers


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = Campaign.objects.select_related("region")
    serializer_class = serializers.CampaignSerializer
    filterset_class = CampaignFilterSet

    @extend_schema(parameters=[OpenApiParameter("region", str)])
    @action(detail=True)
    def coverage(self, request, pk=None):
        """Residents to test, sampled and not yet sampled per child region; tube counts."""
        # Not self.get_object(): the FilterSet's `region` filter is about campaigns, not the drill-down region.
        campaign = get_object_or_404(Campaign.objects.restrict(request.user), pk=pk)
        try:
            region = page_region(request, default=campaign_region_code(request.user, campaign))
        except Http404:
            raise NotFound() from None
        rows, total = selectors.coverage(request.user, campaign, region)
        return Response({"region": region.code, "rows": rows, "total": total,
                         "tubes": selectors.tube_counts(request.user, campaign, region)})


class SamplingSiteViewSet(ScopedReadOnlyViewSet):
    queryset = SamplingSite.objects.all()
    serializer_class = serializers.SamplingSiteSerializer
    filterset_class = SamplingSiteFilterSet


class TerminalViewSet(ScopedReadOnlyViewSet):
    queryset = Terminal.objects.all()
    serializer_class = serializers.TerminalSerializer
    filterset_class = TerminalFilterSet


class TubeViewSet(ScopedReadOnlyViewSet):
    queryset = Tube.objects.all()
    serializer_class = serializers.TubeSerializer
    filterset_class = TubeFilterSet
    lookup_field = "barcode"


class SampleViewSet(ScopedReadOnlyViewSet):
    queryset = Sample.objects.select_related("tube")
    serializer_class = serializers.SampleSerializer
    filterset_class = SampleFilterSet


class TemporaryControlViewSet(ScopedReadOnlyViewSet):
    queryset = TemporaryControl.objects.select_related("tube", "sample")
    serializer_class = serializers.TemporaryControlSerializer


class SyncView(APIView):
    """A terminal's batch of offline scan events. Idempotent: a resent event is acknowledged, not applied twice;
    a bad event is rejected with its reason and the rest of the batch is kept."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=serializers.SyncBatchSerializer, responses=serializers.SyncResultSerializer)
    def post(self, request):
        batch = serializers.SyncBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        try:
            result = actions.do_sync_batch(request.user, batch.validated_data["terminal"],
                                           batch.validated_data["events"])
        except ActionError as exc:
            return refusal_response(exc)
        return Response(result.as_dict())


class ScanView(APIView):
    """One scan event per request (terminals that are online)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=serializers.ScanEventSerializer, responses=serializers.SyncResultSerializer)
    def post(self, request):
        event = dict(request.data.items()) if hasattr(request.data, "items") else {}
        if not event.get("terminal"):
            raise ValidationError({"terminal": [_("This field is required.")]})
        try:
            result = actions.do_sync_batch(request.user, event["terminal"], [event])
        except ActionError as exc:
            return refusal_response(exc)
        if not result.rejected:
            return Response(result.as_dict())
        # A refused scan: 409 when the state forbids it (a finished campaign, a full tube), else 400; the field and
        # the person are named.
        body = result.as_dict()
        first = result.rejected[0]
        if first.get("field"):
            body[first["field"]] = [first["reason"]]
        return Response(body, status=max(r.get("status", 400) for r in result.rejected))


class ResultsView(APIView):
    """Lab results by tube barcode; positive or invalid pools put their members under temporary control."""

    @extend_schema(request=serializers.ResultBatchSerializer, responses=serializers.ResultSummarySerializer)
    def post(self, request):
        if not request.user.has_perm("labtests.change_tube"):
            raise NotFound()
        batch = serializers.ResultBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        rows = [actions.ResultRow(**row) for row in batch.validated_data["results"]]
        try:
            summary = actions.do_record_results(request.user, rows)
        except ActionError as exc:
            return refusal_response(exc)
        return Response(serializers.ResultSummarySerializer(summary).data)


class LatestNegativeView(APIView):
    """A person's latest negative result and its age in hours (checkpoints: "negative within 48 h")."""

    @extend_schema(parameters=[OpenApiParameter("id_number", str, required=True)],
                   responses=serializers.LatestNegativeSerializer)
    def get(self, request):
        try:
            id_number = normalize_id(request.query_params.get("id_number", ""))
        except InvalidID as exc:
            raise ValidationError({"id_number": [str(exc)]}) from None
        if not Sample.objects.restrict(request.user).filter(id_number=id_number).exists():
            return Response({"tested_at": None, "age_hours": None})
        found = selectors.latest_negative(id_number)
        tested_at, age = found if found else (None, None)
        return Response(serializers.LatestNegativeSerializer({"tested_at": tested_at, "age_hours": age}).data)
