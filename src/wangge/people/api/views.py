from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wangge.core.actions import do_reveal
from wangge.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from wangge.core.serializers import can_reveal

from ..actions import do_create_resident, do_update_resident
from ..filtersets import ResidentFilterSet
from ..models import Household, Resident
from .serializers import HouseholdSerializer, ResidentRevealSerializer, ResidentSerializer


class ResidentViewSet(ScopedModelViewSet):
    """Residents inside the caller's jurisdiction; ID numbers and phones masked unless revealed."""

    queryset = Resident.objects.select_related("grid", "household")
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = do_create_resident(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = do_update_resident(self.request.user, serializer.instance, **serializer.validated_data)

    @extend_schema(request=None, responses=ResidentRevealSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def reveal(self, request, *args, **kwargs):
        """The full ID number and phone: needs the reveal permission, and every reveal is logged."""
        resident = self.get_object()
        if not can_reveal(request.user):
            raise PermissionDenied(_("You may not reveal personal data."))
        do_reveal(request.user, resident, fields=("id_number", "phone"), reason=request.data.get("reason", "verify"),
                  note=request.data.get("reason_note", ""))
        context = {**self.get_serializer_context(), "reveal": True}
        return Response(ResidentRevealSerializer(resident, context=context).data)


class HouseholdViewSet(ScopedReadOnlyViewSet):
    """Households inside the caller's jurisdiction."""

    queryset = Household.objects.select_related("grid")
    serializer_class = HouseholdSerializer
