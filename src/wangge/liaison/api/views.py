"""The liaison API: scoped reads of assignments, visits and problems; the enterprises' help requests (海企通) as
each caller may see them (an enterprise account: its own), and filing one."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response
from wangge.core.permissions import RolePermission
from wangge.enterprises.helpdesk import actions as helpdesk
from wangge.enterprises.helpdesk.selectors import VIEW, help_requests_for

from ..filtersets import AssignmentFilterSet, ProblemFilterSet, VisitFilterSet
from ..models import Assignment, Problem, Visit
from . import serializers


class AssignmentViewSet(ScopedReadOnlyViewSet):
    queryset = Assignment.objects.select_related("enterprise", "cadre")
    serializer_class = serializers.AssignmentSerializer
    filterset_class = AssignmentFilterSet


class VisitViewSet(ScopedReadOnlyViewSet):
    queryset = Visit.objects.select_related("enterprise").prefetch_related("materials", "problems")
    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet


class ProblemViewSet(ScopedReadOnlyViewSet):
    queryset = Problem.objects.all()
    serializer_class = serializers.ProblemSerializer
    filterset_class = ProblemFilterSet


class HelpRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.HelpRequestSerializer
    permission_classes = [IsAuthenticated, RolePermission]
    permission_required = VIEW
    action_permissions = {"create": helpdesk.ASK}

    def get_queryset(self):
        return (help_requests_for(self.request.user).select_related("enterprise", "category", "department")
                .prefetch_related("events").order_by("-received_at", "-id"))

    def get_serializer_class(self):
        return serializers.HelpRequestInputSerializer if self.action == "create" else super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        data = serializers.HelpRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            order = helpdesk.do_file_request(request.user, **data.validated_data)
        except ActionError as exc:
            return refusal_response(exc)
        return Response(serializers.HelpRequestSerializer(order).data, status=201)
