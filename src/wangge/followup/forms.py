from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.people.models import Resident
from wangge.regions.models import Region

from .choices import category_choices


class FollowUpForm(forms.Form):
    """A person reported by hand (a neighbour, a work unit, the CDC): found in the registry by ID number, or
    recorded as given and placed in a region of the user's jurisdiction."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=category_choices)
    start_date = forms.DateField(label=_("Arrival date"), widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ModelChoiceField(label=_("Grid or village"), queryset=Region.objects.none(), to_field_name="code")
    reporter_note = forms.CharField(label=_("Who reported, what was said"), widget=forms.Textarea(attrs={"rows": 3}),
                                    required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = (Region.objects.restrict(user).filter(level__in=("grid", "village"))
                                          .order_by("code"))
        self.fields["region"].label_from_instance = lambda r: r.full_name if hasattr(r, "full_name") else r.name
        if user is not None and getattr(user, "region_id", None):
            self.initial.setdefault("region", user.region.code)
        self.initial.setdefault("start_date", clock.today())

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        id_number = data.get("id_number", "").strip().upper()
        resident = None
        if id_number:
            resident = Resident.objects.restrict(self.user).filter(id_number=id_number).first()
        kwargs = {"category": data["category"], "start_date": data["start_date"],
                  "reporter_note": data.get("reporter_note", "")}
        if resident is not None:
            return {**kwargs, "resident": resident}
        return {**kwargs, "id_number": id_number, "phone": data.get("phone", "").strip(), "name": data["name"],
                "region": data["region"]}
