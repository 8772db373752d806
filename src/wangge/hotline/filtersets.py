import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.filtersets import BaseFilterSet

from .choices import OPEN_STATES, Channel, State
from .models import Category, Department, WorkOrder


class WorkOrderFilterSet(BaseFilterSet):
    """Filters for the order lists and the API, designed for people: categories and departments are pickers by
    name (the API still takes their codes), dates are ISO dates, flags are yes / no / any."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=State.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), field_name="category", to_field_name="code",
                                                queryset=Category.objects.filter(active=True))
    department = django_filters.ModelChoiceFilter(label=_("Department"), field_name="department",
                                                  to_field_name="code", queryset=Department.objects.filter(active=True))
    received_after = django_filters.DateFilter(label=_("Received from"), method="filter_received_after")
    received_before = django_filters.DateFilter(label=_("Received before"), method="filter_received_before")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    urged = django_filters.BooleanFilter(label=_("Urged"))
    supervised = django_filters.BooleanFilter(label=_("Supervised"))
    extension_pending = django_filters.BooleanFilter(label=_("Extension requested"), method="filter_extension")

    class Meta:
        model = WorkOrder
        fields = ["q", "state", "channel", "category", "department", "region", "received_after", "received_before",
                  "overdue", "urged", "supervised", "extension_pending"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(content__icontains=value))

    def filter_received_after(self, queryset, name, value):
        return queryset.filter(received_at__gte=clock.start_of(value))

    def filter_received_before(self, queryset, name, value):
        return queryset.filter(received_at__lt=clock.start_of(value))

    def filter_overdue(self, queryset, name, value):
        condition = Q(state__in=OPEN_STATES, due_at__lt=clock.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_extension(self, queryset, name, value):
        return queryset.filter(extension_requested_until__isnull=not value)
