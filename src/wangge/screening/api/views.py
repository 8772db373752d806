import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from wangge.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from wangge.core.ids import mask_id, mask_phone
from wangge.core.imports import FileError

from .. import actions
from ..actions import can_screen
from ..filtersets import FlagFilterSet, RiskAreaFilterSet, ScreeningRunFilterSet
from ..models import Flag, RiskArea, ScreeningRun
from ..sources import SourceError
from .serializers import (
    FlagSerializer,
    RiskAreaSerializer,
    ScreeningRunSerializer,
    ScreeningSummarySerializer,
    ScreeningUploadSerializer,
)

API_PREVIEW_ROWS = 1000


class DistrictAdminWrites(permissions.BasePermission):
    """Everyone may read; only district administrators (and superusers) may write."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_screen(request.user)


class RiskAreaViewSet(ScopedModelViewSet):
    """Risk-area designations (public): read for everyone, written by district administrators."""

    queryset = RiskArea.objects.all()
    serializer_class = RiskAreaSerializer
    filterset_class = RiskAreaFilterSet
    permission_classes = [permissions.IsAuthenticated, DistrictAdminWrites]


class ScreeningRunViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Screening runs (counts only). POST a pushed list to screen it: `dry_run=true` answers the counts and the
    flags without storing; otherwise the run and its flags are stored and follow-ups opened (201)."""

    queryset = ScreeningRun.objects.select_related("user")
    serializer_class = ScreeningRunSerializer
    filterset_class = ScreeningRunFilterSet
    # A run's counts are district-wide aggregates (no personal data): whoever may read flags may read the run they
    # came from (a grid worker follows /api/flags/?run=…); screening a list is the administrators' (core.api).
    action_permissions = {"list": "screening.view_flag", "retrieve": "screening.view_flag",
                          "create": actions.SCREEN_PERMISSION}
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return ScreeningUploadSerializer if self.action == "create" else ScreeningRunSerializer

    @extend_schema(request=ScreeningUploadSerializer,
                   responses={200: ScreeningSummarySerializer, 201: ScreeningRunSerializer})
    def create(self, request, *args, **kwargs):
        if not can_screen(request.user):
            raise PermissionDenied(_("Only district administrators may screen pushed lists."))
        upload = ScreeningUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        with tempfile.TemporaryDirectory(prefix="wangge-upload-") as folder:
            name = Path(data["file"].name).name
            path = Path(folder) / ("upload" + Path(name).suffix.lower())
            with open(path, "wb") as fh:
                for chunk in data["file"].chunks():
                    fh.write(chunk)
            try:
                outcome = actions.do_screen(request.user, path, as_of=data["as_of"],
                                            lookback_days=data.get("lookback_days"),
                                            retro_days=data.get("retro_days"), file_name=name,
                                            rejected_path=Path(folder) / "rejected.csv")
            except (SourceError, FileError) as exc:
                raise ValidationError({"file": [str(exc)]}) from None
            try:
                if data["dry_run"]:
                    return Response(self.summary(outcome))
                run = actions.do_store_run(request.user, outcome)
            finally:
                outcome.close()
        return Response(ScreeningRunSerializer(run).data, status=status.HTTP_201_CREATED)

    def summary(self, outcome) -> dict:
        rows = outcome.result.flags_table().slice(0, API_PREVIEW_ROWS).to_pylist()
        keep = ("category", "area_code", "place_code", "arrived_at", "left_at", "resident_id_number", "grid_code",
                "routed_to", "name")
        flag_rows = [{**{k: row[k] for k in keep}, "id_number": mask_id(row["id_number"] or ""),
                      "phone": mask_phone(row["phone"] or ""),
                      "resident_id_number": mask_id(row["resident_id_number"] or "")} for row in rows]
        return {**outcome.result.summary(), "lookback_days": outcome.policy.lookback_days,
                "retro_days": outcome.policy.retro_days, "policy_code": outcome.policy.code,
                "warnings": outcome.warnings, "flag_rows": flag_rows}


class FlagViewSet(ScopedReadOnlyViewSet):
    """Flags inside the caller's jurisdiction (grid of the matched resident, or the region an unmatched person
    was routed to; unroutable flags at district level). ID numbers and phones masked."""

    queryset = Flag.objects.select_related("grid", "routed_to")
    serializer_class = FlagSerializer
    filterset_class = FlagFilterSet
