"""One FilterSet per model, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import Category, FollowUpState, Level, Source, TaskKind, TaskState, VisitOutcome
from .models import FollowUp, Task, Visit


class FollowUpFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(label=_("Name or last 4 of ID"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=FollowUpState.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    measure = django_filters.CharFilter(label=_("Measure"))
    opened_on = django_filters.DateFilter(label=_("Opened on"))
    is_open = django_filters.BooleanFilter(label=_("Still open"), method="filter_open")

    class Meta:
        model = FollowUp
        fields = ["q", "state", "category", "source", "measure", "opened_on", "is_open", "region"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(person_key__endswith=value))

    def filter_open(self, queryset, name, value):
        from .choices import OPEN_STATES

        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)


class TaskFilterSet(BaseFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=TaskKind.choices)
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=TaskState.choices)
    level = django_filters.ChoiceFilter(label=_("Responsible level"), choices=Level.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"))
    due_date = django_filters.DateFilter(label=_("Due date"))
    due_before = django_filters.DateFilter(label=_("Due on or before"), field_name="due_date", lookup_expr="lte")
    followup = django_filters.NumberFilter(label=_("Follow-up"), field_name="followup_id")
    mine = django_filters.BooleanFilter(label=_("My unit's tasks"), method="filter_mine",
                                        help_text=_("Only the tasks your own unit is responsible for (not those of "
                                                    "the grids or villages below it)."))

    class Meta:
        model = Task
        fields = ["kind", "state", "level", "overdue", "due_date", "due_before", "followup", "mine", "region"]

    def filter_mine(self, queryset, name, value):
        code = getattr(getattr(self.request, "user", None), "region_code", None)
        if not value or not code:
            return queryset
        return queryset.filter(region_code=code)


class VisitFilterSet(BaseFilterSet):
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=VisitOutcome.choices)
    followup = django_filters.NumberFilter(label=_("Follow-up"), field_name="followup_id")
    date = django_filters.DateFilter(label=_("Date"), field_name="visited_at", lookup_expr="date")

    class Meta:
        model = Visit
        fields = ["outcome", "followup", "date", "region"]
