"""The joint-punishment API: cases (read, masked, with their steps), the measures a department must apply (read),
and a department's report of its measure."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response

from .. import actions, selectors
from ..filtersets import MeasureFilterSet, ViolationCaseFilterSet
from ..models import Measure, ViolationCase
from . import serializers


class ViolationCaseViewSet(ScopedReadOnlyViewSet):
    queryset = ViolationCase.objects.select_related("region").prefetch_related("steps")
    serializer_class = serializers.ViolationCaseSerializer
    filterset_class = ViolationCaseFilterSet


class MeasureViewSet(ScopedReadOnlyViewSet):
    """The measures of parties under punishment: a department handler sees only their department's."""

    queryset = Measure.objects.select_related("case", "department")
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilterSet
    permission_required = "enforcement.view_punishedparty"

    def get_queryset(self):
        return selectors.punished_measures(self.request.user).select_related("case", "department")

    @extend_schema(request=serializers.MeasureReportSerializer, responses=serializers.MeasureSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        measure = self.get_queryset().filter(pk=pk).first() if str(pk).isdigit() else None
        if measure is None:
            raise NotFound
        body = serializers.MeasureReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            measure = actions.do_report_measure(request.user, measure, **body.validated_data)
        except ActionError as exc:
            return refusal_response(exc)
        return Response(serializers.MeasureSerializer(measure).data)
