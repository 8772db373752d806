"""One FilterSet per list, for the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import RATING_MAX, RATING_MIN, OrderChannel, OrderStatus, ServiceCategory
from .models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training


def _resident_search(queryset, prefix, value):
    value = (value or "").strip()
    if value.isdigit() and len(value) == 4:
        return queryset.filter(**{f"{prefix}id_last4": value})
    return queryset.filter(**{f"{prefix}name__contains": value})


class ServiceItemFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Service"))
    category = django_filters.ChoiceFilter(choices=ServiceCategory.choices, label=_("Category"))

    class Meta:
        model = ServiceItem
        fields = ["q", "region", "category", "active"]


class OrderFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Resident (name or last 4 of ID)"))
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(field_name="item__category", choices=ServiceCategory.choices,
                                           label=_("Category"))
    channel = django_filters.ChoiceFilter(choices=OrderChannel.choices, label=_("How ordered"))
    rating = django_filters.ChoiceFilter(choices=[(str(r), str(r)) for r in range(RATING_MIN, RATING_MAX + 1)],
                                         label=_("Rating"))
    date_from = django_filters.DateFilter(field_name="ordered_at", lookup_expr="date__gte", label=_("Ordered from"))
    date_to = django_filters.DateFilter(field_name="ordered_at", lookup_expr="date__lte", label=_("Ordered until"))

    class Meta:
        model = Order
        fields = ["q", "region", "status", "item", "category", "team", "channel", "rating", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if request is not None:
            from wangge.volunteers.models import Team

            self.filters["item"].queryset = ServiceItem.objects.restrict(request.user)
            self.filters["team"].queryset = Team.objects.restrict(request.user)

    def search(self, queryset, name, value):
        return _resident_search(queryset, "resident__", value)


class JobPostingFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Employer or job"))

    class Meta:
        model = JobPosting
        fields = ["q", "region", "open"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(employer_name__contains=value) | Q(title__contains=value))


class JobSeekerFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Resident (name or last 4 of ID)"))
    skill = django_filters.CharFilter(method="skill_or_work", label=_("Skill or work wanted"))
    placed = django_filters.BooleanFilter(method="filter_placed", label=_("Placed"))
    trained = django_filters.BooleanFilter(method="filter_trained", label=_("Trained"))

    class Meta:
        model = JobSeeker
        fields = ["q", "region", "landless", "active", "placed", "trained", "skill"]

    def search(self, queryset, name, value):
        return _resident_search(queryset, "resident__", value)

    def skill_or_work(self, queryset, name, value):
        return queryset.filter(Q(skills__contains=value) | Q(wanted_work__contains=value))

    def filter_placed(self, queryset, name, value):
        return queryset.filter(placements__isnull=not value).distinct()

    def filter_trained(self, queryset, name, value):
        return queryset.filter(attendance__isnull=not value).distinct()


class TrainingFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Training or organiser"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Training
        fields = ["q", "region", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__contains=value) | Q(organiser__contains=value))


class AttendanceFilterSet(BaseFilterSet):
    class Meta:
        model = Attendance
        fields = ["region", "training"]


class PlacementFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Resident or employer"))
    landless = django_filters.BooleanFilter(field_name="seeker__landless", label=_("Landless"))
    date_from = django_filters.DateFilter(field_name="placed_on", lookup_expr="gte", label=_("Placed from"))
    date_to = django_filters.DateFilter(field_name="placed_on", lookup_expr="lte", label=_("Placed until"))

    class Meta:
        model = Placement
        fields = ["q", "region", "landless", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return _resident_search(queryset, "seeker__resident__", value) | queryset.filter(
            employer_name__contains=value)
