"""Forms of the checkpoints: a checkpoint of the registry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.regions.forms import RegionSelect, region_choices

from .choices import CheckpointKind


class CheckpointForm(forms.Form):
    """A checkpoint of the user's jurisdiction; the code (the natural key of checkpoints.csv) is fixed once the
    checkpoint exists. The action checks everything again (region and monitoring point inside the jurisdiction)."""

    code = forms.CharField(label=_("Checkpoint code"), max_length=40,
                           help_text=_("Letters, digits, '-' and '_': the code of checkpoints.csv."))
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CheckpointKind.choices)
    region = forms.ChoiceField(label=_("Region"), widget=RegionSelect)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    monitoring_point = forms.TypedChoiceField(label=_("Monitoring point watching it"), required=False, coerce=int,
                                              empty_value=None)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.dashboard.models import MonitoringPoint

        self.user = user
        self.instance = instance
        regions = region_choices(user, depth=3)[1:]  # without "whole jurisdiction"
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        points = MonitoringPoint.objects.restrict(user).order_by("region_code", "code")[:1000]
        self.fields["monitoring_point"].choices = [("", _("None")), *((p.pk, str(p)) for p in points)]
        if instance is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code is the checkpoint's key and cannot change.")
            self.initial.update(code=instance.code, name=instance.name, kind=instance.kind,
                                region=instance.region_code, address=instance.address, lat=instance.lat,
                                lon=instance.lon, monitoring_point=instance.monitoring_point_id,
                                active=instance.active)
            if instance.region_code not in {code for code, _label in regions}:
                regions.append((instance.region_code, instance.region.name))  # a grid of a compound gate
        elif user is not None and getattr(user, "region_id", None):
            self.initial.setdefault("region", user.region.code)

    def action_kwargs(self) -> dict:
        """The cleaned data as the actions take them (a Region and a MonitoringPoint rather than their keys)."""
        from wangge.dashboard.models import MonitoringPoint
        from wangge.regions.models import Region

        data = self.cleaned_data
        region = Region.objects.restrict(self.user).filter(code=data["region"]).first()
        point = MonitoringPoint.objects.filter(pk=data["monitoring_point"]).first() \
            if data.get("monitoring_point") else None
        kwargs = {"name": data["name"], "kind": data["kind"], "region": region, "address": data.get("address", ""),
                  "lat": data.get("lat"), "lon": data.get("lon"), "monitoring_point": point,
                  "active": data.get("active", False)}
        if self.instance is None:
            kwargs["code"] = data["code"]
        return kwargs
