"""Pages: the grid worker's tasks of the day, a person's timeline, the notice of their measure, the 日清 board (with
the lists of names behind its figures and its export), the list of people under each measure, the follow-up list
and the hand-entry form. Declarations on core.views_generic: views parse, call the actions, show the refusal."""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.exports import export_response
from wangge.core.views_generic import (
    CallView,
    Column,
    ObjectActionView,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    date_param,
)
from wangge.policies.choices import MeasureKind
from wangge.regions import codes
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from . import actions
from .board import BOARD_COLUMNS, FIGURES, board_counts
from .choices import OPEN_STATES, TaskKind, TaskState, TransferTo, VisitOutcome, measure_label
from .filtersets import FollowUpFilterSet, MeasureFilterSet, TaskFilterSet
from .forms import FollowUpForm
from .models import FollowUp, NatRecord, PlanPhase, Task
from .tables import FollowUpTable, MeasureTable, MyTaskTable, TaskTable

# --------------------------------------------------------------------------------------------- my tasks today


class MyTasksView(ObjectListView):
    """The open tasks the user's own unit is responsible for, due by today: a grid worker gets the grid's tasks, a
    village cadre those escalated to (or routed to) the village, and so on. Overdue first, then by deadline."""

    queryset = Task.objects.select_related("followup", "followup__resident", "followup__grid")
    filterset = TaskFilterSet
    table = MyTaskTable
    permission_required = "followup.change_task"
    export_permission = "followup.export_task"  # nobody's: a work list, not a report
    template_name = "followup/my_tasks.html"
    title = gettext_lazy("My tasks today")

    def get_queryset(self):
        qs = super().get_queryset().filter(state=TaskState.OPEN, due_date__lte=clock.today())
        code = getattr(self.request.user, "region_code", None)
        return qs.filter(region_code=code) if code else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = clock.today()
        user = self.request.user
        tasks = context["page"].rows
        for task in tasks:
            task.day_number = task.followup.day_number(day)
        # A cadre verifying someone not yet on a grid (落地查人) assigns the grid in the same tap.
        grids = []
        if any(t.kind == TaskKind.VERIFY and t.followup.grid_id is None for t in tasks):
            grids = list(Region.objects.restrict(user).filter(level=RegionLevel.GRID).order_by("code"))
        context.update(
            tasks=tasks, today=day, grids=grids, transfer_choices=TransferTo.choices,
            done_today=Task.objects.restrict(user).filter(
                done_by=user, done_at__gte=clock.start_of(day), done_at__lte=clock.end_of(day)).count(),
            overdue=self.get_queryset().filter(overdue=True).count())
        return context


def _grid(request):
    code = (request.POST.get("grid") or "").strip()
    if not code:
        return None
    return Region.objects.restrict(request.user).filter(code=code, level=RegionLevel.GRID).first()


def _note(request) -> str:
    return request.POST.get("note", "")


class TaskActionView(ObjectActionView):
    """One tap from the task list: the action re-checks scope and state; a refusal is a message, not a crash."""

    queryset = Task.objects.select_related("followup")
    permission_required = "followup.change_task"
    actions = {
        "verify": lambda request, task: actions.do_verify(
            request.user, task, outcome=request.POST.get("outcome", ""), note=_note(request), grid=_grid(request),
            no_grid_reason=request.POST.get("no_grid_reason", "")),
        "deliver_notice": lambda request, task: actions.do_deliver_notice(request.user, task, note=_note(request)),
        "visit": lambda request, task: actions.do_record_visit(
            request.user, task, temperature=request.POST.get("temperature"),
            symptoms=request.POST.get("symptoms", ""), note=_note(request),
            outcome=request.POST.get("outcome", VisitOutcome.REACHED)),
        "nat": lambda request, task: actions.do_record_nat(
            request.user, task, result=request.POST.get("result", "pending"),
            sampled=request.POST.get("sampled", "1") == "1", note=_note(request)),
        "unreachable": lambda request, task: actions.do_mark_unreachable(request.user, task, note=_note(request)),
        "clear_alert": lambda request, task: actions.do_clear_alert(request.user, task, note=_note(request)),
    }

    def default_url(self, obj) -> str:
        return reverse("followup:my-tasks")

    def success_message(self, task, state) -> str:
        from .choices import FollowUpState

        person = task.followup.name or _("person")
        if state.alert:
            return _("%(person)s: fever alert raised — the grid leader and the village have an alert task. Transfer "
                     "the person to the fever clinic or to centralized isolation.") % {"person": person}
        return _("%(person)s: %(kind)s recorded (%(state)s).") % {
            "person": person, "kind": task.get_kind_display(), "state": FollowUpState(state.followup_state).label}


# --------------------------------------------------------------------------------------------- one person


def timeline(followup: FollowUp) -> list[dict]:
    """Everything that happened to one follow-up, in time order: opening, tasks and their outcomes (in words),
    escalations, visits, tests and closing; `who` is the user (shown by display name)."""
    events = [{"at": followup.created, "kind": "open", "text": _("Follow-up opened (%(source)s)") % {
        "source": followup.get_source_display()}}]
    for task in followup.tasks.select_related("done_by"):
        events.append({"at": task.created, "kind": "task", "task": task,
                       "text": _("Task: %(kind)s, due %(due)s") % {"kind": task.get_kind_display(),
                                                                   "due": task.due_date}})
        if task.escalated_at:
            events.append({"at": task.escalated_at, "kind": "escalation", "task": task,
                           "text": _("Escalated to %(level)s") % {"level": task.get_level_display()}})
        if task.done_at and task.state != TaskState.OPEN:
            text = _("%(kind)s: %(state)s") % {"kind": task.get_kind_display(), "state": task.get_state_display()}
            if task.outcome:
                text = f"{text} · {task.get_outcome_display()}"
            events.append({"at": task.done_at, "kind": "done", "task": task, "text": text, "who": task.done_by})
    for visit in followup.visits.select_related("visited_by"):
        events.append({"at": visit.visited_at, "kind": "visit", "visit": visit, "who": visit.visited_by,
                       "text": visit.get_outcome_display()})
    for nat in followup.nat_records.filter(sampled=True):
        events.append({"at": nat.sampled_at, "kind": "nat", "text": _("Test of %(day)s: %(result)s") % {
            "day": nat.date, "result": nat.get_result_display()}})
    if followup.closed_at:
        events.append({"at": followup.closed_at, "kind": "close", "text": followup.get_state_display()})
    far = clock.start_of(datetime.date.max - datetime.timedelta(days=2))
    return sorted(events, key=lambda e: e["at"] or far)


class FollowUpDetailView(ObjectView):
    queryset = FollowUp.objects.select_related("resident", "grid")
    template_name = "followup/followup_detail.html"

    def get_title(self, obj) -> str:
        return obj.name or _("Follow-up")

    def get_extra_context(self, followup) -> dict:
        day = clock.today()
        open_tasks = list(followup.tasks.filter(state=TaskState.OPEN).order_by("due_at"))
        return {"f": followup, "today": day, "day_number": followup.day_number(day), "phases": followup.phases.all(),
                "nat_records": followup.nat_records.all(), "events": timeline(followup), "open_tasks": open_tasks,
                "fever_alert": any(t.kind == TaskKind.FEVER_ALERT for t in open_tasks),
                "transfer_choices": TransferTo.choices}


class FollowUpActionView(ObjectActionView):
    queryset = FollowUp.objects.all()
    permission_required = "followup.change_followup"
    actions = {
        "transfer": lambda request, f: actions.do_transfer(
            request.user, f, to=request.POST.get("to", TransferTo.CENTRALIZED_ISOLATION), note=_note(request)),
        "moved_out": lambda request, f: actions.do_move_out(request.user, f, note=_note(request)),
        "complete": lambda request, f: actions.do_complete(request.user, f, note=_note(request)),
    }

    def success_message(self, followup, state) -> str:
        if self.kwargs.get("action") == "transfer":
            return _("%(person)s: the transfer is recorded.") % {"person": followup.name or _("person")}
        return _("Done.")


class FollowUpCallView(CallView):
    """The call button of a task card or a person's page: dials the person's full number, logged with the reason
    (follow_up); the page only ever shows the masked number."""

    queryset = FollowUp.objects.all()
    phone_field = "phone"

    def default_url(self, obj) -> str:
        return reverse("followup:my-tasks")


# The notice of each measure: its title and what the person must do (告知书).
NOTICES = {
    MeasureKind.HOME_ISOLATION: (
        gettext_lazy("Home isolation notice"),
        (gettext_lazy("Stay at home for the whole isolation: do not go out, do not receive visitors; if you share "
                      "the home, keep to your own room and use your own towels and tableware."),
         gettext_lazy("Take your temperature twice a day and report it to the grid worker; report fever, cough, "
                      "fatigue, sore throat or loss of smell or taste at once."),
         gettext_lazy("Take the nucleic-acid tests on the dates above; the community arranges the sampling at "
                      "your door."),
         gettext_lazy("The door may be fitted with a sensor; deliveries and rubbish are handled by the grid."))),
    MeasureKind.CENTRALIZED_ISOLATION: (
        gettext_lazy("Centralized isolation notice"),
        (gettext_lazy("You will be taken to the centralized isolation site by the designated vehicle; do not "
                      "travel there on your own."),
         gettext_lazy("Stay in your room at the site for the whole isolation and follow the staff's instructions."),
         gettext_lazy("Take the nucleic-acid tests on the dates above at the site."),
         gettext_lazy("After the isolation, home health monitoring may follow, as the plan above shows."))),
    MeasureKind.HOME_HEALTH_MONITORING: (
        gettext_lazy("Home health monitoring notice"),
        (gettext_lazy("Stay at home as far as possible; go out only when necessary, wear a mask and avoid crowds, "
                      "gatherings and public transport."),
         gettext_lazy("Take your temperature twice a day and report it to the grid worker; report fever, cough, "
                      "fatigue, sore throat or loss of smell or taste at once."),
         gettext_lazy("Take the nucleic-acid tests on the dates above."))),
    MeasureKind.HEALTH_MONITORING: (
        gettext_lazy("Health monitoring notice"),
        (gettext_lazy("Watch your health every day and report fever or respiratory symptoms at once."),
         gettext_lazy("Wear a mask, avoid gatherings and crowded places."),
         gettext_lazy("Take the nucleic-acid tests on the dates above."))),
    MeasureKind.THREE_DAYS_TWO_TESTS: (
        gettext_lazy("Two tests in three days notice"),
        (gettext_lazy("Take two nucleic-acid tests within three days, at least 24 hours apart, on the dates "
                      "above."),
         gettext_lazy("Until the second negative result, avoid gatherings and crowded places and wear a mask."),
         gettext_lazy("Report fever or respiratory symptoms to the grid worker at once."))),
}
DEFAULT_NOTICE = (gettext_lazy("Home health observation notice"), NOTICES[MeasureKind.HOME_HEALTH_MONITORING][1])
LEGAL_NOTE = gettext_lazy("Anyone who conceals their travel or refuses the measures bears legal responsibility.")


class NoticeView(ObjectView):
    """The notice (告知书) of the person's measure, to print and hand over: title and text follow the measure."""

    queryset = FollowUp.objects.select_related("grid")
    template_name = "followup/notice.html"

    def get_title(self, obj) -> str:
        return str(self.notice(obj)[0])

    def notice(self, obj):
        return NOTICES.get(obj.current_phase(clock.today()), DEFAULT_NOTICE)

    def get_extra_context(self, followup) -> dict:
        title, paragraphs = self.notice(followup)
        staff = followup.grid.staff.filter(role="worker").first() if followup.grid_id else None
        return {"f": followup, "phases": followup.phases.all(), "notice_title": title,
                "paragraphs": [*paragraphs, LEGAL_NOTE],
                "nat_dates": [n.date for n in followup.nat_records.all()], "staff": staff, "today": clock.today()}


# --------------------------------------------------------------------------------------------- lists


class FollowUpListView(ObjectListView):
    """People under follow-up; `?figure=…&day=…&area=…` lists the names behind one figure of the daily board."""

    queryset = FollowUp.objects.select_related("grid")
    filterset = FollowUpFilterSet
    table = FollowUpTable
    template_name = "followup/followup_list.html"
    title = gettext_lazy("People under follow-up")
    export_name = "followups"
    hidden_filters = ("ordering", "day", "area", "area_exact")


class TaskListView(ObjectListView):
    """Tasks of the people in the user's jurisdiction (an escalated task stays listed for its grid); the board's
    task figures link here."""

    queryset = Task.objects.select_related("followup", "followup__grid")
    filterset = TaskFilterSet
    table = TaskTable
    permission_required = "followup.view_task"
    template_name = "followup/task_list.html"
    title = gettext_lazy("Follow-up tasks")
    export_name = "tasks"
    hidden_filters = ("ordering", "day", "area", "area_exact", "followup", "mine")

    def get_queryset(self):
        return self.queryset.filter(followup__in=FollowUp.objects.restrict(self.request.user).values("pk"))


