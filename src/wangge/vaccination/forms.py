from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.ids import InvalidID, normalize_id

from .choices import ExemptionReason
from .models import VaccinationSite, VaccineProduct


class DoseForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    dose_number = forms.IntegerField(label=_("Dose number"), min_value=1, max_value=9)
    date = forms.DateField(label=_("Date"), initial=clock.today,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    product = forms.ModelChoiceField(label=_("Vaccine"), queryset=VaccineProduct.objects.all())
    site = forms.ModelChoiceField(label=_("Vaccination site"), queryset=VaccinationSite.objects.filter(active=True),
                                  required=False)

    def clean_id_number(self):
        try:
            return normalize_id(self.cleaned_data["id_number"])
        except InvalidID as exc:
            raise forms.ValidationError(str(exc)) from None


class ExemptionForm(forms.Form):
    # No default: the person's reason must be chosen (an empty choice is refused).
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason"))] + list(ExemptionReason.choices))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class SiteForm(forms.ModelForm):
    class Meta:
        model = VaccinationSite
        fields = ["name", "kind", "region", "serves", "address", "daily_capacity", "active"]
