"""Duty pages: the volunteer's own (my duty, sign-up, check-in at the post by its QR code), the leader's and the
cadre's (plan, roster, hours, no-shows, figures), posts and their QR posters, and cadres sent down (下沉报到).

A volunteer sees their own rows only (`selectors.my_rows`, sign-ups whose person is their account); a team leader
their team (leadership checked per team, `actions.led_teams`); a cadre their jurisdiction (`restrict(user)`).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wangge.core import clock
from wangge.core.errors import ActionError, NotFound, NotPermitted
from wangge.core.views_generic import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    date_param,
    get_scoped_or_404,
    safe_next,
)
from wangge.regions.codes import page_region

from . import actions, selectors
from .choices import CHECK_IN_EARLY_MINUTES, LIGHT_DUTY_AGE, DeploymentStatus, PersonKind, SignUpStatus
from .filtersets import (
    CadreSignUpFilterSet,
    DeploymentFilterSet,
    PeriodFilterSet,
    PostFilterSet,
    ShiftFilterSet,
    SignUpFilterSet,
    TeamFilterSet,
    VolunteerFilterSet,
)
from .forms import (
    ApproveHoursForm,
    DecisionForm,
    DeploymentRequestForm,
    LinkAccountForm,
    PlanShiftForm,
    PostForm,
    TeamForm,
    TokenForm,
)
from .models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer
from .tables import (
    CadreSignUpTable,
    DeploymentTable,
    NoShowTable,
    PostTable,
    ShiftTable,
    SignUpHoursTable,
    TeamTable,
    VolunteerHoursTable,
    VolunteerTable,
)

PERIOD_DAYS = 30


def period(request) -> tuple[datetime.date, datetime.date]:
    """`?from=`/`?to=` (YYYY-MM-DD), else the 30 days ending today."""
    last = date_param(request, "to")
    first = date_param(request, "from", last - datetime.timedelta(days=PERIOD_DAYS - 1))
    if first > last:
        first, last = last, first
    return first, last


def need(request, *perms: str) -> None:
    """At least one of `perms`, else 403 (the menu shows the page to the same people)."""
    if not any(request.user.has_perm(p) for p in perms):
        raise PermissionDenied(_("Your role does not allow this page."))


def refusal(request, exc: ActionError) -> None:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    messages.error(request, exc.message)


def show_warnings(request, result) -> None:
    for warning in result.warnings:
        messages.warning(request, warning)


# --- the volunteer's own pages ----------------------------------------------------------------------------------


@login_required
def my_duty_view(request):
    """My roster rows, my shifts (today and coming, the last week's), the open shifts I may sign up for, the teams I
    lead, my reports to the grassroots."""
    need(request, "volunteers.view_own_signup")
    now = clock.now()
    rows = list(selectors.my_rows(request.user))
    mine = (SignUp.objects.filter(volunteer__user=request.user, end__gte=now - datetime.timedelta(days=7))
            .select_related("shift__post", "volunteer").order_by("start"))
    current = [s for s in mine if s.status == SignUpStatus.ACTIVE and s.end > now]
    past = [s for s in mine if s not in current]
    taken = set(s.shift_id for s in current)
    open_shifts = []
    if request.user.has_perm(actions.SIGN_UP_PERM):
        open_shifts = [s for s in actions.open_shifts_for(request.user)
                       .filter(start__lt=now + datetime.timedelta(days=7)).select_related("post")
                       .annotate(n_filled=Count("signups", filter=Q(signups__status=SignUpStatus.ACTIVE)))
                       .order_by("start", "id")[:100]
                       if s.n_filled < s.needed and s.pk not in taken][:30]
    deployments = CadreDeployment.objects.filter(cadre=request.user).select_related("region")[:10]
    return render(request, "volunteers/my_duty.html", {
        "rows": rows, "current": current, "past": past, "open_shifts": open_shifts, "now": now,
        "teams": actions.led_teams(request.user).select_related("region"), "deployments": deployments,
        "early": CHECK_IN_EARLY_MINUTES,
        "may_request": request.user.has_perm(actions.REQUEST_PERM),
    })


@login_required
@require_POST
def sign_up_view(request, pk):
    shift = Shift.objects.filter(pk=pk).first()
    if shift is None:
        raise Http404
    try:
        result = actions.do_sign_up(request.user, shift)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from None
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("You are on the shift %(shift)s.") % {"shift": result.shift})
        show_warnings(request, result)
    return HttpResponseRedirect(safe_next(request, reverse("volunteers:my")))


@login_required
@require_POST
def cancel_view(request, pk):
    signup = SignUp.objects.filter(pk=pk).first()
    if signup is None:
        raise Http404
    try:
        actions.do_cancel_sign_up(request.user, signup)
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("Taken off the shift."))
    return HttpResponseRedirect(safe_next(request, reverse("volunteers:my")))


@login_required
def checkin_view(request):
    """The page the post's QR code opens on the volunteer's phone (`?t=TOKEN`): the post, and the button to check in
    (or out) of the shift there. Without a token: where to scan, and a box for the code printed on the poster."""
    need(request, actions.CHECK_IN_PERM)
    token = (request.POST.get("t") or request.GET.get("t") or "").strip()
    if request.method == "POST":
        return _check_in_or_out(request, token)
    form = TokenForm(request.GET or None) if "token" in request.GET else TokenForm()
    if not token and form.is_bound and form.is_valid():
        token = form.cleaned_data["token"].strip()
    context = {"token": token, "form": form, "early": CHECK_IN_EARLY_MINUTES, "now": clock.now()}
    if token:
        try:
            post = actions.post_from_token(token)
        except ActionError as exc:
            context["error"] = exc.message
        else:
            context.update(_checkin_context(request.user, post, token))
    return render(request, "volunteers/checkin.html", context)


def _checkin_context(user, post: Post, token: str) -> dict:
    now = clock.now()
    window = datetime.timedelta(minutes=CHECK_IN_EARLY_MINUTES)
    # The shifts of today that are open for check-in or still to check out, mine only.
    mine = list(SignUp.objects.active().filter(volunteer__user=user, start__lte=now + window,
                                               end__gt=now - datetime.timedelta(hours=12))
                .filter(checked_out_at__isnull=True).select_related("shift__post").order_by("start"))
    here = [s for s in mine if s.shift.post_id == post.pk and (s.end > now or s.checked_in_at)]
    elsewhere = []
    if not here:
        for signup in mine:
            if signup.end <= now and not signup.checked_in_at:
                continue
            try:
                actions._at_this_post(signup, token)
            except ActionError as exc:
                elsewhere.append(exc.message)
    return {"post": post, "here": here, "elsewhere": elsewhere}


def _check_in_or_out(request, token: str):
    signup = SignUp.objects.filter(pk=request.POST.get("signup") or 0).first() if (
        request.POST.get("signup") or "").isdigit() else None
    target = f"{reverse('volunteers:checkin')}?{urlencode({'t': token})}"
    if signup is None:
        messages.error(request, _("Choose your shift."))
        return HttpResponseRedirect(target)
    do = actions.do_check_out if request.POST.get("op") == "out" else actions.do_check_in
    try:
        done = do(request.user, signup, token=token)
    except NotFound:
        raise Http404 from None
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if done.checked_out_at:
            messages.success(request, _("Checked out at %(time)s: %(hours)s hours recorded.") % {
                "time": timezone.localtime(done.checked_out_at).strftime("%H:%M"), "hours": done.hours})
        else:
            messages.success(request, _("Checked in at %(time)s at %(post)s.") % {
                "time": timezone.localtime(done.checked_in_at).strftime("%H:%M"), "post": done.shift.post.name})
    return HttpResponseRedirect(target)


# --- planning -----------------------------------------------------------------------------------------------------


@login_required
def plan_view(request):
    """Plan a shift: a post, the times, the people (a cadre: the roster of their jurisdiction; a leader: their
    team's members). `?post=&start=&end=` prefill it (adding people to an existing shift)."""
    need(request, actions.PLAN_PERM, actions.LEAD_PERM)
    if not request.user.has_perm(actions.PLAN_PERM) and not actions.led_teams(request.user).exists():
        raise PermissionDenied(_("Only the team's leader or a cadre may plan its shifts."))
    initial = {k: request.GET[k] for k in ("post", "start", "end", "needed") if request.GET.get(k)}
    form = PlanShiftForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.do_plan_shift(request.user, data["post"], start=data["start"], end=data["end"],
                                           volunteers=data["volunteers"], needed=data["needed"], note=data["note"])
        except NotFound:
            raise Http404 from None
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(n)s people planned on %(shift)s.") % {
                "n": len(result.signups), "shift": result.shift})
            show_warnings(request, result)
            default = (reverse("volunteers:shift", args=[result.shift.pk])
                       if request.user.has_perm("volunteers.view_shift") else reverse("volunteers:my"))
            return HttpResponseRedirect(safe_next(request, default))
    return render(request, "volunteers/plan.html", {"form": form, "title": _("Plan a shift"),
                                                    "light_duty_age": LIGHT_DUTY_AGE})


