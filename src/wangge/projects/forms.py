"""Forms of the practical projects: a project, a milestone with photos, codes to issue, a paper evaluation and the
public evaluation (a code and a rating)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core.photos import validate_photo
from wangge.regions.forms import RegionSelect, region_choices

from .choices import Rating, Status

RESIDENT_CHOICES_MAX = 3000


class ProjectForm(forms.Form):
    region = forms.ChoiceField(label=_("Village / community (or town)"), widget=RegionSelect)
    quarter = forms.CharField(label=_("Quarter"), max_length=20, help_text=_("2021Q3 or 2021年第三季度"))
    title = forms.CharField(label=_("Project"), max_length=120)
    category = forms.CharField(label=_("Category"), max_length=40, required=False,
                               help_text=_("教育, 养老, 老旧小区 …"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Responsible person"), max_length=50, required=False)
    budget = forms.CharField(label=_("Budget (10,000 yuan)"), max_length=20, required=False)
    planned_finish = forms.DateField(label=_("Planned finish"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), initial=0, help_text=_("0 to 100"))
    published = forms.BooleanField(label=_("Published (on the public list)"), required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.instance = user, instance
        regions = region_choices(user, depth=2)[1:] if user is not None else []
        if user is not None and getattr(user, "region_code", "") and len(user.region_code) <= 12:
            regions = [(user.region_code, user.region.name), *[r for r in regions if r[0] != user.region_code]]
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        if instance is not None:
            self.initial.update({name: getattr(instance, name) for name in (
                "quarter", "title", "category", "description", "responsible", "budget", "planned_finish", "status",
                "progress", "published")})
            self.initial["region"] = instance.region_code

    def action_kwargs(self) -> dict:
        from wangge.regions.models import Region

        data = dict(self.cleaned_data)
        data["region"] = Region.objects.restrict(self.user).filter(code=data["region"]).first()
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultiplePhotoField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_photo(upload)
        return cleaned


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("What was done"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    photos = MultiplePhotoField(label=_("Photos"), required=False)


def resident_choices(user, project):
    from wangge.people.models import Resident

    rows = (Resident.objects.restrict(user).filter(region_code__startswith=project.region_code)
            .order_by("region_code", "name").values_list("pk", "name", "region_code")[:RESIDENT_CHOICES_MAX])
    return [(pk, f"{name}（{code[-3:]}）") for pk, name, code in rows]


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Codes for anyone at a meeting"), required=False, min_value=1, max_value=500)
    residents = forms.TypedMultipleChoiceField(label=_("Or codes for these residents"), required=False, coerce=int,
                                               widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, user=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].choices = resident_choices(user, project)

    def clean(self):
        data = super().clean()
        if not data.get("count") and not data.get("residents"):
            raise forms.ValidationError(_("Give a number of codes or choose residents."))
        return data


class PaperEvaluationForm(forms.Form):
    resident = forms.TypedChoiceField(label=_("Resident"), coerce=int)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [("", "—"), *resident_choices(user, project)]


class PublicEvaluationForm(forms.Form):
    code = forms.CharField(label=_("Code on your slip"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    rating = forms.ChoiceField(label=_("Your judgement"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
