"""Filters of the checkpoint lists (one FilterSet serves the page and the API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.filtersets import BaseFilterSet

from .choices import CheckpointKind, Decision, HealthCode
from .models import Check, Checkpoint


class CheckpointFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Code or name"))
    kind = django_filters.ChoiceFilter(choices=CheckpointKind.choices, label=_("Kind"))
    active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = Checkpoint
        fields = ["q", "region", "kind", "active"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset


class CheckFilterSet(BaseFilterSet):
    checkpoint = django_filters.CharFilter(field_name="checkpoint__code", label=_("Checkpoint code"))
    date = django_filters.DateFilter(method="filter_date", label=_("Day"))
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label=_("Decision"))
    health_code = django_filters.ChoiceFilter(choices=HealthCode.choices, label=_("Health code"))
    entered = django_filters.BooleanFilter(label=_("Entered anyway"))
    followup = django_filters.BooleanFilter(field_name="followup_opened", label=_("Opened a follow-up"))

    class Meta:
        model = Check
        fields = ["region", "checkpoint", "date", "decision", "health_code", "entered", "followup"]

    def filter_date(self, queryset, name, value):
        if not value:
            return queryset
        import datetime

        return queryset.filter(checked_at__gte=clock.start_of(value),
                               checked_at__lt=clock.start_of(value + datetime.timedelta(days=1)))
