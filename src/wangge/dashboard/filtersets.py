"""Filters of the command centre's lists (one FilterSet serves the page and the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import PointKind
from .models import MonitoringPoint
from .monitoring import online_q


class MonitoringPointFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Code or name"))
    kind = django_filters.ChoiceFilter(choices=PointKind.choices, label=_("Kind"))
    online = django_filters.BooleanFilter(method="filter_online", label=_("Online"))
    active = django_filters.BooleanFilter(label=_("In use"))
    codes = django_filters.CharFilter(method="filter_codes", label=_("Codes (comma-separated)"))

    class Meta:
        model = MonitoringPoint
        fields = ["q", "region", "kind", "online", "active", "codes"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = (value or "").strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset

    def filter_online(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(online_q()) if value else queryset.exclude(online_q())

    def filter_codes(self, queryset, name, value):
        codes = [c.strip() for c in (value or "").split(",") if c.strip()][:100]
        return queryset.filter(code__in=codes) if codes else queryset
