import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import FlagCategory, RiskLevel
from .models import Flag, RiskArea, ScreeningRun


class RiskAreaFilterSet(BaseFilterSet):
    area_code = django_filters.CharFilter(field_name="area_code", lookup_expr="startswith", label=_("Area code"))
    q = django_filters.CharFilter(field_name="area_name", lookup_expr="contains", label=_("Area name"))
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("Risk level"))
    in_force_at = django_filters.IsoDateTimeFilter(method="filter_in_force", label=_("In force at"),
                                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    class Meta:
        model = RiskArea
        fields = ["area_code", "q", "level", "in_force_at"]

    def filter_in_force(self, queryset, name, value):
        return queryset.in_force(value) if value else queryset


class ScreeningRunFilterSet(BaseFilterSet):
    file_name = django_filters.CharFilter(lookup_expr="contains", label=_("File"))

    class Meta:
        model = ScreeningRun
        fields = ["file_name"]


class FlagFilterSet(BaseFilterSet):
    run = django_filters.NumberFilter(field_name="run_id", label=_("Screening run"))
    category = django_filters.ChoiceFilter(choices=FlagCategory.choices, label=_("Category"))
    matched = django_filters.BooleanFilter(field_name="resident", lookup_expr="isnull", exclude=True,
                                           label=_("Matched to a resident"))
    routed = django_filters.BooleanFilter(field_name="routed_to", lookup_expr="isnull", exclude=True,
                                          label=_("Routed for 落地查人"))
    area_code = django_filters.CharFilter(field_name="area_code", lookup_expr="startswith", label=_("Area code"))

    class Meta:
        model = Flag
        fields = ["run", "category", "matched", "routed", "area_code", "region"]
