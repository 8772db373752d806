from wangge.core.api import ScopedReadOnlyViewSet

from ..filtersets import GridStaffFilterSet, RegionFilterSet
from ..models import GridStaff, Region
from .serializers import GridStaffSerializer, RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    """The Region tree inside the caller's jurisdiction."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet


class GridStaffViewSet(ScopedReadOnlyViewSet):
    """Grid leaders, workers and volunteers (phones masked)."""

    queryset = GridStaff.objects.select_related("grid", "user")
    serializer_class = GridStaffSerializer
    filterset_class = GridStaffFilterSet
