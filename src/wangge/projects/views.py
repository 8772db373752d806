"""Pages of the practical projects: the list (filters, xlsx export), one project, its edit form, its milestones
(with photos), the codes a grid worker hands out (printable), the paper evaluations of a meeting, and the figures
(roll-up per village and town, satisfaction, the half-year's published / done) with charts and their tables."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core import clock
from wangge.core.errors import ActionError, NotFound
from wangge.core.photos import serve_photo
from wangge.core.views_generic import ObjectEditView, ObjectListView, ObjectView, get_scoped_or_404
from wangge.regions.codes import page_region

from . import actions, selectors
from .choices import Rating, Status, half_year_quarters, parse_quarter, quarter_label, quarter_of
from .filtersets import ProjectFilterSet
from .forms import IssueCodesForm, MilestoneForm, PaperEvaluationForm, ProjectForm
from .models import Evaluation, EvaluationCode, MilestonePhoto, Project
from .tables import ProjectTable

VIEW = "projects.view_project"


class ProjectListView(ObjectListView):
    queryset = Project.objects.select_related("region")
    filterset = ProjectFilterSet
    table = ProjectTable
    permission_required = VIEW
    title = gettext_lazy("Practical projects")
    export_name = "practical-projects"
    template_name = "projects/project_list.html"


class ProjectDetailView(ObjectView):
    queryset = Project.objects.select_related("region")
    template_name = "projects/project_detail.html"
    permission_required = VIEW

    def get_extra_context(self, project) -> dict:
        selectors.annotate_satisfaction([project])
        user = self.request.user
        ratings = dict(Evaluation.objects.filter(project=project).values_list("rating").annotate(
            n=_count()).order_by())
        return {
            "milestones": project.milestones.prefetch_related("photos").select_related("recorded_by"),
            "ratings": [(label, ratings.get(value, 0)) for value, label in Rating.choices],
            "codes_issued": EvaluationCode.objects.filter(project=project).count(),
            "codes_used": EvaluationCode.objects.filter(project=project, used_at__isnull=False).count(),
            "can_change": user.has_perm(actions.CHANGE), "can_codes": user.has_perm(actions.ADD_CODE),
            "can_evaluate": user.has_perm(actions.ADD_EVALUATION),
            "public_url": reverse("public-projects:page", args=[project.region.code, project.quarter]),
            "milestone_form": MilestoneForm(initial={"date": clock.today()}),
        }


def _count():
    from django.db.models import Count

    return Count("pk")


class ProjectEditView(ObjectEditView):
    queryset = Project.objects.select_related("region")
    form_class = ProjectForm
    template_name = "generic/object_edit.html"
    success_message = gettext_lazy("Project saved.")

    def get_title(self) -> str:
        project = self.get_object()
        return _("Edit %(project)s") % {"project": project} if project else _("New practical project")

    def get_form(self):
        form = super().get_form()
        if self.get_object() is None and not form.is_bound:
            form.initial.setdefault("quarter", quarter_of(clock.today()))
        return form

    def run_action(self, form):
        project = self.get_object()
        if project is None:
            return actions.do_create_project(self.request.user, **form.action_kwargs())
        return actions.do_update_project(self.request.user, project, **form.action_kwargs())


class _ProjectPage(ObjectView):
    """A page about one project with a form that POSTs back to it."""

    queryset = Project.objects.select_related("region")
    permission_required = VIEW
    post_permission = VIEW
    form_class = None

    def make_form(self, data=None, files=None):
        return self.form_class(data, files)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(self.post_permission):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        project = self.get_object()
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.run_action(project, form.cleaned_data)
            except NotFound:
                raise Http404 from None
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, self.success_message(result))
                return HttpResponseRedirect(self.success_url(project, result))
        return self.render_to_response(self.get_context_data(form=form))

    def success_url(self, project, result) -> str:
        return self.request.path


class MilestonesView(_ProjectPage):
    template_name = "projects/milestones.html"
    post_permission = actions.CHANGE
    form_class = MilestoneForm

    def get_title(self, project) -> str:
        return _("Milestones of %(project)s") % {"project": project.title}

    def make_form(self, data=None, files=None):
        return MilestoneForm(data, files, initial={"date": clock.today()})

    def get_extra_context(self, project) -> dict:
        return {"milestones": project.milestones.prefetch_related("photos").select_related("recorded_by"),
                "can_change": self.request.user.has_perm(actions.CHANGE)}

    def run_action(self, project, data):
        return actions.do_add_milestone(self.request.user, project, date=data["date"], text=data["text"],
                                        photos=data.get("photos") or ())

    def success_message(self, result) -> str:
        return _("Milestone recorded.")


class CodesView(_ProjectPage):
    """Issue one-time evaluation codes and print them (one slip per code)."""

    template_name = "projects/codes.html"
    post_permission = actions.ADD_CODE

    def get_title(self, project) -> str:
        return _("Evaluation codes of %(project)s") % {"project": project.title}

    def make_form(self, data=None, files=None):
        return IssueCodesForm(data, user=self.request.user, project=self.get_object())

    def get_extra_context(self, project) -> dict:
        codes = (EvaluationCode.objects.restrict(self.request.user).filter(project=project)
                 .select_related("resident").order_by("used_at", "-issued_at", "id"))
        unused = [c for c in codes[:1000] if c.used_at is None]
        return {"unused": unused, "used_count": codes.filter(used_at__isnull=False).count(),
                "public_url": self.request.build_absolute_uri(
                    reverse("public-projects:page", args=[project.region.code, project.quarter])),
                "can_issue": self.request.user.has_perm(actions.ADD_CODE)}

    def run_action(self, project, data):
        from wangge.people.models import Resident

        residents = list(Resident.objects.filter(pk__in=data.get("residents") or []))
        return actions.do_issue_codes(self.request.user, project, count=data.get("count") or 0,
                                      residents=residents)

    def success_message(self, result) -> str:
        return _("%(n)d codes issued: print them and hand them out.") % {"n": len(result)}


class EvaluationsView(_ProjectPage):
    """The evaluations of a project, and a paper form of a meeting entered for a resident."""

    template_name = "projects/evaluations.html"
    post_permission = actions.ADD_EVALUATION

    def get_title(self, project) -> str:
        return _("Evaluations of %(project)s") % {"project": project.title}

    def make_form(self, data=None, files=None):
        return PaperEvaluationForm(data, user=self.request.user, project=self.get_object())

    def get_extra_context(self, project) -> dict:
        selectors.annotate_satisfaction([project])
        user = self.request.user
        rows = (Evaluation.objects.restrict(user).filter(project=project).select_related("resident", "entered_by")
                if user.has_perm("projects.view_evaluation") else Evaluation.objects.none())
        return {"evaluations": rows[:500], "can_enter": user.has_perm(actions.ADD_EVALUATION)}

    def run_action(self, project, data):
        from wangge.people.models import Resident

        resident = Resident.objects.restrict(self.request.user).filter(pk=data["resident"]).first()
        return actions.do_enter_evaluation(self.request.user, project, resident=resident, rating=data["rating"],
                                           comment=data.get("comment", ""))

    def success_message(self, result) -> str:
        return _("Evaluation entered.")


class PublishView(ObjectView):
    queryset = Project.objects.all()
    permission_required = actions.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        project = self.get_object()
        published = request.POST.get("published") == "1"
        actions.do_publish(request.user, project, published=published)
        messages.success(request, _("Published on the public list.") if published else _("Withdrawn from the "
                                                                                          "public list."))
        return HttpResponseRedirect(project.get_absolute_url())


class PhotoView(ObjectView):
    """A milestone's photo, as visible as its project (core/photos.py)."""

    queryset = MilestonePhoto.objects.all()
    permission_required = VIEW

    def get(self, request, *args, **kwargs):
        photo = get_scoped_or_404(MilestonePhoto.objects.all(), request.user, pk=self.kwargs["pk"])
        return serve_photo(photo.photo)


