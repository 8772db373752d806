from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.core.ids import InvalidID, normalize_id

from .choices import ExemptionReason
from .models import VaccinationSite, VaccineProduct


class DoseForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    dose_number = forms.IntegerField(label=_("Dose number"), min_value=1, max_value=9)
    date = forms.DateField(label=_("Date"), initial=timezone.localdate,
                           widget=forms.DateInput(attrs={"type": "date"}))
    product = forms.ModelChoiceField(label=_("Vaccine"), queryset=VaccineProduct.objects.all())
    site = forms.ModelChoiceField(label=_("Vaccination site"), queryset=VaccinationSite.objects.filter(active=True),
                                  required=False)

    def clean_id_number(self):
        try:
            return normalize_id(self.cleaned_data["id_number"])
        except InvalidID as exc:
            raise forms.ValidationError(str(exc)) from None


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("(clear)"))] + list(ExemptionReason.choices),
                               required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class SiteForm(forms.ModelForm):
    class Meta:
        model = VaccinationSite
        fields = ["name", "kind", "region", "address", "daily_capacity", "active"]
