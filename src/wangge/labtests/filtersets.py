import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet
from wangge.people.models import Resident

from .choices import TubeResult, TubeState
from .models import Campaign, Sample, SamplingSite, Terminal, Tube


class CampaignFilterSet(BaseFilterSet):
    class Meta:
        model = Campaign
        fields = ["status", "region"]


class SamplingSiteFilterSet(BaseFilterSet):
    class Meta:
        model = SamplingSite
        fields = ["campaign", "kind", "region"]


class TerminalFilterSet(BaseFilterSet):
    class Meta:
        model = Terminal
        fields = ["site", "region"]


class TubeFilterSet(BaseFilterSet):
    state = django_filters.ChoiceFilter(choices=TubeState.choices, label=_("State"))
    result = django_filters.ChoiceFilter(choices=TubeResult.choices, label=_("Result"))

    class Meta:
        model = Tube
        fields = ["campaign", "site", "terminal", "state", "result", "region"]


class SampleFilterSet(BaseFilterSet):
    barcode = django_filters.CharFilter(field_name="tube__barcode", label=_("Tube barcode"))

    class Meta:
        model = Sample
        fields = ["campaign", "barcode", "in_other_tube", "region"]


class NotSampledFilterSet(BaseFilterSet):
    """The not-sampled list: the grid (region picker) and whether the person has a smartphone."""

    no_smartphone = django_filters.BooleanFilter(label=_("No smartphone"))

    class Meta:
        model = Resident
        fields = ["region", "no_smartphone"]
