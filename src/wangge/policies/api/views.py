"""Policies API: read-only versions for everyone logged in; preview and activation for district administrators."""

import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from wangge.core.errors import ActionError, refusal_response

from .. import actions, selectors
from ..filtersets import PolicyVersionFilterSet
from ..models import PolicyVersion
from ..schema import PolicyError
from .serializers import (
    ActivateRequestSerializer,
    PolicyVersionSerializer,
    PreviewRequestSerializer,
    PreviewSerializer,
)


def _parse_moment(value: str) -> datetime.date | datetime.datetime:
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    moment = parse_datetime(value)
    if moment is None:
        raise ValidationError({"at": _("Give a date (2021-08-25) or a date and time with offset.")})
    return moment


def _policy_error(exc: PolicyError) -> ValidationError:
    return ValidationError({exc.field or "detail": [str(exc)]})


class PolicyVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Policy versions (district-wide: no jurisdiction scoping; every logged-in user may read them)."""

    queryset = PolicyVersion.objects.select_related("applied_by").order_by("-effective_from", "code")
    serializer_class = PolicyVersionSerializer
    filterset_class = PolicyVersionFilterSet

    @extend_schema(parameters=[OpenApiParameter("at", OpenApiTypes.STR, description="date or ISO 8601 date-time")],
                   responses=PolicyVersionSerializer)
    @action(detail=False, methods=["get"], url_path="in-force", filterset_class=None, pagination_class=None)
    def in_force(self, request, *args, **kwargs):
        """The version in force at `at` (default: now)."""
        at = request.query_params.get("at")
        version = PolicyVersion.objects.in_force(_parse_moment(at) if at else None)
        if version is None:
            raise NotFound(_("No policy version is in force at that moment."))
        return Response(self.get_serializer(version).data)

    def _require_admin(self, request):
        if not selectors.can_change_policies(request.user):
            raise PermissionDenied(_("Only district administrators may change policies."))

    @extend_schema(request=PreviewRequestSerializer, responses=PreviewSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def preview(self, request, pk=None, *args, **kwargs):
        """The follow-ups whose plan would change if this version replaced the one in force (nothing is saved)."""
        self._require_admin(request)
        version = self.get_object()
        params = PreviewRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        preview = selectors.preview_activation(request.user, version, today=params.validated_data.get("today"),
                                             effective_from=params.validated_data.get("effective_from"))
        return Response({
            "version": version.code, "current": preview.current.code if preview.current else None,
            "effective_from": preview.effective_from.isoformat(), "today": preview.today.isoformat(),
            "examined": preview.examined,
            "changes": [change.as_dict() for change in preview.changes],
        })

    @extend_schema(request=ActivateRequestSerializer, responses=PolicyVersionSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def activate(self, request, pk=None, *args, **kwargs):
        """Activate a draft from `effective_from` (default: its document's date); the previous version ends then."""
        self._require_admin(request)
        version = self.get_object()
        params = ActivateRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            result = actions.do_activate(request.user, version,
                                         effective_from=params.validated_data.get("effective_from"))
        except PolicyError as exc:
            raise _policy_error(exc) from None
        except ActionError as exc:  # a version that is no longer a draft: 409
            return refusal_response(exc)
        return Response(self.get_serializer(result.version).data)
