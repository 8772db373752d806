"""Forms of the command centre: a monitoring point (视频监控点)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.regions.forms import RegionSelect, region_choices

from .choices import PointKind


class MonitoringPointForm(forms.Form):
    """A point of the user's jurisdiction; the code (the video platform's key) is fixed once the point exists. The
    action checks everything again (the region and site inside the jurisdiction, the stream URL's scheme)."""

    code = forms.CharField(label=_("Point code"), max_length=40,
                           help_text=_("The video platform's code of the camera: letters, digits, '-' and '_'."))
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices)
    region = forms.ChoiceField(label=_("Region"), widget=RegionSelect)
    stream_url = forms.CharField(label=_("Stream URL"), max_length=500,
                                 widget=forms.URLInput(attrs={"placeholder": "https://…/live/camera.m3u8"}),
                                 help_text=_("http:// or https://: an HLS playlist (.m3u8) or a video URL"))
    sampling_site = forms.TypedChoiceField(label=_("Sampling site watched"), required=False, coerce=int,
                                           empty_value=None)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.labtests.models import SamplingSite

        self.user = user
        self.instance = instance
        regions = region_choices(user, depth=3)[1:]  # without "whole jurisdiction"
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        sites = (SamplingSite.objects.restrict(user).select_related("campaign")
                 .order_by("-campaign__start_date", "campaign_id", "name")[:500])
        self.fields["sampling_site"].choices = [("", _("None")), *((s.pk, f"{s.campaign.name} · {s.name}")
                                                                  for s in sites)]
        if instance is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code is the video platform's key and cannot change.")
            self.initial.update(code=instance.code, name=instance.name, kind=instance.kind,
                                region=instance.region_code, stream_url=instance.stream_url,
                                sampling_site=instance.sampling_site_id, lat=instance.lat, lon=instance.lon,
                                active=instance.active)
            if instance.sampling_site_id and not any(
                    str(value) == str(instance.sampling_site_id) for value, _label in
                    self.fields["sampling_site"].choices):
                self.fields["sampling_site"].choices.append((instance.sampling_site_id, str(instance.sampling_site)))
        elif user is not None and getattr(user, "region_id", None):
            self.initial.setdefault("region", user.region.code)

    def action_kwargs(self) -> dict:
        """The cleaned data as the actions take them (a Region and a SamplingSite rather than their codes)."""
        from wangge.labtests.models import SamplingSite
        from wangge.regions.models import Region

        data = self.cleaned_data
        region = Region.objects.restrict(self.user).filter(code=data["region"]).first()
        site = SamplingSite.objects.filter(pk=data["sampling_site"]).first() if data.get("sampling_site") else None
        kwargs = {"name": data["name"], "kind": data["kind"], "region": region, "stream_url": data["stream_url"],
                  "sampling_site": site, "lat": data.get("lat"), "lon": data.get("lon"),
                  "active": data.get("active", False)}
        if self.instance is None:
            kwargs["code"] = data["code"]
        return kwargs


LAYOUT_CHOICES = [(1, "1"), (4, "4"), (9, "9"), (16, "16")]


class VideoWallForm(forms.Form):
    """The wall's controls (GET): region, kind, tiles per page, only online points, rotation. A bad value falls back
    to the default instead of an error: a wall must always show something."""

    region = forms.ChoiceField(label=_("Region"), required=False, widget=RegionSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    layout = forms.TypedChoiceField(label=_("Tiles"), choices=LAYOUT_CHOICES, coerce=int, required=False)
    online = forms.BooleanField(label=_("Only online points"), required=False)
    rotate = forms.TypedChoiceField(label=_("Next page every"), coerce=int, required=False, choices=[
        (0, _("never")), (30, _("30 seconds")), (60, _("1 minute")), (120, _("2 minutes"))])

    def __init__(self, *args, user=None, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = region_choices(user, depth=2)
        if region is not None and not any(code == region.code for code, _label in regions):
            regions.append((region.code, region.name))  # a grid picked by URL stays picked
        self.fields["region"].choices = regions
        self.fields["region"].widget.choices = regions
        self.fields["kind"].choices = [("", _("All kinds")), *PointKind.choices]
        self.region = region
        if region is not None:
            self.initial["region"] = region.code
        self.initial.setdefault("layout", 9)

    def choice(self) -> dict:
        """{"kind", "layout", "online", "rotate"} from valid input, else the defaults, field by field."""
        defaults = {"kind": "", "layout": 9, "online": False, "rotate": 0}
        if not self.is_bound:
            return defaults
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen = dict(defaults)
        for name in defaults:
            if name in data and data[name] not in (None, ""):
                chosen[name] = data[name]
        return chosen
