import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import Role
from .models import User


class UserFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="display_name", lookup_expr="contains", label=_("Name contains"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = User
        fields = ["q", "role", "region"]
