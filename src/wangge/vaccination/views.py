"""Vaccination pages: coverage with drill-down and charts, the mobilisation list, sites and dose entry."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wangge.core import clock
from wangge.core.errors import ActionError, NotFound
from wangge.core.views_generic import ObjectListView, date_param, safe_next
from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.codes import page_region
from wangge.regions.models import Region

from . import actions, coverage
from .filtersets import UnvaccinatedFilterSet
from .forms import DoseForm, ExemptionForm, SiteForm
from .models import Dose, VaccinationSite
from .tables import UnvaccinatedTable


def scoped_region(request) -> Region:
    """The region the page shows (regions.codes.page_region: ?region=CODE inside the jurisdiction, else it)."""
    return page_region(request)


def as_of_date(request) -> datetime.date:
    """`?as_of=YYYY-MM-DD`, else the clock's today (WANGGE_TODAY moves it: the demo opens on its day)."""
    return date_param(request, "as_of")


@login_required
@permission_required("vaccination.view_vaccinationstatus", raise_exception=True)
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
        "as_of": as_of, "chart": chart, "drill": not codes.is_grid(region.code),
        "total_doses": per_day[-1][2] if per_day else 0, "per_day": per_day,
    })


class UnvaccinatedListView(ObjectListView):
    """Eligible residents without a first dose, by grid and age band, oldest first; exported (logged) for
    mobilisation. Phones always masked."""

    queryset = Resident.objects.select_related("grid", "vaccination")
    filterset = UnvaccinatedFilterSet
    table = UnvaccinatedTable
    permission_required = "vaccination.view_vaccinationstatus"
    export_permission = "vaccination.view_vaccinationstatus"
    template_name = "vaccination/unvaccinated.html"
    title = gettext_lazy("Unvaccinated residents")
    export_name = "unvaccinated"

    def as_of(self):
        return date_param(self.request, "as_of")

    def get_queryset(self):
        region = page_region(self.request)
        include = self.request.GET.get("include_excluded") == "true"
        return coverage.unvaccinated(self.request.user, region, self.as_of(), include_excluded=include)

    def get_filterset(self):
        filterset = self.filterset(self.request.GET or None, queryset=self.get_queryset(), request=self.request,
                                   as_of=self.as_of())
        self.customize_form(filterset.form)
        return filterset

    def get_extra_context(self):
        return {"exemption_form": ExemptionForm(), "as_of": self.as_of(), "region": page_region(self.request)}


@login_required
@permission_required("vaccination.change_vaccinationstatus", raise_exception=True)
@require_POST
def record_exemption_view(request, resident_id):
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_exemption(request.user, resident_id, reason=form.cleaned_data["reason"],
                                        note=form.cleaned_data["note"])
        except NotFound:
            raise Http404 from None
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Reason recorded."))
    else:
        messages.error(request, _("Choose the reason the person is not vaccinated."))
    return redirect(safe_next(request, reverse("vaccination:unvaccinated")))


@login_required
@permission_required("vaccination.view_vaccinationsite", raise_exception=True)
def site_list_view(request):
    sites = VaccinationSite.objects.restrict(request.user).select_related("region").prefetch_related("serves")
    today = clock.today()
    counts = dict(Dose.objects.filter(site__in=sites, date=today).values("site").annotate(n=Count("pk"))
                  .values_list("site", "n"))
    rows = [{"site": s, "today": counts.get(s.pk, 0)} for s in sites]
    form = SiteForm() if request.user.has_perm("vaccination.add_vaccinationsite") else None
    return render(request, "vaccination/sites.html", {"rows": rows, "form": form, "today": today})


@login_required
@permission_required("vaccination.add_dose", raise_exception=True)
def dose_entry_view(request):
    form = DoseForm(request.POST or None, initial={"site": request.GET.get("site")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident = Resident.objects.restrict(request.user).filter(id_number=data["id_number"]).first()
        if resident is None:
            form.add_error("id_number", _("No resident with this ID number in your jurisdiction."))
        else:
            try:
                status = actions.do_record_dose(request.user, resident, dose_number=data["dose_number"],
                                                date=data["date"], product=data["product"], site=data["site"])
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
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
        site.serves.set(form.cleaned_data["serves"])
        messages.success(request, _("Site saved."))
        return redirect("vaccination:sites")
    return render(request, "vaccination/sites.html", {"rows": [], "form": form})
