"""Mass-testing pages: campaigns with coverage (不漏一人), the not-yet-sampled list, positive pools and the
phone-friendly registration page that works offline."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from wangge.core.exports import export_response
from wangge.regions.models import Region

from . import selectors
from .choices import ALLOWED_POOL_SIZES, ControlState
from .models import Campaign, TemporaryControl, Terminal, Tube
from .tables import NotSampledTable


def _campaign_and_region(request, pk):
    campaign = get_object_or_404(Campaign.objects.restrict(request.user), pk=pk)
    scope = getattr(request.user, "region_code", None) or ""
    code = request.GET.get("region") or (campaign.region_code if campaign.region_code.startswith(scope) else scope)
    region = Region.objects.restrict(request.user).filter(code=code).first()
    if region is None:
        raise Http404(_("No such region in your jurisdiction."))
    return campaign, region


@login_required
def campaign_list(request):
    campaigns = Campaign.objects.restrict(request.user).select_related("region")
    return render(request, "labtests/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_detail(request, pk):
    campaign, region = _campaign_and_region(request, pk)
    rows, total = selectors.coverage(request.user, campaign, region)
    hours = selectors.throughput(request.user, campaign, region)
    sites = sorted({h["site"] for h in hours})
    labels = sorted({h["hour"] for h in hours})
    series = {s: [0] * len(labels) for s in sites}
    index = {h: i for i, h in enumerate(labels)}
    for h in hours:
        series[h["site"]][index[h["hour"]]] = h["n"]
    chart = {"hours": [h.astimezone().strftime("%m-%d %H:00") for h in labels],
             "series": [{"name": s, "type": "bar", "stack": "all", "data": v} for s, v in series.items()],
             "title": _("People sampled per hour by site")}
    controls = (TemporaryControl.objects.restrict(request.user)
                .filter(tube__campaign=campaign, region_code__startswith=region.code)
                .select_related("tube", "sample").order_by("state", "-created")[:100])
    return render(request, "labtests/campaign_detail.html", {
        "campaign": campaign, "region": region, "ancestors": region.ancestors(), "rows": rows, "total": total,
        "tubes": selectors.tube_counts(request.user, campaign, region), "chart": chart,
        "controls": controls, "drill": len(region.code) < 15,
        "under_control": ControlState.UNDER_CONTROL,
    })


@login_required
def not_sampled(request, pk):
    campaign, region = _campaign_and_region(request, pk)
    people = selectors.not_sampled(request.user, campaign, region)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return export_response(people, NotSampledTable.export_columns(), fmt=fmt, user=request.user,
                               name="not-sampled", query=request.GET.urlencode())
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "labtests/not_sampled.html", {
        "campaign": campaign, "region": region, "page": page, "table": NotSampledTable(page.object_list),
    })


@login_required
def register(request):
    """The registration terminal page: one scan field; events are queued in the browser and synced."""
    terminals = Terminal.objects.restrict(request.user).select_related("site__campaign").order_by("code")
    return render(request, "labtests/register.html", {"terminals": terminals, "pool_sizes": ALLOWED_POOL_SIZES})


@login_required
def tube_detail(request, barcode):
    tube = get_object_or_404(Tube.objects.restrict(request.user).select_related("site", "campaign"), barcode=barcode)
    samples = tube.samples.restrict(request.user).select_related("resident")
    return render(request, "labtests/tube_detail.html", {"tube": tube, "samples": samples})
