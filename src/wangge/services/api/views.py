"""The services API: scoped reads of every register; orders entered and walked through their life by actions (a
step out of order answers 409 with the reason, bad input 400 naming the field)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import Invalid, NotFound
from wangge.people.models import Resident

from .. import actions
from ..filtersets import (
    AttendanceFilterSet,
    JobPostingFilterSet,
    JobSeekerFilterSet,
    OrderFilterSet,
    PlacementFilterSet,
    ServiceItemFilterSet,
    TrainingFilterSet,
)
from ..models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training
from . import serializers


class ServiceItemViewSet(ScopedReadOnlyViewSet):
    queryset = ServiceItem.objects.select_related("team")
    serializer_class = serializers.ServiceItemSerializer
    filterset_class = ServiceItemFilterSet


def _scoped(model, user, pk, field):
    if pk is None:
        return None
    obj = model.objects.restrict(user).filter(pk=pk).first()
    if obj is None:
        raise Invalid(_("Not found or outside your jurisdiction."), field=field)
    return obj


class OrderViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Order.objects.select_related("item", "resident", "team", "volunteer")
    serializer_class = serializers.OrderSerializer
    filterset_class = OrderFilterSet
    action_permissions = {"take": actions.TAKE_PERM, "done": actions.TAKE_PERM, "rate": actions.RATE_PERM,
                          "cancel": actions.CANCEL_PERM}

    @extend_schema(request=serializers.NewOrderSerializer, responses=serializers.OrderSerializer)
    def create(self, request, *args, **kwargs):
        body = serializers.NewOrderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        resident = Resident.objects.restrict(request.user).filter(pk=data.pop("resident")).first()
        if resident is None:
            raise Invalid(_("Not found or outside your jurisdiction."), field="resident")
        item = ServiceItem.objects.restrict(request.user).filter(pk=data.pop("item")).first()
        if item is None:
            raise Invalid(_("Not found or outside your jurisdiction."), field="item")
        order = actions.do_order(request.user, resident, item, **data)
        return Response(serializers.OrderSerializer(order).data, status=201)

    def _order(self, pk):
        order = Order.objects.restrict(self.request.user).filter(pk=pk).first()
        if order is None:
            raise NotFound(_("Not found or outside your jurisdiction."))
        return order

    @extend_schema(request=serializers.TakeSerializer, responses=serializers.OrderSerializer)
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        order = self._order(pk)
        body = serializers.TakeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        from wangge.volunteers.models import Team, Volunteer

        team = _scoped(Team, request.user, body.validated_data.get("team"), "team")
        volunteer = _scoped(Volunteer, request.user, body.validated_data.get("volunteer"), "volunteer")
        return Response(serializers.OrderSerializer(actions.do_take(request.user, order, team=team,
                                                                    volunteer=volunteer)).data)

    @extend_schema(request=serializers.DoneSerializer, responses=serializers.OrderSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        order = self._order(pk)
        body = serializers.DoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(serializers.OrderSerializer(actions.do_done(request.user, order, **body.validated_data)).data)

    @extend_schema(request=serializers.RateSerializer, responses=serializers.OrderSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        order = self._order(pk)
        body = serializers.RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(serializers.OrderSerializer(actions.do_rate(request.user, order, **body.validated_data)).data)

    @extend_schema(request=serializers.CancelSerializer, responses=serializers.OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self._order(pk)
        body = serializers.CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(serializers.OrderSerializer(actions.do_cancel(request.user, order,
                                                                      **body.validated_data)).data)


class JobPostingViewSet(ScopedReadOnlyViewSet):
    queryset = JobPosting.objects.all()
    serializer_class = serializers.JobPostingSerializer
    filterset_class = JobPostingFilterSet


class JobSeekerViewSet(ScopedReadOnlyViewSet):
    queryset = JobSeeker.objects.select_related("resident")
    serializer_class = serializers.JobSeekerSerializer
    filterset_class = JobSeekerFilterSet


class TrainingViewSet(ScopedReadOnlyViewSet):
    queryset = Training.objects.all()
    serializer_class = serializers.TrainingSerializer
    filterset_class = TrainingFilterSet


class AttendanceViewSet(ScopedReadOnlyViewSet):
    queryset = Attendance.objects.all()
    serializer_class = serializers.AttendanceSerializer
    filterset_class = AttendanceFilterSet


class PlacementViewSet(ScopedReadOnlyViewSet):
    queryset = Placement.objects.select_related("seeker__resident")
    serializer_class = serializers.PlacementSerializer
    filterset_class = PlacementFilterSet
