import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import RegionLevel, StaffRole
from .models import GridStaff, Region


class RegionFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name contains"))
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("Level"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent code"))

    class Meta:
        model = Region
        fields = ["q", "level", "parent", "region"]


class GridStaffFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name contains"))
    role = django_filters.ChoiceFilter(choices=StaffRole.choices, label=_("Role"))
    grid = django_filters.CharFilter(field_name="grid__code", label=_("Grid code"))

    class Meta:
        model = GridStaff
        fields = ["q", "role", "grid", "region", "party_role"]
