from django import forms
from django.utils.translation import gettext_lazy as _


class PolicyYamlForm(forms.Form):
    """A draft version as YAML text; the schema (schema.py) validates it when the action saves it."""

    yaml_text = forms.CharField(
        label=_("YAML document"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        help_text=_("The schema is described in the policies README; errors name the line."))


class ActivationForm(forms.Form):
    effective_from = forms.DateField(label=_("Effective from"),
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     help_text=_("The version in force before this date ends on it."))
