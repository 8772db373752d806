"""Filters of the project list: region (by the page's ?region=), quarter, status, category, published."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import Status, parse_quarter
from .models import Project


class ProjectFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Title"))
    quarter = django_filters.CharFilter(method="filter_quarter", label=_("Quarter"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    category = django_filters.CharFilter(field_name="category", lookup_expr="icontains", label=_("Category"))
    published = django_filters.BooleanFilter(label=_("Published"))

    class Meta:
        model = Project
        fields = ["q", "region", "quarter", "status", "category", "published"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else queryset

    def filter_quarter(self, queryset, name, value):
        quarter = parse_quarter(value)
        return queryset.filter(quarter=quarter) if quarter else (queryset.none() if value.strip() else queryset)