class ShiftListView(ObjectListView):
    queryset = Shift.objects.select_related("post", "team")
    filterset = ShiftFilterSet
    table = ShiftTable
    template_name = "volunteers/shift_list.html"
    title = gettext_lazy("Duty plan")
    export_name = "duty-plan"

    def get_queryset(self):
        return super().get_queryset().annotate(
            n_filled=Count("signups", filter=Q(signups__status=SignUpStatus.ACTIVE)))


class ShiftView(ObjectView):
    """One shift: who is on it (their attendance and hours, approvals), people to add."""

    queryset = Shift.objects.select_related("post", "team")
    template_name = "volunteers/shift_detail.html"

    def get_extra_context(self, shift):
        now = clock.now()
        signups = list(shift.signups.select_related("volunteer__team", "approved_by").order_by("status", "id"))
        active = [s for s in signups if s.status == SignUpStatus.ACTIVE]
        local = "%Y-%m-%dT%H:%M"
        add_url = reverse("volunteers:plan") + "?" + urlencode({
            "post": shift.post_id, "start": timezone.localtime(shift.start).strftime(local),
            "end": timezone.localtime(shift.end).strftime(local), "needed": shift.needed})
        return {"signups": signups, "filled": len(active), "now": now, "over": shift.end <= now,
                "may_plan": self.request.user.has_perm(actions.PLAN_PERM),
                "may_approve": self.request.user.has_perm(actions.APPROVE_PERM), "add_url": add_url,
                "approve_form": ApproveHoursForm()}