class MeasureListView(ObjectListView):
    """Who is under which measure today, with the day number and the next test."""

    queryset = PlanPhase.objects.select_related("followup", "followup__grid")
    filterset = MeasureFilterSet
    table = MeasureTable
    permission_required = "followup.view_followup"
    template_name = "followup/measure_list.html"
    title = gettext_lazy("People under each measure")
    hidden_filters = ("ordering", "kind")

    def current(self):
        day = clock.today()
        return PlanPhase.objects.filter(start_date__lte=day, end_date__gte=day, followup__state__in=OPEN_STATES,
                                        followup__in=FollowUp.objects.restrict(self.request.user).values("pk"))

    def kinds(self):
        if not hasattr(self, "_kinds"):
            self._kinds = [{"kind": row["kind"], "label": measure_label(row["kind"]), "count": row["n"]}
                           for row in self.current().values("kind").annotate(n=Count("id")).order_by("kind")]
        return self._kinds

    def kind(self) -> str:
        kinds = self.kinds()
        return self.request.GET.get("kind") or (kinds[0]["kind"] if kinds else "")

    def get_queryset(self):
        day = clock.today()
        next_test = NatRecord.objects.filter(followup=OuterRef("followup_id"), sampled=False, date__gte=day) \
            .order_by("date").values("date")[:1]
        return (self.current().filter(kind=self.kind()).select_related("followup", "followup__grid")
                .annotate(next_test=Subquery(next_test)))

    def get_extra_context(self) -> dict:
        return {"kinds": self.kinds(), "kind": self.kind(), "kind_label": measure_label(self.kind()),
                "today": clock.today()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = clock.today()
        for phase in context["page"].rows:
            phase.day_number = phase.followup.day_number(day)
            phase.phase_day = (day - phase.start_date).days + 1
        return context


class FollowUpCreateView(ObjectEditView):
    """A person reported by hand: the verify task lands on the grid worker's list."""

    queryset = FollowUp.objects.all()
    form_class = FollowUpForm
    template_name = "followup/followup_form.html"
    title = gettext_lazy("Report a person")
    success_message = gettext_lazy("Follow-up opened; the verify task is on the grid worker's list.")

    def run_action(self, form):
        return actions.do_open_followup(self.request.user, **form.action_kwargs())


# --------------------------------------------------------------------------------------------- 日清 board


class _BoardRow:
    def __init__(self, label, counts):
        self.region = label
        for name in BOARD_COLUMNS:
            setattr(self, name, counts[name])


class _Rows(list):
    """The board's rows as core.exports reads a queryset (counted, iterated, logged against follow-ups)."""

    model = FollowUp

    def count(self):
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


BOARD_EXPORT_COLUMNS = [Column("region", gettext_lazy("Region")),
                        *[Column(name, label) for name, label, _page in FIGURES]]


class BoardView(PermissionRequiredMixin, TemplateView):
    """Per child region: the day's figures, each linking to the names behind it; `?export=csv|xlsx` downloads it
    (logged). A region outside the jurisdiction is a 404."""

    permission_required = "followup.view_followup"
    template_name = "followup/board.html"

    def get(self, request, *args, **kwargs):
        here = codes.page_region(request)
        day = date_param(request)
        parent = here.code
        child_len = codes.child_length(parent) or codes.GRID_LENGTH
        table = board_counts(FollowUp.objects.restrict(request.user),
                             Task.objects.filter(followup__in=FollowUp.objects.restrict(request.user).values("pk")),
                             parent, child_len, day)
        regions = {r.code: r for r in Region.objects.filter(parent__code=parent)}
        regions.update({r.code: r for r in Region.objects.filter(code__in=[k for k in table if k not in regions])})
        if codes.is_grid(parent):
            regions[parent] = here
        row_codes = sorted((set(regions) - ({parent} if not codes.is_grid(parent) else set())) | set(table))
        rows = []
        for code in row_codes:
            region = regions.get(code)
            counts = table.get(code, dict.fromkeys(BOARD_COLUMNS, 0))
            unassigned = len(code) < child_len
            area = "area_exact" if unassigned else "area"
            cells = []
            for name, _label, page in FIGURES:
                url = reverse("followup:list" if page == "people" else "followup:tasks")
                cells.append({"name": name, "value": counts[name],
                              "url": f"{url}?figure={name}&day={day.isoformat()}&{area}={code}"})
            rows.append({"code": code, "region": region, "counts": counts, "cells": cells,
                         "unassigned": unassigned, "drill": len(code) == child_len and not codes.is_grid(code)})
        totals = {c: sum(r["counts"][c] for r in rows) for c in BOARD_COLUMNS}
        if request.GET.get("export") in ("csv", "xlsx"):
            export_rows = _Rows(_BoardRow(_("Not yet on a grid") if r["unassigned"] else
                                          (r["region"].name if r["region"] else r["code"]), r["counts"]) for r in rows)
            return export_response(export_rows, BOARD_EXPORT_COLUMNS, fmt=request.GET["export"], user=request.user,
                                   name="board", query=request.GET.urlencode())
        scope = getattr(request.user, "region_code", None) or ""
        crumbs = [{"label": r.name, "url": f"?region={r.code}&date={day}"}
                  for r in [*here.ancestors(), here] if codes.is_within(r.code, scope)]
        total_cells = [{"name": name, "value": totals[name],
                        "url": f"{reverse('followup:list' if page == 'people' else 'followup:tasks')}?figure={name}"
                               f"&day={day.isoformat()}&area={parent}"} for name, _label, page in FIGURES]
        context = {"title": _("Daily clearance (日清)"), "rows": rows, "totals": totals, "total_cells": total_cells,
                   "figures": FIGURES, "day": day, "here": here, "crumbs": crumbs,
                   "level": codes.level_of(parent) or RegionLevel.GRID,
                   "prev_day": day - datetime.timedelta(days=1), "next_day": day + datetime.timedelta(days=1)}
        return self.render_to_response(context)

