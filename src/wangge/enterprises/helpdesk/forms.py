from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.hotline.choices import DISSATISFIED, Satisfaction
from wangge.hotline.models import Category

from .actions import SUBJECT_MAX

RATINGS = [(v, label) for v, label in Satisfaction.choices if v != Satisfaction.UNREACHED]


class HelpRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    text = forms.CharField(label=_("What do you need?"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(active=True))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


class ConfirmForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Your rating of the answer"), choices=RATINGS,
                                     initial=Satisfaction.VERY_SATISFIED)
    note = forms.CharField(label=_("Comment"), required=False, max_length=500)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is it not solved?"), widget=forms.Textarea(attrs={"rows": 3}))
    satisfaction = forms.ChoiceField(label=_("Your rating of the answer"),
                                     choices=[(v, label) for v, label in Satisfaction.choices if v in DISSATISFIED])
