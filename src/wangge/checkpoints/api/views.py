"""The checkpoints' API: the registry (read), the check at a gate (formats.md "The checkpoint check"), a device's
batch of checks made offline, and the stored checks (read, masked)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response

from .. import actions
from ..filtersets import CheckFilterSet, CheckpointFilterSet
from ..intake import parse_check
from ..models import Check, Checkpoint
from . import serializers


class CheckpointViewSet(ScopedReadOnlyViewSet):
    queryset = Checkpoint.objects.select_related("region")
    serializer_class = serializers.CheckpointSerializer
    filterset_class = CheckpointFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]+"


class CheckViewSet(ScopedReadOnlyViewSet):
    """Checks made at the checkpoints of the caller's jurisdiction (ID numbers and phones masked)."""

    queryset = Check.objects.select_related("checkpoint")
    serializer_class = serializers.CheckSerializer
    filterset_class = CheckFilterSet


class CheckCreateView(APIView):
    """A check at the gate: the decision of the policy in force, stored with who checked, where and when. 201, or
    200 with the first answer for a resend of the same event id (nothing stored); 400 naming the field; 404 for a
    checkpoint unknown or outside the caller's jurisdiction."""

    permission_required = actions.ADD_CHECK

    @extend_schema(request=serializers.CheckRequestSerializer,
                   responses={201: serializers.CheckAnswerSerializer, 200: serializers.CheckAnswerSerializer,
                              400: OpenApiResponse(description="The field named, and why.")})
    def post(self, request, code: str):
        checkpoint = Checkpoint.objects.restrict(request.user).filter(code=code).first()
        if checkpoint is None:
            raise NotFound(_("No such checkpoint in your jurisdiction."))
        try:
            result = actions.do_record_check(request.user, checkpoint, data=parse_check(request.data))
        except ActionError as exc:
            return refusal_response(exc)
        return Response(result.answer, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class CheckSyncView(APIView):
    """A device's checks made offline, sent when the network is back (the sampling terminals' batch contract):
    each is recorded on its own; accepted, resends (duplicates) and refusals (with reason and field) are listed,
    with the answer of each."""

    permission_required = actions.ADD_CHECK

    @extend_schema(request=serializers.CheckBatchSerializer, responses=serializers.CheckBatchResultSerializer)
    def post(self, request):
        batch = serializers.CheckBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        try:
            result = actions.do_sync_checks(request.user, batch.validated_data["events"])
        except ActionError as exc:
            return refusal_response(exc)
        return Response(result.as_dict())
