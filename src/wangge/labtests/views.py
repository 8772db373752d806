"""Mass-testing pages: campaigns with coverage (不漏一人), the not-yet-sampled list with a logged call button,
positive pools and the phone-friendly registration page that reopens offline (a service worker caches it)."""

import pathlib

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wangge.core.views_generic import ObjectListView, ObjectView, PermissionRequiredMixin, get_scoped_or_404
from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.codes import page_region

from . import selectors
from .choices import ALLOWED_POOL_SIZES, ControlState
from .filtersets import CampaignFilterSet, NotSampledFilterSet
from .models import Campaign, TemporaryControl, Terminal, Tube
from .tables import CampaignTable, NotSampledTable


class CampaignListView(ObjectListView):
    queryset = Campaign.objects.select_related("region")
    filterset = CampaignFilterSet
    table = CampaignTable
    title = gettext_lazy("Mass testing campaigns")
    export_name = "campaigns"
    template_name = "labtests/campaign_list.html"


def hourly_chart(campaign, hours) -> dict:
    """People sampled per site per hour, on the campaign's own hours (its days × its opening hours)."""
    axis = selectors.campaign_hours(campaign)
    axis = sorted(set(axis) | {h["hour"] for h in hours})  # a scan outside the hours still shows
    index = {h: i for i, h in enumerate(axis)}
    sites = sorted({h["site"] for h in hours})
    series = {s: [0] * len(axis) for s in sites}
    for h in hours:
        series[h["site"]][index[h["hour"]]] = h["n"]
    return {"hours": [timezone.localtime(h).strftime("%m-%d %H:00") for h in axis],
            "series": [{"name": s, "type": "bar", "stack": "all", "data": v} for s, v in series.items()],
            "title": _("People sampled per hour by site")}


def hourly_rows(chart: dict) -> list[dict]:
    """The hourly chart's figures as the table under it: one row per hour, one number per site (the chart's
    order), and the hour's total."""
    return [{"hour": hour, "values": [{"site": s["name"], "n": s["data"][i]} for s in chart["series"]],
             "total": sum(s["data"][i] for s in chart["series"])}
            for i, hour in enumerate(chart["hours"])]


class CampaignDetailView(ObjectView):
    queryset = Campaign.objects.select_related("region")
    template_name = "labtests/campaign_detail.html"

    def get_extra_context(self, campaign) -> dict:
        user = self.request.user
        region = page_region(self.request, default=selectors.campaign_region_code(user, campaign))
        rows, total = selectors.coverage(user, campaign, region)
        controls = (TemporaryControl.objects.restrict(user)
                    .filter(tube__campaign=campaign, region_code__startswith=region.code)
                    .select_related("tube", "sample").order_by("state", "-created")[:100])
        chart = hourly_chart(campaign, selectors.throughput(user, campaign, region))
        return {"region": region, "ancestors": region.ancestors(), "rows": rows, "total": total,
                "tubes": selectors.tube_counts(user, campaign, region),
                "chart": chart, "hour_rows": hourly_rows(chart),
                "controls": controls, "drill": not codes.is_grid(region.code),
                "under_control": ControlState.UNDER_CONTROL}


class NotSampledListView(ObjectListView):
    """Residents of the region not yet sampled in the campaign, people without a smartphone first: masked
    numbers with a call button (the logged call action), never the full number on the page."""

    queryset = Resident.objects.select_related("grid")
    filterset = NotSampledFilterSet
    table = NotSampledTable
    permission_required = "labtests.view_campaign"
    export_permission = "people.export_resident"
    template_name = "labtests/not_sampled.html"
    export_name = "not-sampled"
    hidden_filters = ("ordering",)

    def campaign(self):
        if not hasattr(self, "_campaign"):
            self._campaign = get_scoped_or_404(Campaign.objects.all(), self.request.user, pk=self.kwargs["pk"])
        return self._campaign

    def region(self):
        if not hasattr(self, "_region"):
            campaign = self.campaign()
            self._region = page_region(self.request,
                                       default=selectors.campaign_region_code(self.request.user, campaign))
        return self._region

    def get_queryset(self):
        return selectors.not_sampled(self.request.user, self.campaign(), self.region())

    def get_extra_context(self):
        return {"campaign": self.campaign(), "region": self.region(),
                "title": _("Not yet sampled") + " · " + self.region().name}


class RegisterView(PermissionRequiredMixin, TemplateView):
    """The registration terminal page: one scan field; events are queued on the device and synced. The ID check
    digit is validated on the device; the page and its assets are cached by a service worker (register-sw.js)
    so that it reopens without the network."""

    permission_required = "labtests.add_sample"
    template_name = "labtests/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terminals = list(Terminal.objects.restrict(self.request.user).select_related("site__campaign")
                         .order_by("code"))
        context.update(terminals=[t for t in terminals if not t.site.campaign.is_finished],
                       finished=[t for t in terminals if t.site.campaign.is_finished],
                       pool_sizes=ALLOWED_POOL_SIZES)
        return context


_WORKER = pathlib.Path(__file__).parent / "static" / "labtests" / "register-sw.js"


class RegisterWorkerView(View):
    """The service worker script, served under the page's path so that its scope covers the page (a script
    under /static/ could only control /static/)."""

    def get(self, request):
        response = HttpResponse(_WORKER.read_text(encoding="utf-8"), content_type="application/javascript")
        response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
        response["Cache-Control"] = "no-cache"
        return response


class TubeDetailView(ObjectView):
    queryset = Tube.objects.select_related("site", "campaign")
    template_name = "labtests/tube_detail.html"
    lookup_field = "barcode"

    def get_permission_required(self):
        return "labtests.view_tube"

    def get_title(self, obj) -> str:
        return _("Tube") + " " + obj.barcode

    def get_extra_context(self, tube) -> dict:
        return {"samples": tube.samples.restrict(self.request.user).select_related("resident")}
