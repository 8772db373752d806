from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channel, Satisfaction, Urgency
from .models import Category, Department


class IntakeForm(forms.Form):
    """The operator's intake form (keyboard-first: the content field has focus; suggestions fill the rest)."""

    MODES = [("answer", _("Answer directly")), ("dispatch", _("Dispatch")), ("queue", _("Queue for dispatch"))]

    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}))
    category = forms.ModelChoiceField(label=_("Category"), to_field_name="code",
                                      queryset=Category.objects.filter(active=True, parent__isnull=False))
    region = forms.CharField(label=_("Place (region code)"), required=False, max_length=15,
                             widget=forms.TextInput(attrs={"list": "region-list", "inputmode": "numeric"}))
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    caller_name = forms.CharField(label=_("Caller name"), required=False, max_length=50)
    caller_phone = forms.CharField(label=_("Caller phone"), required=False, max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "tel"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    mode = forms.ChoiceField(label=_("Handling"), choices=MODES, initial="answer", widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("Department"), required=False, to_field_name="code",
                                        queryset=Department.objects.filter(active=True))
    duplicate_of = forms.CharField(label=_("Duplicate of (number)"), required=False, max_length=24)

    def clean(self):
        data = super().clean()
        if data.get("mode") == "answer" and not (data.get("answer") or "").strip():
            self.add_error("answer", _("An answer is required."))
        if data.get("mode") == "dispatch" and not data.get("department"):
            self.add_error("department", _("Choose a department."))
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("To (exclusive)"),
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    group_by = forms.ChoiceField(label=_("Group by"), choices=[("department", _("Department")),
                                                                ("category", _("Category"))])


class CallbackForm(forms.Form):
    """The callback: how satisfied the caller is, chosen by the operator — nothing is preselected."""

    satisfaction = forms.ChoiceField(label=_("Satisfaction"), required=True,
                                     choices=[("", _("— choose —")), *Satisfaction.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
