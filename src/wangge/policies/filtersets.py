import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import VersionStatus
from .models import PolicyVersion


class PolicyVersionFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=VersionStatus.choices, label=_("Status"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = PolicyVersion
        fields = ["status", "code"]
