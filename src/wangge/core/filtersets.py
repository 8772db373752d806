"""Filter building blocks shared by the list pages and the API (one FilterSet per model serves both)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AccessEvent, AccessKind, AccessReason
from .querysets import within_code


class RegionPrefixFilter(django_filters.CharFilter):
    """`?region=320684102` narrows to a subtree by code prefix (the model's `region_path`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Region code"))
        kwargs.setdefault("method", "filter_region")
        super().__init__(*args, **kwargs)


class BaseFilterSet(django_filters.FilterSet):
    region = RegionPrefixFilter()

    def filter_region(self, queryset, name, value):
        return within_code(queryset, (value or "").strip())


class AccessEventFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AccessKind.choices, label=_("Kind"))
    reason = django_filters.ChoiceFilter(choices=AccessReason.choices, label=_("Reason"))
    user = django_filters.CharFilter(field_name="user_name", label=_("User name"))
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AccessEvent
        fields = ["kind", "reason", "user", "since", "until"]
