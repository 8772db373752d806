"""One FilterSet per model, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.filtersets import BaseFilterSet
from wangge.regions.choices import RegionLevel

from .board import FIGURES, PEOPLE_FIGURES, TASK_FIGURES, followup_figure, task_figure
from .choices import OPEN_STATES, FollowUpState, Source, TaskKind, TaskState, VisitOutcome, category_choices
from .models import FollowUp, PlanPhase, Task, Visit

_LABELS = {name: label for name, label, _page in FIGURES}


class _BoardFigureMixin(django_filters.FilterSet):
    """`?figure=overdue&day=2021-08-05&area=320684102`: the rows behind one figure of the daily board."""

    day = django_filters.DateFilter(label=_("Board day"), method="filter_nothing")
    area = django_filters.CharFilter(label=_("Region code (and below)"), method="filter_area")
    area_exact = django_filters.CharFilter(label=_("Region code (exactly)"), method="filter_area_exact")

    area_path = "region_code"

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by the figure filter

    def filter_area(self, queryset, name, value):
        return queryset.filter(**{f"{self.area_path}__startswith": value}) if value.isdigit() else queryset

    def filter_area_exact(self, queryset, name, value):
        return queryset.filter(**{self.area_path: value}) if value.isdigit() else queryset

    def board_day(self):
        value = self.form.cleaned_data.get("day") if hasattr(self.form, "cleaned_data") else None
        return value or clock.today()


class FollowUpFilterSet(_BoardFigureMixin, BaseFilterSet):
    q = django_filters.CharFilter(label=_("Name or last 4 of ID"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=FollowUpState.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=category_choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    measure = django_filters.CharFilter(label=_("Measure"))
    opened_on = django_filters.DateFilter(label=_("Opened on"))
    is_open = django_filters.BooleanFilter(label=_("Still open"), method="filter_open")
    figure = django_filters.ChoiceFilter(label=_("Board figure"), method="filter_figure",
                                         choices=[(n, _LABELS[n]) for n in PEOPLE_FIGURES])

    class Meta:
        model = FollowUp
        fields = ["q", "state", "category", "source", "measure", "opened_on", "is_open", "figure", "day", "area",
                  "area_exact", "region"]

    def filter_figure(self, queryset, name, value):
        return queryset.filter(followup_figure(value, self.board_day())) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(person_key__endswith=value))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)


class TaskFilterSet(_BoardFigureMixin, BaseFilterSet):
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=TaskKind.choices)
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=TaskState.choices)
    level = django_filters.ChoiceFilter(label=_("Responsible level"), choices=RegionLevel.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"))
    due_date = django_filters.DateFilter(label=_("Due date"))
    due_before = django_filters.DateFilter(label=_("Due on or before"), field_name="due_date", lookup_expr="lte")
    followup = django_filters.NumberFilter(label=_("Follow-up"), field_name="followup_id")
    mine = django_filters.BooleanFilter(label=_("My unit's tasks"), method="filter_mine",
                                        help_text=_("Only the tasks your own unit is responsible for (not those of "
                                                    "the grids or villages below it)."))

    figure = django_filters.ChoiceFilter(label=_("Board figure"), method="filter_figure",
                                         choices=[(n, _LABELS[n]) for n in TASK_FIGURES])

    area_path = "followup__region_code"  # the person's region: an escalated task still counts for its grid

    class Meta:
        model = Task
        fields = ["kind", "state", "level", "overdue", "due_date", "due_before", "followup", "mine", "figure", "day",
                  "area", "area_exact", "region"]

    def filter_figure(self, queryset, name, value):
        return queryset.filter(task_figure(value, self.board_day())) if value else queryset

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


class MeasureFilterSet(BaseFilterSet):
    """The measure list: the kind is chosen by the tabs above the list."""

    kind = django_filters.CharFilter(label=_("Measure"), method="filter_kind")

    class Meta:
        model = PlanPhase
        fields = ["kind", "region"]

    def filter_kind(self, queryset, name, value):
        return queryset  # the view narrows to the chosen kind (its tabs count every kind)
