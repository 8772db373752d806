"""The duty roster's API: scoped reads for cadres, and the volunteer's own shifts and check-in by the post's code."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet
from wangge.core.errors import NotFound, refusal_response

from .. import actions
from ..choices import SignUpStatus
from ..filtersets import (
    DeploymentFilterSet,
    PostFilterSet,
    ShiftFilterSet,
    SignUpFilterSet,
    TeamFilterSet,
    VolunteerFilterSet,
)
from ..models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer
from . import serializers


class TeamViewSet(ScopedReadOnlyViewSet):
    queryset = Team.objects.select_related("leader")
    serializer_class = serializers.TeamSerializer
    filterset_class = TeamFilterSet


class VolunteerViewSet(ScopedReadOnlyViewSet):
    queryset = Volunteer.objects.all()
    serializer_class = serializers.VolunteerSerializer
    filterset_class = VolunteerFilterSet


class PostViewSet(ScopedReadOnlyViewSet):
    queryset = Post.objects.all()
    serializer_class = serializers.PostSerializer
    filterset_class = PostFilterSet


class ShiftViewSet(ScopedReadOnlyViewSet):
    queryset = Shift.objects.select_related("post").annotate(
        n_filled=Count("signups", filter=Q(signups__status=SignUpStatus.ACTIVE)))
    serializer_class = serializers.ShiftSerializer
    filterset_class = ShiftFilterSet


class SignUpViewSet(ScopedReadOnlyViewSet):
    queryset = SignUp.objects.select_related("volunteer", "shift__post")
    serializer_class = serializers.SignUpSerializer
    filterset_class = SignUpFilterSet


class CadreDeploymentViewSet(ScopedReadOnlyViewSet):
    queryset = CadreDeployment.objects.select_related("cadre")
    serializer_class = serializers.CadreDeploymentSerializer
    filterset_class = DeploymentFilterSet


class MyDutyViewSet(viewsets.ViewSet):
    """The caller's own shifts (a volunteer's, a cadre's sent down), and check-in/out by the post's code."""

    permission_required = "volunteers.view_own_signup"
    action_permissions = {"checkin": actions.CHECK_IN_PERM}

    @extend_schema(responses=serializers.SignUpSerializer(many=True))
    def list(self, request, *args, **kwargs):
        mine = SignUp.objects.filter(volunteer__user=request.user).select_related("volunteer", "shift__post")
        return Response(serializers.SignUpSerializer(mine.order_by("-start")[:200], many=True).data)

    @extend_schema(request=serializers.CheckInSerializer, responses=serializers.SignUpSerializer)
    @action(detail=False, methods=["post"])
    def checkin(self, request, *args, **kwargs):
        body = serializers.CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        signup = SignUp.objects.filter(pk=data["signup"], volunteer__user=request.user).first()
        if signup is None:
            return refusal_response(NotFound(_("Not found or outside your jurisdiction.")))
        do = actions.do_check_out if data["op"] == "out" else actions.do_check_in
        done = do(request.user, signup, token=data["token"])  # a refusal answers through core.rest
        return Response(serializers.SignUpSerializer(done).data)
