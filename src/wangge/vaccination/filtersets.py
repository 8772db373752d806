import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import SiteKind
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
