from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet

from ..filtersets import UserFilterSet
from ..models import User
from .serializers import MeSerializer, UserSerializer


class UserViewSet(ScopedReadOnlyViewSet):
    """Accounts inside the caller's jurisdiction (read only)."""

    queryset = User.objects.select_related("region").order_by("username")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    action_permissions = {"me": None}  # one's own account, whatever the role

    @extend_schema(responses=MeSerializer, filters=False)
    @action(detail=False, filterset_class=None, pagination_class=None)
    def me(self, request, *args, **kwargs):
        """The caller's own account; answers even for a user without a jurisdiction."""
        data = {"user": request.user, "can_reveal": request.user.can_reveal}
        return Response(MeSerializer(data, context=self.get_serializer_context()).data)
