"""Pages: the grid worker's tasks of the day, a person's timeline, the printable notice, the 日清 board, the list
of people under each measure, the follow-up list and the hand-entry form. Views parse, scope and call actions."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.core import clock
from wangge.core.querysets import user_scope_code
from wangge.regions.models import Region

from . import actions
from .choices import (
    KIND_URGENCY,
    LEVEL_BY_CODE_LENGTH,
    OPEN_STATES,
    FollowUpState,
    Level,
    Source,
    TaskKind,
    TaskState,
    VisitOutcome,
    measure_label,
)
from .filtersets import FollowUpFilterSet
from .forms import FollowUpForm
from .models import FollowUp, NatRecord, PlanPhase, Task

# --------------------------------------------------------------------------------------------- my tasks today


def _urgency():
    return Case(*[When(kind=kind, then=Value(rank)) for kind, rank in KIND_URGENCY.items()],
                default=Value(9), output_field=IntegerField())


def tasks_for(user, day: datetime.date):
    """The open tasks the user's own unit is responsible for, due by `day`: a grid worker gets the grid's tasks, a
    village cadre those escalated to (or routed to) the village, and so on. Overdue first, then verify, tests,
    notices and visits."""
    qs = Task.objects.restrict(user).filter(state=TaskState.OPEN, due_date__lte=day)
    code = getattr(user, "region_code", None)
    if code:
        qs = qs.filter(region_code=code)
    return (qs.select_related("followup", "followup__resident", "followup__grid")
            .annotate(urgency=_urgency()).order_by("-overdue", "urgency", "due_at", "id"))


@login_required
def my_tasks(request):
    day = clock.today()
    tasks = list(tasks_for(request.user, day)[:300])
    done_today = Task.objects.restrict(request.user).filter(done_by=request.user, done_at__date=day).count()
    for task in tasks:
        task.day_number = task.followup.day_number(day)
    # A cadre verifying someone not yet on a grid (落地查人) assigns the grid in the same tap.
    grids = []
    if any(t.kind == TaskKind.VERIFY and t.followup.grid_id is None for t in tasks):
        grids = list(Region.objects.restrict(request.user).filter(level="grid").order_by("code")[:500])
    return render(request, "followup/my_tasks.html", {
        "title": _("My tasks today"), "tasks": tasks, "today": day, "done_today": done_today,
        "overdue": sum(1 for t in tasks if t.overdue), "grids": grids,
    })


_TASK_ACTIONS = {
    "verify": lambda user, task, post, grid: actions.verify(user, task, post.get("outcome", ""), post.get("note", ""),
                                                            grid=grid),
    "deliver_notice": lambda user, task, post, grid: actions.deliver_notice(user, task, post.get("note", "")),
    "visit": lambda user, task, post, grid: actions.record_visit(
        user, task, temperature=post.get("temperature"), symptoms=post.get("symptoms", ""),
        note=post.get("note", ""), outcome=post.get("outcome", VisitOutcome.REACHED)),
    "nat": lambda user, task, post, grid: actions.record_nat(
        user, task, result=post.get("result", "pending"), sampled=post.get("sampled", "1") == "1",
        note=post.get("note", "")),
    "unreachable": lambda user, task, post, grid: actions.mark_unreachable(user, task, post.get("note", "")),
}


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    """One tap from the task list: the action re-checks scope and state; a refusal is a message, not a crash."""
    if action not in _TASK_ACTIONS:
        raise Http404
    task = get_object_or_404(Task.objects.restrict(request.user), pk=pk)
    grid = None
    if request.POST.get("grid"):
        grid = Region.objects.restrict(request.user).filter(code=request.POST["grid"], level="grid").first()
    try:
        state = _TASK_ACTIONS[action](request.user, task, request.POST, grid)
    except actions.NotFound:
        raise Http404 from None
    except actions.ActionError as exc:
        messages.error(request, exc.message)
        return _back(request, reverse("followup:my-tasks"))
    messages.success(request, _("%(person)s: %(kind)s recorded (%(state)s).") % {
        "person": task.followup.name or _("person"), "kind": task.get_kind_display(),
        "state": FollowUpState(state.followup_state).label})
    return _back(request, reverse("followup:my-tasks"))


# --------------------------------------------------------------------------------------------- one person


def _followup(request, pk):
    return get_object_or_404(FollowUp.objects.restrict(request.user).select_related("resident", "grid"), pk=pk)


def timeline(followup: FollowUp) -> list[dict]:
    """Everything that happened to one follow-up, in order: opening, tasks and their outcomes, escalations,
    visits, tests and closing."""
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
            events.append({"at": task.done_at, "kind": "done", "task": task,
                           "text": _("%(kind)s: %(state)s %(outcome)s") % {
                               "kind": task.get_kind_display(), "state": task.get_state_display(),
                               "outcome": task.outcome}, "who": task.done_by})
    for visit in followup.visits.select_related("visited_by"):
        events.append({"at": visit.visited_at, "kind": "visit", "visit": visit, "who": visit.visited_by,
                       "text": visit.get_outcome_display()})
    for nat in followup.nat_records.filter(sampled=True):
        events.append({"at": nat.sampled_at, "kind": "nat", "text": _("Test of %(day)s: %(result)s") % {
            "day": nat.date, "result": nat.get_result_display()}})
    if followup.closed_at:
        events.append({"at": followup.closed_at, "kind": "close", "text": followup.get_state_display()})
    return sorted(events, key=lambda e: (e["at"] is None, e["at"]))


@login_required
def followup_detail(request, pk: int):
    followup = _followup(request, pk)
    day = clock.today()
    return render(request, "followup/followup_detail.html", {
        "title": followup.name or _("Follow-up"), "f": followup, "today": day,
        "day_number": followup.day_number(day), "phases": followup.phases.all(),
        "nat_records": followup.nat_records.all(), "events": timeline(followup),
        "open_tasks": followup.tasks.filter(state=TaskState.OPEN).order_by("due_at"),
    })


_FOLLOWUP_ACTIONS = {"transfer": actions.transfer_centralized, "moved_out": actions.moved_out,
                     "complete": actions.complete}


@login_required
@require_POST
def followup_action(request, pk: int, action: str):
    if action not in _FOLLOWUP_ACTIONS:
        raise Http404
    followup = _followup(request, pk)
    try:
        _FOLLOWUP_ACTIONS[action](request.user, followup, request.POST.get("note", ""))
    except actions.NotFound:
        raise Http404 from None
    except actions.ActionError as exc:
        messages.error(request, exc.message)
    return redirect("followup:detail", pk=followup.pk)


@login_required
def notice(request, pk: int):
    """The home-observation notice (居家健康观察告知书) to print and hand over."""
    followup = _followup(request, pk)
    staff = followup.grid.staff.filter(role="worker").first() if followup.grid_id else None
    return render(request, "followup/notice.html", {
        "title": _("Home health observation notice"), "f": followup, "phases": followup.phases.all(),
        "nat_dates": [n.date for n in followup.nat_records.all()], "staff": staff, "today": clock.today(),
    })


# --------------------------------------------------------------------------------------------- lists


@login_required
def followup_list(request):
    queryset = FollowUp.objects.restrict(request.user).select_related("grid")
    filterset = FollowUpFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs.order_by("-opened_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "followup/followup_list.html", {
        "title": _("People under follow-up"), "page": page, "filter": filterset, "today": clock.today()})


@login_required
def measure_list(request):
    """Who is under which measure today, with the day number and the next test."""
    day = clock.today()
    current = PlanPhase.objects.filter(start_date__lte=day, end_date__gte=day,
                                       followup__state__in=OPEN_STATES,
                                       followup__in=FollowUp.objects.restrict(request.user))
    kinds = [{"kind": row["kind"], "label": measure_label(row["kind"]), "count": row["n"]}
             for row in current.values("kind").annotate(n=Count("id")).order_by("kind")]
    kind = request.GET.get("kind") or (kinds[0]["kind"] if kinds else "")
    next_test = NatRecord.objects.filter(followup=OuterRef("followup_id"), sampled=False, date__gte=day) \
        .order_by("date").values("date")[:1]
    rows = (current.filter(kind=kind).select_related("followup", "followup__grid")
            .annotate(next_test=Subquery(next_test)).order_by("followup__region_code", "followup__name", "id"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for phase in page:
        phase.day_number = phase.followup.day_number(day)
        phase.phase_day = (day - phase.start_date).days + 1
    return render(request, "followup/measure_list.html", {
        "title": _("People under each measure"), "kinds": kinds, "kind": kind, "kind_label": measure_label(kind),
        "page": page, "today": day})


@login_required
def followup_new(request):
    form = FollowUpForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            followup = actions.open_followup(request.user, **form.action_kwargs())
        except actions.ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Follow-up opened; the verify task is on the grid worker's list."))
            return redirect("followup:detail", pk=followup.pk)
    return render(request, "followup/followup_form.html", {"title": _("Report a person"), "form": form})


# --------------------------------------------------------------------------------------------- 日清 board

BOARD_COLUMNS = ("pushed", "matched", "verified", "uncleared", "unreachable", "overdue", "escalated", "missed")


def board_counts(scope_qs_followups, scope_qs_tasks, parent: str, child_len: int, day: datetime.date) -> dict:
    """Per child region of `parent` (grouped by the first `child_len` digits of the follow-up's region code): the
    day's pushed / matched / verified / uncleared / unreachable counts and the open overdue / escalated tasks and
    the visits missed that day. Two grouped queries, whatever the number of rows."""
    pushed = Q(source=Source.FLAG, opened_on=day)
    f_rows = (scope_qs_followups.filter(region_code__startswith=parent)
              .annotate(key=Substr("region_code", 1, child_len)).values("key")
              .annotate(pushed=Count("id", filter=pushed),
                        matched=Count("id", filter=pushed & Q(resident__isnull=False)),
                        verified=Count("id", filter=pushed & Q(verified_at__isnull=False)),
                        uncleared=Count("id", filter=pushed & Q(verified_at__isnull=True)),
                        unreachable=Count("id", filter=pushed & Q(state__in=(FollowUpState.UNREACHABLE,
                                                                             FollowUpState.ESCALATED)))))
    t_rows = (scope_qs_tasks.filter(followup__region_code__startswith=parent)
              .annotate(key=Substr("followup__region_code", 1, child_len)).values("key")
              .annotate(overdue=Count("id", filter=Q(state=TaskState.OPEN, overdue=True)),
                        escalated=Count("id", filter=Q(state=TaskState.OPEN, escalated_at__isnull=False)),
                        missed=Count("id", filter=Q(kind=TaskKind.DAILY_VISIT, outcome="missed", due_date=day))))
    table: dict[str, dict] = {}
    for row in f_rows:
        table.setdefault(row["key"], dict.fromkeys(BOARD_COLUMNS, 0)).update(
            {k: v for k, v in row.items() if k != "key"})
    for row in t_rows:
        table.setdefault(row["key"], dict.fromkeys(BOARD_COLUMNS, 0)).update(
            {k: v for k, v in row.items() if k != "key"})
    return table


@login_required
def board(request):
    scope = user_scope_code(request.user)
    if scope is None:
        raise Http404
    parent = request.GET.get("region", "").strip() or scope or ""
    if not parent:
        parent = Region.objects.filter(level="district").values_list("code", flat=True).first() or ""
    if not parent.startswith(scope) or len(parent) > 15:
        raise Http404
    try:
        day = datetime.date.fromisoformat(request.GET["date"]) if request.GET.get("date") else clock.today()
    except ValueError:
        day = clock.today()
    child_len = {6: 9, 9: 12, 12: 15}.get(len(parent), 15)
    table = board_counts(FollowUp.objects.restrict(request.user), Task.objects.restrict(request.user), parent,
                         child_len, day)
    regions = {r.code: r for r in Region.objects.filter(parent__code=parent)}
    regions.update({r.code: r for r in Region.objects.filter(code__in=[k for k in table if k not in regions])})
    codes = sorted(set(regions) - {parent} | set(table))
    rows = []
    for code in codes:
        region = regions.get(code)
        counts = table.get(code, dict.fromkeys(BOARD_COLUMNS, 0))
        rows.append({"code": code, "region": region, "counts": counts,
                     "unassigned": len(code) < child_len,
                     "drill": len(code) == child_len and child_len < 15})
    totals = {c: sum(r["counts"][c] for r in rows) for c in BOARD_COLUMNS}
    here = Region.objects.filter(code=parent).first()
    crumbs = [{"label": r.name, "url": f"?region={r.code}&date={day}"}
              for r in (list(here.ancestors()) + [here] if here else []) if r.code.startswith(scope or "")]
    return render(request, "followup/board.html", {
        "title": _("Daily clearance (日清)"), "rows": rows, "totals": totals, "day": day, "here": here,
        "crumbs": crumbs, "level": LEVEL_BY_CODE_LENGTH.get(child_len, Level.GRID),
        "prev_day": day - datetime.timedelta(days=1), "next_day": day + datetime.timedelta(days=1)})
