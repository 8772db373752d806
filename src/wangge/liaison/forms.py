from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.accounts.choices import Role
from wangge.accounts.models import User

from .choices import MaterialKind


def _enterprises(user):
    from wangge.enterprises.models import Enterprise

    return Enterprise.objects.restrict(user).filter(active=True)


class AssignmentForm(forms.Form):
    cadre = forms.ModelChoiceField(label=_("Cadre"), queryset=User.objects.none())
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=User.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"cadre": instance.cadre_id, "enterprise": instance.enterprise_id,
                                          "start_date": instance.start_date, "end_date": instance.end_date,
                                          "note": instance.note})
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = User.objects.restrict(user).filter(
            is_active=True, role__in=[Role.ENTERPRISE_LIAISON, Role.TOWN_CADRE, Role.VILLAGE_CADRE,
                                      Role.DEPARTMENT_HANDLER, Role.DISTRICT_ADMIN])
        self.fields["enterprise"].queryset = _enterprises(user)


class VisitForm(forms.Form):
    """The visit as a cadre types it on the phone at the enterprise's gate."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=User.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    checked = forms.CharField(label=_("What was checked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    help_given = forms.CharField(label=_("Help given"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(label=_("Problems collected (one a line)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    suggestions = forms.CharField(label=_("Suggestions collected (one a line)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import my_enterprise_ids

        qs = _enterprises(user)
        mine = my_enterprise_ids(user)
        self.fields["enterprise"].queryset = qs.filter(pk__in=mine) if mine else qs
        for kind, label in MaterialKind.choices:
            self.fields[f"material_{kind}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100000, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def action_data(self) -> dict:
        data = self.cleaned_data
        return {"enterprise": data["enterprise"], "date": data["date"], "checked": data["checked"],
                "help_given": data["help_given"],
                "materials": {k: data.get(f"material_{k}") or 0 for k in MaterialKind.values},
                "problems": (data["problems"] or "").splitlines(),
                "suggestions": (data["suggestions"] or "").splitlines()}


class SolveForm(forms.Form):
    solution = forms.CharField(label=_("How it was solved"), required=False, max_length=1000)
