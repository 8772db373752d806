"""One FilterSet per list, for the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import ProblemKind
from .models import Assignment, Problem, Visit


class AssignmentFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="contains", label=_("Enterprise"))
    current = django_filters.BooleanFilter(field_name="end_date", lookup_expr="isnull", label=_("Still linked"))

    class Meta:
        model = Assignment
        fields = ["q", "region", "current"]


class VisitFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="contains", label=_("Enterprise"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Visit
        fields = ["q", "region", "date_from", "date_to"]


class ProblemFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="contains", label=_("Text"))
    kind = django_filters.ChoiceFilter(choices=ProblemKind.choices, label=_("Kind"))

    class Meta:
        model = Problem
        fields = ["q", "region", "kind", "solved"]
