import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import OPEN_STATES, Channel, State
from .models import WorkOrder


class WorkOrderFilterSet(BaseFilterSet):
    """Filters for the order list page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=State.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    category = django_filters.CharFilter(label=_("Category code"), field_name="category__code")
    department = django_filters.CharFilter(label=_("Department code"), field_name="department__code")
    received_after = django_filters.IsoDateTimeFilter(label=_("Received from"), field_name="received_at",
                                                      lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(label=_("Received before"), field_name="received_at",
                                                       lookup_expr="lt")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = WorkOrder
        fields = ["q", "state", "channel", "category", "department", "region", "urged", "supervised"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(content__icontains=value))

    def filter_overdue(self, queryset, name, value):
        condition = Q(state__in=OPEN_STATES, due_at__lt=timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)
