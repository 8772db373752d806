import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet
from wangge.people.models import Resident

from .choices import AGE_BANDS, SiteKind
from .coverage import years_before
from .models import Dose, VaccinationSite


class VaccinationSiteFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=SiteKind.choices, label=_("Kind"))

    class Meta:
        model = VaccinationSite
        fields = ["kind", "region", "active"]


class DoseFilterSet(BaseFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    resident = django_filters.NumberFilter(field_name="resident_id", label=_("Resident"))

    class Meta:
        model = Dose
        fields = ["region", "site", "product", "dose_number", "resident"]


AGE_BAND_CHOICES = [(label, label) for label, _low, _high in AGE_BANDS]


class UnvaccinatedFilterSet(BaseFilterSet):
    """The mobilisation list: by grid (the region picker) and age band; people left out (contraindication, away)
    only when asked for."""

    age_band = django_filters.ChoiceFilter(choices=AGE_BAND_CHOICES, label=_("Age band"), method="filter_band")
    include_excluded = django_filters.BooleanFilter(label=_("Include people left out of mobilisation"),
                                                    method="filter_excluded")

    class Meta:
        model = Resident
        fields = ["region", "age_band", "include_excluded"]

    def __init__(self, *args, as_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of

    def filter_band(self, queryset, name, value):
        for label, low, high in AGE_BANDS:
            if label == value:
                queryset = queryset.filter(birth_date__lte=years_before(self.as_of, low))
                if high is not None:
                    queryset = queryset.filter(birth_date__gt=years_before(self.as_of, high + 1))
        return queryset

    def filter_excluded(self, queryset, name, value):
        # Left out unless asked for: the page's queryset (coverage.unvaccinated) reads the same parameter.
        return queryset
