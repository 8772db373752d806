"""Filters of the inspection lists (one FilterSet serves the page and the API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.filtersets import BaseFilterSet

from .choices import FindingState, InspectionState
from .models import Checklist, Delivery, Finding, Inspection, Notice


def _enterprise_q(queryset, name, value):
    value = (value or "").strip()
    return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc=value)) if value else queryset


class InspectionFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Enterprise or venue"))
    state = django_filters.ChoiceFilter(choices=InspectionState.choices, label=_("State"))
    checklist = django_filters.CharFilter(field_name="checklist__code", label=_("Checklist code"))
    since = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label=_("Inspected from"))
    until = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label=_("Inspected until"))
    reinspection = django_filters.BooleanFilter(field_name="first", lookup_expr="isnull", exclude=True,
                                                label=_("Re-inspection"))
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign"))

    class Meta:
        model = Inspection
        fields = ["q", "region", "state", "checklist", "since", "until", "reinspection", "campaign"]

    def filter_q(self, queryset, name, value):
        return _enterprise_q(queryset, name, value)


class FindingFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Enterprise or venue"))
    state = django_filters.ChoiceFilter(choices=FindingState.choices, label=_("State"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    level = django_filters.ChoiceFilter(choices=[("village", _("Village")), ("town", _("Town")),
                                                 ("district", _("District"))], label=_("Responsible level"))

    class Meta:
        model = Finding
        fields = ["q", "region", "state", "overdue", "level"]

    def filter_q(self, queryset, name, value):
        return _enterprise_q(queryset, name, value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(state=FindingState.OPEN, deadline__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class ChecklistFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Code or name"))
    active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = Checklist
        fields = ["q", "active"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset


class NoticeFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    in_force = django_filters.DateFilter(method="filter_in_force", label=_("In force on"))

    class Meta:
        model = Notice
        fields = ["q", "region", "in_force"]

    def filter_in_force(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(effective_until__isnull=True) | Q(effective_until__gte=value),
                               effective_from__lte=value)


class DeliveryFilterSet(BaseFilterSet):
    delivered = django_filters.BooleanFilter(field_name="delivered_at", lookup_expr="isnull", exclude=True,
                                             label=_("Delivered"))
    notice = django_filters.NumberFilter(field_name="notice_id", label=_("Notice"))

    class Meta:
        model = Delivery
        fields = ["region", "notice", "delivered"]
