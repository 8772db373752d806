"""Filters of the joint-punishment lists (one FilterSet serves the page and the API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import MeasureState, Phase, ViolationKind
from .models import Measure, ViolationCase
from .selectors import overdue_q


class ViolationCaseFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Number, party or place"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    kind = django_filters.ChoiceFilter(choices=ViolationKind.choices, label=_("Kind"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Step overdue"))
    found_from = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label=_("Found from"))
    found_to = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label=_("Found until"))

    class Meta:
        model = ViolationCase
        fields = ["q", "region", "phase", "kind", "overdue", "found_from", "found_to"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(party_name__icontains=value)
                               | Q(place__icontains=value) | Q(address__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class MeasureFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Party or case number"))
    state = django_filters.ChoiceFilter(choices=MeasureState.choices, label=_("State"))
    department = django_filters.NumberFilter(field_name="department_id", label=_("Department"))

    class Meta:
        model = Measure
        fields = ["q", "region", "state", "department"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(case__number__icontains=value) | Q(case__party_name__icontains=value))
