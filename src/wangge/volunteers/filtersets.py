"""One FilterSet per list, for the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.filtersets import BaseFilterSet

from .choices import DeploymentStatus, PersonKind, PostKind, SignUpSource
from .models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer


class TeamFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Team or party branch"))

    class Meta:
        model = Team
        fields = ["q", "region", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(party_branch__contains=value))


class VolunteerFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices, label=_("Kind"))
    skill = django_filters.CharFilter(field_name="skills", lookup_expr="contains", label=_("Skill"))

    class Meta:
        model = Volunteer
        fields = ["q", "region", "kind", "team", "party_member", "skill", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if request is not None and "team" in self.filters:
            self.filters["team"].queryset = Team.objects.restrict(request.user)


class PostFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=PostKind.choices, label=_("Kind"))

    class Meta:
        model = Post
        fields = ["region", "kind", "active"]


class ShiftFilterSet(BaseFilterSet):
    date = django_filters.DateFilter(method="on_day", label=_("Date"))
    understaffed = django_filters.BooleanFilter(method="filter_understaffed", label=_("Places still open"))

    class Meta:
        model = Shift
        fields = ["region", "date", "post", "team", "understaffed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if request is not None:
            self.filters["post"].queryset = Post.objects.restrict(request.user)
            self.filters["team"].queryset = Team.objects.restrict(request.user)

    def on_day(self, queryset, name, value):
        from .selectors import day_bounds

        start, end = day_bounds(value)
        return queryset.filter(start__gte=start, start__lt=end)

    def filter_understaffed(self, queryset, name, value):
        # The list annotates `n_filled` (views.ShiftListView); without it the filter does nothing.
        if "n_filled" not in queryset.query.annotations:
            return queryset
        from django.db.models import F

        return queryset.filter(n_filled__lt=F("needed")) if value else queryset.filter(n_filled__gte=F("needed"))


class PeriodFilterSet(BaseFilterSet):
    """Sign-ups by the day their shift starts."""

    date_from = django_filters.DateFilter(method="from_day", label=_("From"))
    date_to = django_filters.DateFilter(method="to_day", label=_("To"))
    approved = django_filters.BooleanFilter(field_name="approved_at", lookup_expr="isnull", exclude=True,
                                            label=_("Hours approved"))

    def from_day(self, queryset, name, value):
        from .selectors import day_bounds

        return queryset.filter(start__gte=day_bounds(value)[0])

    def to_day(self, queryset, name, value):
        from .selectors import day_bounds

        return queryset.filter(start__lt=day_bounds(value)[1])


class SignUpFilterSet(PeriodFilterSet):
    team = django_filters.ModelChoiceFilter(field_name="volunteer__team", queryset=Team.objects.none(),
                                            label=_("Team"))
    source = django_filters.ChoiceFilter(choices=SignUpSource.choices, label=_("How"))

    class Meta:
        model = SignUp
        fields = ["region", "date_from", "date_to", "team", "source", "approved"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = kwargs.get("request")
        if request is not None:
            self.filters["team"].queryset = Team.objects.restrict(request.user)


class CadreSignUpFilterSet(PeriodFilterSet):
    department = django_filters.CharFilter(field_name="volunteer__deployment__department", label=_("Home department"))

    class Meta:
        model = SignUp
        fields = ["department", "region", "date_from", "date_to", "approved"]


class DeploymentFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=DeploymentStatus.choices, label=_("Status"))
    department = django_filters.CharFilter(field_name="department", lookup_expr="contains", label=_("Home department"))

    class Meta:
        model = CadreDeployment
        fields = ["region", "status", "department"]
