"""Vaccination pages: coverage with drill-down and charts, the mobilisation list, sites and dose entry."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.core.ids import mask_phone
from wangge.people.models import Resident
from wangge.regions.models import Region

from . import actions, coverage
from .forms import DoseForm, ExemptionForm, SiteForm
from .models import Dose, VaccinationSite


def scoped_region(request) -> Region:
    """The region asked for with ?region=CODE, else the user's jurisdiction (the district for a superuser);
    a region outside the user's jurisdiction is a 404."""
    code = request.GET.get("region") or getattr(request.user, "region_code", None)
    regions = Region.objects.restrict(request.user)
    region = regions.filter(code=code).first() if code else regions.filter(parent__isnull=True).first()
    if region is None:
        raise Http404(_("No such region in your jurisdiction."))
    return region


def as_of_date(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def coverage_view(request):
    region = scoped_region(request)
    as_of = as_of_date(request)
    rows, total = coverage.coverage_by_child_region(request.user, region, as_of)
    bands = coverage.coverage_by_age_band(request.user, region, as_of)
    per_day = coverage.doses_per_day(request.user, region, end=as_of)
    chart = {
        "days": [d.isoformat() for d, _n, _c in per_day],
        "daily": [n for _d, n, _c in per_day],
        "cumulative": [c for _d, _n, c in per_day],
        "bands": [b.label for b in bands],
        "first": [b.first_rate for b in bands],
        "full": [b.full_rate for b in bands],
        "booster": [b.booster_rate for b in bands],
        "labels": {"per_day": _("Doses per day"), "daily": _("Daily"), "cumulative": _("Cumulative"),
                   "bands": _("Coverage by age band (%)"), "first": _("First dose"), "full": _("Full course"),
                   "booster": _("Booster")},
    }
    return render(request, "vaccination/coverage.html", {
        "region": region, "ancestors": region.ancestors(), "rows": rows, "total": total, "bands": bands,
        "as_of": as_of, "chart": chart, "drill": len(region.code) < 15,
        "total_doses": per_day[-1][2] if per_day else 0,
    })


@login_required
def unvaccinated_view(request):
    region = scoped_region(request)
    as_of = as_of_date(request)
    include_excluded = request.GET.get("all") == "1"
    qs = coverage.unvaccinated(request.user, region, as_of, include_excluded=include_excluded)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # Lists always mask: a full number is shown only by the resident page's logged reveal.
    people = [{"resident": r, "phone": mask_phone(r.phone), "status": getattr(r, "vaccination", None)}
              for r in page]
    return render(request, "vaccination/unvaccinated.html", {
        "region": region, "page": page, "people": people, "include_excluded": include_excluded,
        "exemption_form": ExemptionForm(), "as_of": as_of,
    })


@login_required
@require_POST
def record_exemption_view(request, resident_id):
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_exemption(resident_id, reason=form.cleaned_data["reason"],
                                     note=form.cleaned_data["note"], user=request.user)
        except Resident.DoesNotExist:
            raise Http404 from None
        messages.success(request, _("Reason recorded."))
    else:
        messages.error(request, _("Please choose a valid reason."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("vaccination:unvaccinated")
    return redirect(target)


@login_required
def site_list_view(request):
    sites = VaccinationSite.objects.restrict(request.user).select_related("region")
    today = timezone.localdate()
    counts = dict(Dose.objects.filter(site__in=sites, date=today).values("site").annotate(n=Count("pk"))
                  .values_list("site", "n"))
    rows = [{"site": s, "today": counts.get(s.pk, 0)} for s in sites]
    form = SiteForm() if request.user.has_perm("vaccination.add_vaccinationsite") else None
    return render(request, "vaccination/sites.html", {"rows": rows, "form": form, "today": today})


@login_required
def dose_entry_view(request):
    form = DoseForm(request.POST or None, initial={"site": request.GET.get("site")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident = Resident.objects.restrict(request.user).filter(id_number=data["id_number"]).first()
        if resident is None:
            form.add_error("id_number", _("No resident with this ID number in your jurisdiction."))
        else:
            try:
                status = actions.record_dose(resident.pk, dose_number=data["dose_number"], date=data["date"],
                                             product=data["product"], site=data["site"], user=request.user)
            except actions.DoseError as exc:
                form.add_error("dose_number", str(exc))
            else:
                messages.success(request, _("Dose %(n)s recorded for %(name)s.") % {
                    "n": data["dose_number"], "name": resident.name})
                return redirect(f"{request.path}?site={data['site'].pk if data['site'] else ''}"
                                f"&last={status.resident_id}")
    return render(request, "vaccination/dose_entry.html", {"form": form})


@login_required
def site_create_view(request):
    if not request.user.has_perm("vaccination.add_vaccinationsite"):
        raise Http404
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = get_object_or_404(Region.objects.restrict(request.user), pk=form.cleaned_data["region"].pk)
        site = form.save(commit=False)
        site.region = region
        site.save()
        messages.success(request, _("Site saved."))
        return redirect("vaccination:sites")
    return render(request, "vaccination/sites.html", {"rows": [], "form": form})
