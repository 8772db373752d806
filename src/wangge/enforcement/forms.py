"""Forms of joint punishment: the case, and one form per step (each action checks everything again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.regions.forms import RegionSelect, region_choices

from .choices import MEASURE_SUGGESTIONS, CorrectionKind, PartyKind, ViolationKind, VisitResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return clock.today()


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ViolationKind.choices)
    place = forms.CharField(label=_("Place"), max_length=100,
                            help_text=_("What and where, e.g. “rooftop extension of No. 12”."))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("Region"), widget=RegionSelect)
    party_kind = forms.ChoiceField(label=_("Party kind"), choices=PartyKind.choices)
    resident = forms.IntegerField(label=_("Resident of the registry (number)"), required=False,
                                  help_text=_("The resident's record number; or leave empty and name the party."))
    party_name = forms.CharField(label=_("Party"), max_length=100, required=False)
    party_id_number = forms.CharField(label=_("ID number or credit code"), max_length=18, required=False)
    party_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    found_on = forms.DateField(label=_("Found on"), widget=DATE, initial=_today)
    area_m2 = forms.DecimalField(label=_("Area (m²)"), required=False, max_digits=8, decimal_places=1)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        data = args[0] if args else kwargs.get("data")
        if instance is not None and data is None:
            kwargs["initial"] = {
                "kind": instance.kind, "place": instance.place, "address": instance.address,
                "region": instance.region_code, "party_kind": instance.party_kind, "resident": instance.resident_id,
                "party_name": instance.party_name, "found_on": instance.found_on, "area_m2": instance.area_m2,
                "description": instance.description}
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance = instance
        regions = region_choices(user, depth=3)[1:]
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        if instance is not None:
            self.fields["found_on"].disabled = True
            # The numbers stay as they are unless retyped (the form never shows them in full).
            self.fields["party_id_number"].help_text = _("Leave empty to keep the number on record.")
            self.fields["party_phone"].help_text = _("Leave empty to keep the number on record.")

    def clean(self):
        data = super().clean()
        if self.instance is not None:
            data["party_id_number"] = data.get("party_id_number") or self.instance.party_id_number
            data["party_phone"] = data.get("party_phone") or self.instance.party_phone
        return data


class VisitForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    people = forms.CharField(label=_("Who visited"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=VisitResult.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoteForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ApproveForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    departments = forms.TypedMultipleChoiceField(label=_("Member departments"), coerce=int,
                                                 widget=forms.CheckboxSelectMultiple)
    measure = forms.CharField(label=_("Measure"), max_length=200, initial=MEASURE_SUGGESTIONS[0],
                              help_text=_("The measure each chosen department applies (one line per department, "
                                          "in the order above, or one line for all)."),
                              widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.hotline.models import Department

        self.fields["departments"].choices = [(d.pk, d.name) for d in Department.objects.filter(active=True)]

    def measures(self):
        from wangge.hotline.models import Department

        departments = list(Department.objects.filter(pk__in=self.cleaned_data["departments"]).order_by("code"))
        lines = [line.strip() for line in self.cleaned_data["measure"].splitlines() if line.strip()]
        if len(lines) == 1:
            lines = lines * len(departments)
        if len(lines) != len(departments):
            raise forms.ValidationError(_("Give one measure for all, or one line per department."))
        return list(zip(departments, lines, strict=True))


class CorrectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Correction"), choices=CorrectionKind.choices)
    on = forms.DateField(label=_("Demolished on"), widget=DATE, initial=_today)
    hours = forms.DecimalField(label=_("Demolition took (hours)"), required=False, max_digits=5, decimal_places=1)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LiftApplicationForm(forms.Form):
    on = forms.DateField(label=_("Filed on"), widget=DATE, initial=_today)
    reason = forms.CharField(label=_("Reason for lifting"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    granted = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Grant: lift every measure")), ("no", _("Refuse"))])
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class ReportForm(forms.Form):
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE, initial=_today)
    report = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
