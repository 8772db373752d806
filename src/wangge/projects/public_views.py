"""The public project list (晒单) and its evaluation (评单): no login, readable on a phone (formats.md, "The public
project list"). Only published projects; no resident, no responsible person, no phone. Unknown region or quarter:
404. A resident evaluates a project with the one-time code a grid worker handed out."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wangge.core.errors import ActionError

from . import actions, selectors
from .choices import PROJECT_REGION_LEVELS, Rating, parse_quarter, quarter_label
from .forms import PublicEvaluationForm
from .models import Project


def public_region_and_quarter(region_code: str, quarter: str):
    """The region (a village/community or town) and the quarter ('2021Q3'), or 404."""
    from wangge.regions.models import Region

    parsed = parse_quarter(quarter)
    if parsed is None or parsed != quarter:
        raise Http404(_("No such quarter."))
    region = Region.objects.filter(code=region_code, level__in=PROJECT_REGION_LEVELS).first()
    if region is None:
        raise Http404(_("No such village or community."))
    return region, parsed


class PublicPageView(View):
    """Public on purpose: no LoginRequiredMixin, no permission; the page shows only what formats.md publishes."""

    template_name = "projects/public.html"

    def context(self, region, quarter, forms=None, evaluated=None):
        projects = selectors.public_projects(region, quarter)
        forms = forms or {}
        for project in projects:
            project.form = forms.get(project.pk) or PublicEvaluationForm(auto_id=f"p{project.pk}-%s")
        return {"region": region, "quarter": quarter, "quarter_display": quarter_label(quarter),
                "projects": projects, "evaluated": evaluated, "ratings": Rating.choices,
                "json_url": reverse("public-projects:json", args=[region.code, quarter])}

    def get(self, request, region_code, quarter):
        region, quarter = public_region_and_quarter(region_code, quarter)
        evaluated = request.GET.get("evaluated")
        return render(request, self.template_name, self.context(region, quarter, evaluated=evaluated))

    def post(self, request, region_code, quarter):
        region, quarter = public_region_and_quarter(region_code, quarter)
        try:
            pk = int(request.POST.get("project", ""))
        except ValueError:
            raise Http404 from None
        project = selectors.public_projects(region, quarter)
        project = next((p for p in project if p.pk == pk), None)
        if project is None:
            raise Http404(_("No such published project."))
        form = PublicEvaluationForm(request.POST, auto_id=f"p{pk}-%s")
        if form.is_valid():
            try:
                actions.do_evaluate_with_code(Project.objects.get(pk=pk), **form.cleaned_data)
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                url = reverse("public-projects:page", args=[region.code, quarter])
                return HttpResponseRedirect(f"{url}?evaluated={pk}#project-{pk}")
        response = render(request, self.template_name, self.context(region, quarter, forms={pk: form}))
        response.status_code = 400
        return response


class PublicJsonView(View):
    def get(self, request, region_code, quarter):
        region, quarter = public_region_and_quarter(region_code, quarter)
        response = JsonResponse(selectors.public_data(region, quarter), json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response
