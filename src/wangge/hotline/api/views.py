import datetime

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.accounts.roles import HOTLINE_CENTRE
from wangge.core import clock
from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import ActionError, refusal_response
from wangge.core.ids import mask_phone
from wangge.core.models import AccessKind, log_access

from .. import actions, kpis
from ..filtersets import WorkOrderFilterSet
from ..models import Category, Department, WorkOrder
from ..selectors import order_by_number, orders_for
from ..suggest_api import suggestions
from .serializers import (
    CategorySerializer,
    DepartmentSerializer,
    IntakeSerializer,
    TransitionSerializer,
    WorkOrderDetailSerializer,
    WorkOrderSerializer,
)


def transition_kwargs(name: str, data: dict) -> dict:
    """The keyword arguments action `name` takes, from the validated transition body."""
    note = data.get("note", "")
    return {
        "answer_directly": {"answer": data.get("answer", "")},
        "queue": {"note": note},
        "dispatch": {"department": data.get("department") or None, "note": note,
                     "category": data.get("category") or None},
        "sign": {"note": note},
        "reply": {"answer": data.get("answer", "")},
        "return_order": {"reason": data.get("reason", "")},
        "request_extension": {"until": data.get("until"), "reason": data.get("reason", "")},
        "approve_extension": {"until": data.get("until"), "note": note},
        "reject_extension": {"note": note},
        "urge": {"note": note},
        "supervise": {"note": note},
        "accept_reply": {"note": note},
        "callback": {"satisfaction": data.get("satisfaction", ""), "note": note},
        "close": {"note": note},
        "redo": {"reason": data.get("reason", "")},
    }[name]


def intake_result(order: WorkOrder) -> dict:
    """The compact answer to an intake (operators register hundreds of orders an hour; the full detail is one
    GET away)."""
    return {"id": order.pk, "number": order.number, "state": order.state, "category": order.category.code,
            "region_code": order.region_code, "department": order.department.code if order.department_id else None,
            "received_at": order.received_at, "due_at": order.due_at, "caller_phone": mask_phone(order.caller_phone),
            "duplicate_of": order.duplicate_of.number if order.duplicate_of_id else None}


class WorkOrderViewSet(ScopedReadOnlyViewSet):
    """Work orders in the caller's scope; POST registers one (intake); POST {id}/{action}/ moves it on.
    `?reveal=1` shows full phone numbers to users allowed to (logged)."""

    queryset = WorkOrder.objects.select_related("category", "department", "duplicate_of")
    serializer_class = WorkOrderSerializer
    filterset_class = WorkOrderFilterSet
    # Each transition's action checks the centre's or the department's permission itself.
    action_permissions = {"transition": "hotline.view_workorder"}

    def get_serializer_class(self):
        return WorkOrderDetailSerializer if self.action == "retrieve" else WorkOrderSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        request = self.request
        # Only ask for the permission when a reveal is requested (has_perm costs queries on every request).
        context["reveal"] = bool(request and request.query_params.get("reveal") and request.user.can_reveal)
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.get_serializer_context()["reveal"]:
            log_access(AccessKind.REVEAL, WorkOrder, fields="caller_phone", masked=False,
                       count=len(response.data.get("results", [])), query=request.get_full_path())
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.get_serializer_context()["reveal"]:
            log_access(AccessKind.REVEAL, self.get_object(), fields="caller_phone", masked=False)
        return response

    @extend_schema(request=IntakeSerializer, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        duplicate = fields.pop("duplicate_of", "")
        if duplicate:
            fields["duplicate_of"] = order_by_number(request.user, duplicate)
            if fields["duplicate_of"] is None:
                raise ValidationError({"duplicate_of": [_("Unknown work order %(number)s.") % {"number": duplicate}]})
        if not fields.get("department"):
            fields.pop("department", None)
        try:
            order = actions.do_intake(request.user, **fields)
        except ActionError as exc:
            return refusal_response(exc)
        return Response(intake_result(order), status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="hotline_orders_transition", request=TransitionSerializer,
                   responses=WorkOrderDetailSerializer,
                   parameters=[OpenApiParameter("transition", str, OpenApiParameter.PATH,
                                                enum=sorted(actions.ACTIONS))])
    @action(detail=True, methods=["post"], url_path=r"(?P<transition>[a-z_]+)",
            serializer_class=TransitionSerializer)
    def transition(self, request, pk=None, transition=None):
        """Run one transition of the state machine (dispatch, sign, reply, return_order, …)."""
        if transition not in actions.ACTIONS:
            return Response({"detail": _("Unknown action %(name)s.") % {"name": transition}},
                            status=status.HTTP_404_NOT_FOUND)
        order = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kwargs = transition_kwargs(transition, body.validated_data)
        try:
            order = actions.ACTIONS[transition](request.user, order, **kwargs)
        except ActionError as exc:
            return refusal_response(exc)
        return Response(WorkOrderDetailSerializer(order, context=self.get_serializer_context()).data)


class CategoryViewSet(ScopedReadOnlyViewSet):
    queryset = Category.objects.select_related("parent")
    serializer_class = CategorySerializer
    lookup_field = "code"


class DepartmentViewSet(ScopedReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    lookup_field = "code"


def parse_period(params) -> tuple[datetime.datetime, datetime.datetime]:
    try:
        start = datetime.date.fromisoformat(params.get("start", ""))
        end = datetime.date.fromisoformat(params.get("end", "")) if params.get("end") else start + datetime.timedelta(
            days=1)
    except ValueError:
        raise ValidationError({"start": [_("Give start (and end) as YYYY-MM-DD.")]}) from None
    if end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    return clock.start_of(start), clock.start_of(end)


class KpiView(APIView):
    """KPIs for [start, end) (dates, end exclusive), grouped by department, category or nothing (total)."""

    permission_required = "hotline.view_workorder"

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, required=True), OpenApiParameter("end", OpenApiTypes.DATE),
        OpenApiParameter("group_by", str, enum=["department", "category", "total"])])
    def get(self, request):
        start, end = parse_period(request.query_params)
        group = request.query_params.get("group_by", "department") or None
        if group not in ("department", "category", "total", None):
            raise ValidationError({"group_by": [_("Use department, category or total.")]})
        group = None if group == "total" else group
        orders = orders_for(request.user)
        rows = kpis.compute(start, end, group, orders=orders)
        return Response({"start": start, "end": end, "group_by": group or "total",
                         "definitions": kpis.definitions(), "rows": [r.as_dict() for r in rows],
                         "total": kpis.total(start, end, orders=orders).as_dict()})


class SuggestView(APIView):
    """Intake suggestions as the operator types: knowledge articles, categories, departments, duplicates."""

    permission_required = HOTLINE_CENTRE

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter(name, str) for name in ("content", "category", "region", "phone")])
    def get(self, request):
        return Response(suggestions(request.user, request.query_params))