@login_required
@require_POST
def approve_view(request, pk):
    """Approve one sign-up's hours (a cadre over it, or the leader of the person's team)."""
    need(request, actions.APPROVE_PERM, actions.LEAD_PERM)
    signup = SignUp.objects.filter(pk=pk).first()
    if signup is None:
        raise Http404
    form = ApproveHoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            done = actions.do_approve_hours(request.user, signup, hours=form.cleaned_data["hours"])
        except ActionError as exc:
            refusal(request, exc)
        else:
            messages.success(request, _("%(hours)s hours approved for %(name)s.") % {
                "hours": done.approved_hours, "name": done.volunteer.name})
    return HttpResponseRedirect(safe_next(request, reverse("volunteers:my")))


# --- teams, volunteers, posts -------------------------------------------------------------------------------------


class PeriodListMixin:
    """A list whose figures cover `?from=`–`?to=` (default the last 30 days)."""

    def period(self):
        return period(self.request)

    def get_extra_context(self):
        first, last = self.period()
        return {"date_from": first, "date_to": last}


class TeamListView(PeriodListMixin, ObjectListView):
    queryset = Team.objects.select_related("region", "leader")
    filterset = TeamFilterSet
    table = TeamTable
    template_name = "volunteers/period_list.html"
    title = gettext_lazy("Volunteer teams")
    export_name = "volunteer-teams"

    def get_queryset(self):
        return selectors.teams_with_hours(super().get_queryset(), *self.period())

    def get_extra_context(self):
        context = super().get_extra_context()
        context["add_url"] = reverse("volunteers:team-add") if self.request.user.has_perm(
            "volunteers.add_team") else ""
        return context


