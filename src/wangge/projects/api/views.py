"""The practical projects' API: the projects of the caller's jurisdiction (read), with their milestones."""

from wangge.core.api import ScopedReadOnlyViewSet

from ..filtersets import ProjectFilterSet
from ..models import Project
from . import serializers


class ProjectViewSet(ScopedReadOnlyViewSet):
    queryset = Project.objects.select_related("region").prefetch_related("milestones")
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet
