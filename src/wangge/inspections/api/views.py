"""The inspections' API: inspections, findings, checklists, closure notices and deliveries (read, scoped), and
closing a finding."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response

from .. import actions
from ..filtersets import ChecklistFilterSet, DeliveryFilterSet, FindingFilterSet, InspectionFilterSet, NoticeFilterSet
from ..models import Checklist, Delivery, Finding, Inspection, Notice
from . import serializers


class InspectionViewSet(ScopedReadOnlyViewSet):
    queryset = Inspection.objects.select_related("enterprise").prefetch_related("results__item")
    serializer_class = serializers.InspectionSerializer
    filterset_class = InspectionFilterSet


class FindingViewSet(ScopedReadOnlyViewSet):
    queryset = Finding.objects.select_related("enterprise", "item")
    serializer_class = serializers.FindingSerializer
    filterset_class = FindingFilterSet


class ChecklistViewSet(ScopedReadOnlyViewSet):
    queryset = Checklist.objects.prefetch_related("items")
    serializer_class = serializers.ChecklistSerializer
    filterset_class = ChecklistFilterSet


class NoticeViewSet(ScopedReadOnlyViewSet):
    queryset = Notice.objects.prefetch_related("venues")
    serializer_class = serializers.NoticeSerializer
    filterset_class = NoticeFilterSet


class DeliveryViewSet(ScopedReadOnlyViewSet):
    queryset = Delivery.objects.select_related("enterprise")
    serializer_class = serializers.DeliverySerializer
    filterset_class = DeliveryFilterSet


class FindingCloseView(APIView):
    """Close a finding (fixed): 200 with the finding; 400 naming the field; 404 outside the jurisdiction."""

    permission_required = "inspections.change_finding"

    @extend_schema(request=serializers.CloseSerializer,
                   responses={200: serializers.FindingSerializer,
                              400: OpenApiResponse(description="The field named, and why.")})
    def post(self, request, pk: int):
        finding = Finding.objects.restrict(request.user).filter(pk=pk).first()
        if finding is None:
            raise NotFound(_("Not found or outside your jurisdiction."))
        try:
            finding = actions.do_close_finding(request.user, finding, note=str(request.data.get("note", "")))
        except ActionError as exc:
            return refusal_response(exc)
        return Response(serializers.FindingSerializer(finding).data)