@login_required
def team_view(request, pk):
    """A team: members (ages, the 70+ flagged), coming shifts, hours to approve. For a cadre over it, or its leader."""
    team = Team.objects.select_related("region", "leader").filter(pk=pk).first()
    leads = team is not None and actions.led_teams(request.user).filter(pk=team.pk).exists() and \
        request.user.has_perm(actions.LEAD_PERM)
    if not leads:
        need(request, "volunteers.view_team")
        team = get_scoped_or_404(Team.objects.select_related("region", "leader"), request.user, pk=pk)
    now = clock.now()
    first, last = period(request)
    members = list(team.members.filter(active=True).order_by("name"))
    coming = (SignUp.objects.active().filter(volunteer__team=team, end__gt=now)
              .select_related("shift__post", "volunteer").order_by("start")[:100])
    to_approve = (SignUp.objects.active().filter(volunteer__team=team, end__lte=now, approved_at__isnull=True,
                                                 checked_in_at__isnull=False)
                  .select_related("shift__post", "volunteer").order_by("-start")[:100])
    no_shows = (SignUp.objects.no_shows(now).filter(volunteer__team=team, start__gte=selectors.period_bounds(
        first, last)[0]).select_related("shift__post", "volunteer").order_by("-start")[:100])
    return render(request, "volunteers/team_detail.html", {
        "team": team, "members": members, "coming": coming, "to_approve": to_approve, "no_shows": no_shows,
        "leads": leads, "light_duty_age": LIGHT_DUTY_AGE, "today": clock.today(), "approve_form": ApproveHoursForm(),
        "may_edit": request.user.has_perm("volunteers.change_team") and not leads,
        "date_from": first, "date_to": last,
    })


class TeamEditView(ObjectEditView):
    queryset = Team.objects.all()
    form_class = TeamForm
    action = staticmethod(lambda actor, team, **data: actions.do_save_team(actor, team, **data))
    title = gettext_lazy("Volunteer team")


class VolunteerListView(ObjectListView):
    queryset = Volunteer.objects.select_related("team", "region")
    filterset = VolunteerFilterSet
    table = VolunteerTable
    title = gettext_lazy("Volunteers")
    export_name = "volunteers"


class VolunteerView(ObjectView):
    queryset = Volunteer.objects.select_related("team", "region", "user", "deployment")
    template_name = "volunteers/volunteer_detail.html"

    def get_extra_context(self, volunteer):
        signups = volunteer.signups.select_related("shift__post").order_by("-start")[:50]
        may_link = self.request.user.has_perm("volunteers.change_volunteer")
        form = LinkAccountForm(user=self.request.user, initial={"user": volunteer.user_id}) if may_link else None
        return {"signups": signups, "link_form": form, "light_duty_age": LIGHT_DUTY_AGE}


@login_required
@require_POST
def link_account_view(request, pk):
    need(request, "volunteers.change_volunteer")
    volunteer = get_scoped_or_404(Volunteer.objects.all(), request.user, pk=pk)
    form = LinkAccountForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.do_link_account(request.user, volunteer, user=form.cleaned_data["user"])
        except ActionError as exc:
            refusal(request, exc)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a volunteer's account of your jurisdiction."))
    return redirect("volunteers:volunteer", pk=pk)


class VolunteerHoursListView(PeriodListMixin, ObjectListView):
    """Hours per person over the period (recorded by check-in and check-out, and approved)."""

    queryset = Volunteer.objects.select_related("team", "region")
    filterset = VolunteerFilterSet
    table = VolunteerHoursTable
    permission_required = "volunteers.view_signup"
    template_name = "volunteers/period_list.html"
    title = gettext_lazy("Hours per person")
    export_name = "volunteer-hours"

    def get_queryset(self):
        return selectors.volunteers_with_hours(super().get_queryset(), *self.period())


class AttendanceListView(ObjectListView):
    """Every sign-up with its check-in, check-out and hours (filter: hours not yet approved)."""

    queryset = SignUp.objects.active().select_related("volunteer__team", "shift__post", "approved_by")
    filterset = SignUpFilterSet
    table = SignUpHoursTable
    title = gettext_lazy("Attendance and hours")
    export_name = "attendance"


class NoShowListView(ObjectListView):
    """People on the plan of a shift that is over who never checked in."""

    queryset = SignUp.objects.select_related("volunteer__team", "shift__post")
    filterset = PeriodFilterSet
    table = NoShowTable
    permission_required = "volunteers.view_signup"
    title = gettext_lazy("No-shows")
    export_name = "no-shows"

    def get_queryset(self):
        return super().get_queryset().no_shows(clock.now())


class PostListView(ObjectListView):
    queryset = Post.objects.select_related("region", "team", "checkpoint", "sampling_site")
    filterset = PostFilterSet
    table = PostTable
    template_name = "volunteers/post_list.html"
    title = gettext_lazy("Duty posts")
    export_name = "duty-posts"


class PostView(ObjectView):
    queryset = Post.objects.select_related("region", "team", "checkpoint", "sampling_site")
    template_name = "volunteers/post_detail.html"

    def get_extra_context(self, post):
        now = clock.now()
        shifts = (post.shifts.filter(end__gt=now - datetime.timedelta(hours=24))
                  .annotate(n_filled=Count("signups", filter=Q(signups__status=SignUpStatus.ACTIVE)),
                            n_in=Count("signups", filter=Q(signups__status=SignUpStatus.ACTIVE,
                                                           signups__checked_in_at__isnull=False)))
                  .order_by("start")[:60])
        return {"shifts": shifts, "now": now, "may_change": self.request.user.has_perm("volunteers.change_post")}


class PostQrView(ObjectView):
    """The poster to print and put up at the post: its check-in address and code. (No QR library is installed,
    so the poster prints the address for a QR generator and the code for typing in; see the README.)"""

    queryset = Post.objects.select_related("region")
    template_name = "volunteers/post_qr.html"

    def get_extra_context(self, post):
        token = actions.post_token(post)
        url = self.request.build_absolute_uri(reverse("volunteers:checkin") + "?" + urlencode({"t": token}))
        return {"token": token, "checkin_url": url}


@login_required
@require_POST
def renew_qr_view(request, pk):
    need(request, "volunteers.change_post")
    post = get_scoped_or_404(Post.objects.all(), request.user, pk=pk)
    try:
        actions.do_renew_qr(request.user, post)
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("A new QR code was made: print it; the old poster no longer checks anyone in."))
    return redirect("volunteers:post-qr", pk=pk)


class PostEditView(ObjectEditView):
    queryset = Post.objects.all()
    form_class = PostForm
    action = staticmethod(lambda actor, post, **data: actions.do_save_post(actor, post, **data))
    title = gettext_lazy("Duty post")


# --- figures ------------------------------------------------------------------------------------------------------


