import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import ResidenceType, Sex
from .models import Resident


class ResidentFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, last 4 ID digits or phone"))
    residence_type = django_filters.ChoiceFilter(choices=ResidenceType.choices, label=_("Residence type"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    no_smartphone = django_filters.BooleanFilter(label=_("No smartphone"))
    born_after = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte", label=_("Born on or after"))
    born_before = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte", label=_("Born on or before"))
    household = django_filters.CharFilter(field_name="household__key", label=_("Household number"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("region_code", "grid"), ("birth_date", "birth_date"), ("created", "created")),
        label=_("Sort by"),
    )

    class Meta:
        model = Resident
        fields = ["q", "region", "residence_type", "sex", "no_smartphone", "household"]

    def search(self, queryset, name, value):
        """Four characters of digits/X: the ID's last four; 11 digits: a phone; 18: a whole ID; else a name."""
        value = value.strip().upper()
        if not value:
            return queryset
        if re.fullmatch(r"\d{3}[\dX]", value):
            return queryset.filter(id_last4=value)
        if re.fullmatch(r"1\d{10}", value):
            return queryset.filter(phone=value)
        if re.fullmatch(r"\d{17}[\dX]", value):
            return queryset.filter(id_number=value)
        # A range on the indexed name column instead of LIKE 'x%', which SQLite cannot serve from the index.
        return queryset.filter(Q(name=value) | Q(name__gte=value, name__lt=value + "\U0010ffff"))