class FiguresView(ObjectView):
    """Per village (and the town's own projects) for a quarter: projects, published, by status, progress (equal
    weights), satisfaction; the half-year's published / done; charts over the tables; `?export=xlsx`."""

    permission_required = VIEW
    template_name = "projects/figures.html"

    def get_object(self):
        return page_region(self.request)

    def quarter(self) -> str:
        return parse_quarter(self.request.GET.get("quarter", "")) or quarter_of(clock.today())

    def figures(self):
        from wangge.regions.models import Region

        region = self.get_object()
        quarter = self.quarter()
        scoped = Project.objects.restrict(self.request.user)
        children = list(Region.objects.restrict(self.request.user).filter(parent=region).order_by("code"))
        rows = selectors.rollup(scoped.filter(quarter=quarter, region_code__startswith=region.code), children)
        own = selectors.rollup(scoped.filter(quarter=quarter, region_code=region.code), [region])[0]
        total = selectors.rollup(scoped.filter(quarter=quarter, region_code__startswith=region.code), [region])[0]
        first, second = half_year_quarters(quarter)
        half = scoped.filter(quarter__in=(first, second), region_code__startswith=region.code)
        half_year = {"label": f"{first[:4]}年{'上' if first.endswith('1') else '下'}半年",
                     "published": half.filter(published=True).count(),
                     "done": half.filter(published=True, status=Status.DONE).count()}
        return region, quarter, rows, own, total, half_year

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.xlsx(*self.figures())
        if request.GET.get("export"):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_title(self, region) -> str:
        return _("Practical project figures")

    def get_context_data(self, **kwargs):
        context = super(ObjectView, self).get_context_data(**kwargs)
        region, quarter, rows, own, total, half_year = self.figures()
        rows = [r for r in rows if r["projects"]]
        chart = {"regions": [r["region"].name for r in rows],
                 "statuses": [str(s.label) for s in Status],
                 "by_status": [[r[s.value] for r in rows] for s in Status],
                 "progress": [r["progress"] for r in rows], "satisfaction": [r["satisfaction"] for r in rows],
                 "labels": {"status": _("Projects by status"), "progress": _("Progress and satisfaction (%)"),
                            "progress_series": _("Progress (%)"), "satisfaction_series": _("Satisfaction (%)")}}
        context.update(title=self.get_title(region), region=region, ancestors=region.ancestors(), quarter=quarter,
                       quarter_display=quarter_label(quarter), rows=rows, own=own, total=total, half_year=half_year,
                       chart=chart, statuses=list(Status), progress_definition=str(selectors.PROGRESS_DEFINITION),
                       export_url=reverse("projects:figures") + f"?region={region.code}&quarter={quarter}"
                                                                "&export=xlsx")
        return context

    def xlsx(self, region, quarter, rows, own, total, half_year):
        from openpyxl import Workbook

        from wangge.core.models import AccessKind, log_access

        book = Workbook()
        sheet = book.active
        sheet.title = quarter
        head = [_("Region"), _("Projects"), _("Published"), *[str(s.label) for s in Status], _("Progress (%)"),
                _("Budget (10,000 yuan)"), _("Evaluations"), _("Satisfaction (%)")]
        sheet.append(head)
        for row in [*rows, {**own, "region": region, "label": _("own projects")}, {**total, "label": _("Total")}]:
            name = row["region"].name + (f"（{row['label']}）" if "label" in row else "")
            sheet.append([name, row["projects"], row["published"], *[row[s.value] for s in Status], row["progress"],
                          float(row["budget"]), row["evaluations"], row["satisfaction"]])
        sheet.append([])
        sheet.append([half_year["label"], _("Published"), half_year["published"], _("Done"), half_year["done"]])
        sheet.append([str(selectors.PROGRESS_DEFINITION)])
        log_access(AccessKind.EXPORT, Project, count=len(rows), query=f"region={region.code}&quarter={quarter}")
        handle = io.BytesIO()
        book.save(handle)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(handle.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="project-figures-{quarter}-{stamp}.xlsx"'
        return response