@login_required
def figures_view(request):
    """Posts filled versus needed per shift on a day, hours per team over the period, no-shows per day: charts,
    each with the table of its figures."""
    need(request, "volunteers.view_shift")
    region = page_region(request)
    day = date_param(request, "date")
    first, last = period(request)
    fill = selectors.shift_fill(request.user, region.code, day)
    slots = selectors.fill_by_start(fill)
    teams = selectors.team_hours(request.user, region.code, first, last)
    absences = selectors.no_shows_per_day(request.user, region.code, day)
    totals = {"needed": sum(r.needed for r in fill), "filled": sum(min(r.filled, r.needed) for r in fill),
              "checked_in": sum(r.checked_in for r in fill), "no_shows": sum(r.no_shows for r in fill)}
    totals["rate"] = round(100 * totals["filled"] / totals["needed"], 1) if totals["needed"] else None
    chart = {
        "slots": [s["start"] for s in slots], "needed": [s["needed"] for s in slots],
        "filled": [s["filled"] for s in slots],
        "teams": [t.name for t in teams], "hours": [float(t.n_hours) for t in teams],
        "approved": [float(t.n_approved) for t in teams],
        "days": [d.isoformat() for d, _n, _a in absences], "absent": [a for _d, _n, a in absences],
        "labels": {"fill": _("Places per shift start"), "needed": _("Needed"), "filled": _("Filled"),
                   "teams": _("Hours per team"), "hours": _("Hours recorded"), "approved": _("Hours approved"),
                   "absences": _("No-shows per day"), "absent": _("No-shows")},
    }
    return render(request, "volunteers/figures.html", {
        "region": region, "ancestors": region.ancestors(), "day": day, "date_from": first, "date_to": last,
        "fill": fill, "slots": slots, "teams": teams, "absences": absences, "totals": totals, "chart": chart,
    })


# --- cadres sent down ---------------------------------------------------------------------------------------------


class DeploymentListView(ObjectListView):
    """Reports of cadres to the villages of the jurisdiction; those requested wait for the village or town."""

    queryset = CadreDeployment.objects.select_related("cadre", "region", "decided_by")
    filterset = DeploymentFilterSet
    table = DeploymentTable
    template_name = "volunteers/deployment_list.html"
    title = gettext_lazy("Cadres sent down")
    export_name = "cadres-sent-down"

    def get_extra_context(self):
        may_decide = self.request.user.has_perm(actions.DECIDE_PERM)
        waiting = (CadreDeployment.objects.restrict(self.request.user).filter(status=DeploymentStatus.REQUESTED)
                   .exclude(cadre=self.request.user).select_related("cadre", "region")[:50]) if may_decide else []
        return {"waiting": waiting, "decision_form": DecisionForm(),
                "may_request": self.request.user.has_perm(actions.REQUEST_PERM)}


@login_required
def deployment_request_view(request):
    need(request, actions.REQUEST_PERM)
    form = DeploymentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_request_deployment(request.user, data["region"], department=data["department"],
                                          start_date=data["start_date"], end_date=data["end_date"], note=data["note"])
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your report was sent to the village/community for approval."))
            return redirect("volunteers:my")
    return render(request, "generic/object_edit.html", {"form": form, "title": _("Report to the grassroots"),
                                                        "cancel_url": reverse("volunteers:my")})


@login_required
@require_POST
def decide_deployment_view(request, pk):
    need(request, actions.DECIDE_PERM)
    deployment = get_scoped_or_404(CadreDeployment.objects.all(), request.user, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        actions.do_decide_deployment(request.user, deployment, approve=request.POST.get("decision") == "approve",
                                     note=note)
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("Decided."))
    return HttpResponseRedirect(safe_next(request, reverse("volunteers:deployments")))


class DepartmentReportView(ObjectListView):
    """The report back to a department (`?department=`): each of its cadres sent down, their shifts, hours and the
    posts they stood at over the period, and every shift as rows (the xlsx export)."""

    queryset = SignUp.objects.active().filter(volunteer__kind=PersonKind.CADRE).select_related(
        "volunteer__deployment", "volunteer__region", "shift__post")
    filterset = CadreSignUpFilterSet
    table = CadreSignUpTable
    permission_required = "volunteers.view_cadredeployment"
    template_name = "volunteers/department_report.html"
    title = gettext_lazy("Report to departments")
    export_name = "department-report"

    def get_extra_context(self):
        department = (self.request.GET.get("department") or "").strip()
        last = date_param(self.request, "date_to")
        first = date_param(self.request, "date_from", last - datetime.timedelta(days=PERIOD_DAYS - 1))
        report = selectors.cadre_report(self.request.user, department, first, last) if department else []
        return {"department": department, "departments": selectors.departments(self.request.user),
                "report": report, "date_from": first, "date_to": last}
