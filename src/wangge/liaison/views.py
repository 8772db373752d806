"""Liaison pages: my enterprises (the linked cadre's phone page), assignments, visits (list, detail, add), problems
and suggestions (mark solved), the figures with charts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core import clock
from wangge.core.errors import ActionError, NotFound
from wangge.core.views_generic import ObjectEditView, ObjectListView, ObjectView, date_param, get_scoped_or_404
from wangge.dashboard.registry import evaluate, get
from wangge.regions.codes import child_length, page_region

from . import actions, selectors
from .filtersets import AssignmentFilterSet, ProblemFilterSet, VisitFilterSet
from .forms import AssignmentForm, SolveForm, VisitForm
from .models import Assignment, Problem, Visit
from .tables import AssignmentTable, ProblemTable, VisitTable


def need(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this page."))


@login_required
def my_enterprises(request):
    """The enterprises I am linked to, each with its last visit, open problems and help requests."""
    need(request, "liaison.view_assignment")
    from wangge.enterprises.helpdesk.selectors import help_requests_for
    from wangge.enterprises.models import Enterprise

    ids = selectors.my_enterprise_ids(request.user)
    enterprises = list(Enterprise.objects.filter(pk__in=ids).select_related("region").order_by("name"))
    visits = Visit.objects.filter(enterprise_id__in=ids).order_by("-date", "-id")
    last = {}
    for visit in visits:
        last.setdefault(visit.enterprise_id, visit)
    open_problems = dict(Problem.objects.filter(enterprise_id__in=ids, solved=False).values("enterprise_id")
                         .annotate(n=Count("pk")).values_list("enterprise_id", "n"))
    requests = {}
    for order in help_requests_for(request.user).filter(enterprise_id__in=ids).order_by("-received_at")[:200]:
        order.subject = order.content.partition("\n")[0]
        requests.setdefault(order.enterprise_id, []).append(order)
    for enterprise in enterprises:
        enterprise.last_visit = last.get(enterprise.pk)
        enterprise.open_problems = open_problems.get(enterprise.pk, 0)
        enterprise.help = requests.get(enterprise.pk, [])
    return render(request, "liaison/my_enterprises.html", {"enterprises": enterprises})


class AssignmentListView(ObjectListView):
    queryset = Assignment.objects.select_related("cadre", "enterprise", "enterprise__region")
    filterset = AssignmentFilterSet
    table = AssignmentTable
    title = gettext_lazy("Linked cadres (挂钩联系)")
    export_name = "liaison-assignments"
    template_name = "liaison/assignment_list.html"


class AssignmentEditView(ObjectEditView):
    queryset = Assignment.objects.select_related("cadre", "enterprise")
    form_class = AssignmentForm
    action = actions.do_save_assignment
    title = gettext_lazy("Linked cadre")

    def get_success_url(self, obj):
        from django.urls import reverse

        return reverse("liaison:assignments")


class VisitListView(ObjectListView):
    queryset = (Visit.objects.select_related("enterprise", "cadre").prefetch_related("materials")
                .annotate(n_problems=Count("problems")))
    filterset = VisitFilterSet
    table = VisitTable
    title = gettext_lazy("Liaison visits")
    export_name = "liaison-visits"
    template_name = "liaison/visit_list.html"


class VisitView(ObjectView):
    queryset = Visit.objects.select_related("enterprise", "cadre").prefetch_related("materials", "problems")
    template_name = "liaison/visit_detail.html"

    def get_extra_context(self, obj):
        return {"solve_form": SolveForm(), "may_solve": self.request.user.has_perm("liaison.change_problem")}


@login_required
def visit_add(request):
    """The visit form, one column on a phone."""
    need(request, "liaison.add_visit")
    form = VisitForm(request.POST or None, user=request.user, initial={"date": clock.today(),
                                                                       "enterprise": request.GET.get("enterprise")})
    if request.method == "POST" and form.is_valid():
        try:
            visit = actions.do_record_visit(request.user, **form.action_data())
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(visit.get_absolute_url())
    return render(request, "liaison/visit_form.html", {"form": form})


class ProblemListView(ObjectListView):
    queryset = Problem.objects.select_related("enterprise", "solved_by")
    filterset = ProblemFilterSet
    table = ProblemTable
    title = gettext_lazy("Problems and suggestions")
    export_name = "liaison-problems"


@login_required
def problem_solve(request, pk):
    need(request, "liaison.change_problem")
    if request.method != "POST":
        raise Http404
    problem = get_scoped_or_404(Problem.objects.all(), request.user, pk=pk)
    form = SolveForm(request.POST)
    form.is_valid()
    try:
        actions.do_solve_problem(request.user, problem, solution=form.cleaned_data.get("solution", ""))
    except NotFound:
        raise Http404 from None
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked solved."))
    return redirect(problem.get_absolute_url())


FIGURES = ("liaison.assigned", "liaison.visited", "liaison.problems", "liaison.solved", "liaison.help_requests",
           "liaison.help_on_time", "liaison.help_on_time_base")


@login_required
def figures(request):
    """Per sub-region: enterprises linked and visited, problems collected and solved, help requests and their
    on-time rate on the day — charts drawn from the tables below them."""
    need(request, "liaison.view_assignment")
    region = page_region(request)
    day = date_param(request, "date")
    length = child_length(region.code) or len(region.code)
    values = {key: evaluate(get(key), region.code, day, length) for key in FIGURES}
    children = list(region.children.order_by("code")) if child_length(region.code) else [region]
    rows = []
    for child in children:
        row = {"region": child, **{key.split(".")[1]: int(values[key].get(child.code, 0)) for key in FIGURES}}
        row["visit_rate"] = round(100 * row["visited"] / row["assigned"], 1) if row["assigned"] else None
        row["on_time_rate"] = (round(100 * row["help_on_time"] / row["help_on_time_base"], 1)
                               if row["help_on_time_base"] else None)
        rows.append(row)
    totals = {key: sum(r[key] for r in rows) for key in (k.split(".")[1] for k in FIGURES)}
    chart = {"regions": [r["region"].name for r in rows],
             **{key: [r[key] for r in rows] for key in ("assigned", "visited", "problems", "solved")},
             "labels": {"visits": _("Enterprises linked and visited"), "assigned": _("Linked"),
                        "visited": _("Visited"), "problems": _("Problems collected and solved"),
                        "collected": _("Collected"), "solved": _("Solved")}}
    return render(request, "liaison/figures.html", {"region": region, "ancestors": region.ancestors(), "day": day,
                                                    "rows": rows, "totals": totals, "chart": chart})
