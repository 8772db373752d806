"""Forms of the services pages. They parse; the rules (the state machine, the scope, the wage) are the actions'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from .choices import RATING_MAX, RATING_MIN, OrderChannel, ServiceCategory
from .models import JobPosting, JobSeeker, ServiceItem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def communities(user):
    return Region.objects.restrict(user).filter(level=RegionLevel.VILLAGE).order_by("code")


def _initial(instance, names):
    return {n: getattr(instance, f"{n}_id" if hasattr(instance, f"{n}_id") else n) for n in names}


class ItemForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Community"), queryset=Region.objects.none())
    name = forms.CharField(label=_("Service"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    team = forms.ModelChoiceField(label=_("Provider team"), queryset=None, required=False)
    active = forms.BooleanField(label=_("On the menu"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        from wangge.volunteers.models import Team

        if instance is not None:
            kwargs.setdefault("initial", _initial(instance, ["region", "name", "category", "description", "team",
                                                             "active"]))
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = communities(user)
        self.fields["team"].queryset = Team.objects.restrict(user).filter(active=True)


class OrderForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Service"), queryset=ServiceItem.objects.none())
    channel = forms.ChoiceField(label=_("How ordered"), choices=OrderChannel.choices, initial=OrderChannel.GRID_WORKER)
    wanted_on = forms.DateField(label=_("Wanted on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("What is wanted"), max_length=300, required=False)

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resident is not None:
            from wangge.regions.codes import ancestor_codes

            self.fields["item"].queryset = ServiceItem.objects.filter(
                active=True, region_code__in=ancestor_codes(resident.region_code))


class TakeForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None, required=False)

    def __init__(self, *args, order=None, **kwargs):
        from wangge.volunteers.models import Team, Volunteer

        super().__init__(*args, **kwargs)
        code = order.community_code if order is not None else "-"
        self.fields["team"].queryset = Team.objects.filter(region_code=code, active=True)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(team__region_code=code, active=True)
        if order is not None and order.team_id:
            self.fields["team"].initial = order.team_id


class DoneForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)


class RateForm(forms.Form):
    rating = forms.IntegerField(label=_("Rating (1–5)"), min_value=RATING_MIN, max_value=RATING_MAX)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class PostingForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Community"), queryset=Region.objects.none())
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False,
                                        help_text=_("An enterprise of the registry; else name the employer."))
    employer_name = forms.CharField(label=_("Employer"), max_length=120, required=False)
    title = forms.CharField(label=_("Job"), max_length=100)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=10000, initial=1)
    wage_min = forms.IntegerField(label=_("Monthly wage from (yuan)"), min_value=1, required=False)
    wage_max = forms.IntegerField(label=_("Monthly wage to (yuan)"), min_value=1, required=False)
    requirements = forms.CharField(label=_("Requirements"), max_length=300, required=False)
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput(), initial=clock.today)
    open = forms.BooleanField(label=_("Open"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        from wangge.enterprises.models import Enterprise

        if instance is not None:
            kwargs.setdefault("initial", _initial(instance, [
                "region", "enterprise", "employer_name", "title", "positions", "wage_min", "wage_max",
                "requirements", "posted_on", "open"]))
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = communities(user)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user).filter(active=True)


class SeekerForm(forms.Form):
    landless = forms.BooleanField(label=_("Landless"), required=False)
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    wanted_work = forms.CharField(label=_("Work wanted"), max_length=200, required=False)
    registered_on = forms.DateField(label=_("Registered on"), widget=DateInput(), initial=clock.today)
    active = forms.BooleanField(label=_("Looking for work"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", _initial(instance, ["landless", "skills", "wanted_work", "registered_on",
                                                             "active"]))
        super().__init__(*args, **kwargs)


class TrainingForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Community"), queryset=Region.objects.none())
    title = forms.CharField(label=_("Training"), max_length=120)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    organiser = forms.CharField(label=_("Organiser"), max_length=120, help_text=_("e.g. the vocational school"))
    place = forms.CharField(label=_("Place"), max_length=120, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", _initial(instance, ["region", "title", "date", "organiser", "place"]))
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = communities(user)


class AttendanceForm(forms.Form):
    seekers = forms.ModelMultipleChoiceField(label=_("Job seekers present"), queryset=JobSeeker.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user=None, training=None, **kwargs):
        super().__init__(*args, **kwargs)
        if training is not None:
            self.fields["seekers"].queryset = (
                JobSeeker.objects.restrict(user).filter(region_code__startswith=training.region_code[:9])
                .exclude(attendance__training=training).select_related("resident").order_by("region_code", "id"))
            self.fields["seekers"].label_from_instance = lambda s: f"{s.resident.name}（{s.resident.grid.name}）"


class PlacementForm(forms.Form):
    placed_on = forms.DateField(label=_("Placed on"), widget=DateInput(), initial=clock.today)
    posting = forms.ModelChoiceField(label=_("Job posting"), queryset=JobPosting.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=120, required=False,
                                    help_text=_("When neither a posting nor an enterprise is chosen."))
    job = forms.CharField(label=_("Job"), max_length=100, required=False)
    monthly_wage = forms.IntegerField(label=_("Monthly wage (yuan)"), min_value=1, required=False)

    def __init__(self, *args, user=None, **kwargs):
        from wangge.enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = JobPosting.objects.restrict(user).filter(open=True)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user).filter(active=True)
