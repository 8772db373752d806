"""Forms of the inspections: a checklist (or its new version), a campaign, a closure notice, a delivery signed for,
closing a finding. The inspection form itself is one field group per item (views.InspectView parses it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core.photos import validate_photo
from wangge.regions.forms import RegionSelect, region_choices

from .choices import NoticeScope


def _region(user, code):
    from wangge.regions.models import Region

    return Region.objects.restrict(user).filter(code=code).first()


class _RegionForm(forms.Form):
    region = forms.ChoiceField(label=_("Area"), widget=RegionSelect)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.instance = user, instance
        regions = region_choices(user, depth=2)[1:] or region_choices(user, depth=0)
        if user is not None and getattr(user, "region_id", None) and \
                user.region.code not in {c for c, _label in regions}:
            regions.insert(0, (user.region.code, user.region.name))
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        if instance is None and user is not None and getattr(user, "region_id", None):
            self.initial.setdefault("region", user.region.code)

    def clean_region(self):
        region = _region(self.user, self.cleaned_data["region"])
        if region is None:
            raise forms.ValidationError(_("The area lies outside your jurisdiction."))
        return region


class ChecklistForm(forms.Form):
    code = forms.CharField(label=_("Checklist code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    items = forms.CharField(label=_("Items"), widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=_("One item a line; guidance after a '|'."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            self.fields["code"].disabled = True
            self.initial.update(code=instance.code, name=instance.name, description=instance.description,
                                active=instance.active,
                                items="\n".join(f"{i.text} | {i.guidance}" if i.guidance else i.text
                                                for i in instance.items.all()))
            if instance.published:
                self.fields["items"].help_text = _(
                    "This version has been used by inspections: saving makes a new version; this one stays as it is.")


class CampaignForm(_RegionForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kinds = forms.MultipleChoiceField(label=_("Kinds of enterprise"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    rounds = forms.IntegerField(label=_("Visits required"), min_value=1, max_value=10, initial=2)
    checklist = forms.TypedChoiceField(label=_("Checklist"), required=False, coerce=int, empty_value=None)
    field_order = ["name", "region", "kinds", "starts_on", "ends_on", "rounds", "checklist"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.enterprises.choices import EnterpriseKind

        from .models import Checklist

        self.fields["kinds"].choices = EnterpriseKind.choices
        self.fields["checklist"].choices = [("", "—"), *((c.pk, str(c)) for c in Checklist.objects.filter(
            active=True))]
        c = self.instance
        if c is not None:
            self.initial.update(name=c.name, region=c.region_code, kinds=c.kinds, starts_on=c.starts_on,
                                ends_on=c.ends_on, rounds=c.rounds, checklist=c.checklist_id)

    def action_kwargs(self):
        from .models import Checklist

        data = dict(self.cleaned_data)
        data["checklist"] = Checklist.objects.filter(pk=data.get("checklist")).first() if data.get("checklist") \
            else None
        return data


class NoticeForm(_RegionForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    issuer = forms.CharField(label=_("Issued by"), max_length=100, required=False)
    scope = forms.ChoiceField(label=_("Scope"), choices=NoticeScope.choices)
    venue_kind = forms.ChoiceField(label=_("Kind of venue"), required=False)
    venues = forms.MultipleChoiceField(label=_("Chosen venues"), required=False,
                                       help_text=_("Only for the scope 'chosen venues'."))
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_until = forms.DateField(label=_("In force until"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["title", "text", "issuer", "region", "scope", "venue_kind", "venues", "effective_from",
                   "effective_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.enterprises.choices import EnterpriseKind
        from wangge.enterprises.models import Enterprise

        self.fields["venue_kind"].choices = [("", _("Every kind")), *EnterpriseKind.choices]
        self.fields["venues"].choices = [(str(e.pk), f"{e.name}（{e.region.name}）") for e in
                                         Enterprise.objects.restrict(self.user).filter(active=True)
                                         .select_related("region").order_by("region_code", "name")[:500]]
        n = self.instance
        if n is not None:
            self.initial.update(title=n.title, text=n.text, issuer=n.issuer, region=n.region_code, scope=n.scope,
                                venue_kind=n.venue_kind, venues=[str(v.pk) for v in n.venues.all()],
                                effective_from=n.effective_from, effective_until=n.effective_until)
        else:
            self.initial.setdefault("venue_kind", "venue")

    def action_kwargs(self):
        from wangge.enterprises.models import Enterprise

        data = dict(self.cleaned_data)
        data["venues"] = list(Enterprise.objects.restrict(self.user).filter(pk__in=data.get("venues") or []))
        return data


class DeliveryForm(forms.Form):
    signer_name = forms.CharField(label=_("Signed for by"), max_length=50)
    signature = forms.FileField(label=_("Photo of the signature"), required=False, validators=[validate_photo],
                                widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


class CloseFindingForm(forms.Form):
    note = forms.CharField(label=_("How it was fixed"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
