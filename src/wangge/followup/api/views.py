from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin
from wangge.core.errors import ActionError, refusal_response

from .. import actions
from ..filtersets import FollowUpFilterSet, TaskFilterSet, VisitFilterSet
from ..models import FollowUp, Task, Visit
from . import serializers as s

_refusal = refusal_response


class ActionMixin:
    """POST /…/{id}/<action>/: parse the body, call the action (which re-checks scope and state inside its
    transaction), answer the new state — or 404 / 409 / 400 with nothing changed."""

    def run_action(self, request, func, input_serializer=None, **extra):
        obj = self.get_object()
        data = {}
        if input_serializer is not None:
            parsed = input_serializer(data=request.data, context=self.get_serializer_context())
            parsed.is_valid(raise_exception=True)
            data = dict(parsed.validated_data)
        try:
            state = func(request.user, obj, **data, **extra)
        except ActionError as exc:
            return _refusal(exc)
        return Response({"id": obj.pk, **state.as_dict()})


class FollowUpViewSet(ActionMixin, ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People under follow-up in the caller's jurisdiction; POST opens one by hand."""

    queryset = FollowUp.objects.select_related("grid").prefetch_related("phases")
    serializer_class = s.FollowUpSerializer
    filterset_class = FollowUpFilterSet

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.FollowUpDetailSerializer
        if self.action == "create":
            return s.FollowUpCreateSerializer
        return super().get_serializer_class()

    @extend_schema(request=s.FollowUpCreateSerializer, responses={201: s.FollowUpDetailSerializer})
    def create(self, request, *args, **kwargs):
        parsed = s.FollowUpCreateSerializer(data=request.data, context=self.get_serializer_context())
        parsed.is_valid(raise_exception=True)
        try:
            followup = actions.do_open_followup(request.user, **parsed.validated_data)
        except ActionError as exc:
            return _refusal(exc)
        return Response(s.FollowUpDetailSerializer(followup, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TransferSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def transfer(self, request, *args, **kwargs):
        """Transferred to centralized isolation (the follow-up closes) or to the fever clinic."""
        return self.run_action(request, actions.do_transfer, s.TransferSerializer)

    @extend_schema(request=s.NoteSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], url_path="moved-out", filterset_class=None, pagination_class=None)
    def moved_out(self, request, *args, **kwargs):
        """Moved out of the district: the follow-up closes."""
        return self.run_action(request, actions.do_move_out, s.NoteSerializer)

    @extend_schema(request=s.NoteSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def complete(self, request, *args, **kwargs):
        """Complete the measure by hand."""
        return self.run_action(request, actions.do_complete, s.NoteSerializer)


class TaskViewSet(ActionMixin, ScopedReadOnlyViewSet):
    """Tasks the caller's jurisdiction is responsible for; POST an outcome to one of the actions."""

    queryset = Task.objects.select_related("followup")
    serializer_class = s.TaskSerializer
    filterset_class = TaskFilterSet

    @extend_schema(request=s.VerifySerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def verify(self, request, *args, **kwargs):
        return self.run_action(request, actions.do_verify, s.VerifySerializer)

    @extend_schema(request=s.NoteSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], url_path="deliver-notice", filterset_class=None, pagination_class=None)
    def deliver_notice(self, request, *args, **kwargs):
        return self.run_action(request, actions.do_deliver_notice, s.NoteSerializer)

    @extend_schema(request=s.VisitInputSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def visit(self, request, *args, **kwargs):
        return self.run_action(request, actions.do_record_visit, s.VisitInputSerializer)

    @extend_schema(request=s.NatInputSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def nat(self, request, *args, **kwargs):
        return self.run_action(request, actions.do_record_nat, s.NatInputSerializer)

    @extend_schema(request=s.NoteSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], url_path="clear-alert", filterset_class=None, pagination_class=None)
    def clear_alert(self, request, *args, **kwargs):
        """A fever alert checked on the spot, no transfer needed (the reason in `note`)."""
        return self.run_action(request, actions.do_clear_alert, s.NoteSerializer)

    @extend_schema(request=s.NoteSerializer, responses=s.NewStateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def unreachable(self, request, *args, **kwargs):
        return self.run_action(request, actions.do_mark_unreachable, s.NoteSerializer)


class VisitViewSet(ScopedReadOnlyViewSet):
    """Visits to people under follow-up in the caller's jurisdiction."""

    queryset = Visit.objects.all()
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilterSet
