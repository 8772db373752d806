"""Hotline pages: intake, department inbox, supervision, callback queue, order detail, KPIs, daily report."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from wangge.core.ids import mask_phone
from wangge.core.models import AccessKind, log_access

from . import actions, kpis, reports, states
from .choices import OPEN_STATES, Satisfaction, State
from .deadlines import TZ, local_date
from .filtersets import WorkOrderFilterSet
from .forms import IntakeForm, PeriodForm
from .models import Department, KnowledgeArticle
from .scoping import is_centre, user_department, visible_orders
from .suggest_api import suggestions


class CentreRequired(LoginRequiredMixin):
    """Pages for the 12345 centre only."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_centre(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def paginate(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


class OrderListView(LoginRequiredMixin, TemplateView):
    template_name = "hotline/order_list.html"

    def get_context_data(self, **kwargs):
        qs = visible_orders(self.request.user).select_related("category", "department")
        filterset = WorkOrderFilterSet(self.request.GET or None, queryset=qs)
        orders = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        return {**super().get_context_data(**kwargs), "filterset": filterset,
                "page": paginate(self.request, orders.order_by("-received_at")), "title": _("Work orders")}


class IntakeView(CentreRequired, TemplateView):
    template_name = "hotline/intake.html"

    def get_context_data(self, **kwargs):
        from wangge.regions.choices import RegionLevel
        from wangge.regions.models import Region

        regions = Region.objects.restrict(self.request.user).filter(
            level__in=[RegionLevel.VILLAGE, RegionLevel.GRID]).values_list("code", "name")[:3000]
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or IntakeForm(),
                "regions": regions, "recent": visible_orders(self.request.user).select_related("category")[:10]}

    def post(self, request):
        form = IntakeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        duplicate = None
        if data["duplicate_of"]:
            duplicate = visible_orders(request.user).filter(number=data["duplicate_of"].strip()).first()
            if duplicate is None:
                form.add_error("duplicate_of", _("Unknown work order %(number)s.") % {"number": data["duplicate_of"]})
                return self.render_to_response(self.get_context_data(form=form), status=400)
        article = None
        if request.POST.get("article"):
            article = KnowledgeArticle.objects.filter(pk=request.POST["article"]).first()
        try:
            order = actions.intake(
                request.user, content=data["content"], category=data["category"], region=data["region"] or None,
                caller_name=data["caller_name"], caller_phone=data["caller_phone"], channel=data["channel"],
                urgency=data["urgency"], address=data["address"], duplicate_of=duplicate,
                answer=data["answer"] if data["mode"] == "answer" else "",
                article=article if data["mode"] == "answer" else None,
                department=data["department"] if data["mode"] == "dispatch" else None)
            if data["mode"] == "queue":
                actions.queue(request.user, order)
        except actions.HotlineError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        messages.success(request, _("Work order %(number)s registered.") % {"number": order.number})
        return redirect("hotline:intake")


class InboxView(LoginRequiredMixin, TemplateView):
    """A department's orders to sign and handle, soonest deadline first."""

    template_name = "hotline/inbox.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        qs = visible_orders(user).filter(state__in=[State.DISPATCHED, State.IN_PROGRESS])
        department = user_department(user)
        if department is None and not is_centre(user):
            raise PermissionDenied
        return {**super().get_context_data(**kwargs), "department": department, "now": timezone.now(),
                "page": paginate(self.request, qs.select_related("category", "department").order_by("due_at")),
                "is_department": department is not None}


class SupervisionView(CentreRequired, TemplateView):
    """Overdue and soon-due orders, for 催办 and 督办."""

    template_name = "hotline/supervision.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        qs = visible_orders(self.request.user).filter(state__in=OPEN_STATES).select_related("category", "department")
        return {**super().get_context_data(**kwargs), "now": now,
                "overdue": qs.filter(due_at__lt=now).order_by("due_at")[:200],
                "soon": qs.filter(due_at__gte=now, due_at__lt=now + datetime.timedelta(hours=24))
                .order_by("due_at")[:200],
                "pending_extensions": qs.filter(extension_requested_until__isnull=False).order_by("due_at")[:100]}


class CallbackQueueView(CentreRequired, TemplateView):
    template_name = "hotline/callbacks.html"

    def get_context_data(self, **kwargs):
        qs = visible_orders(self.request.user).select_related("category", "department")
        return {**super().get_context_data(**kwargs), "satisfaction_choices": Satisfaction.choices,
                "to_review": qs.filter(state=State.REPLIED).order_by("replied_at")[:100],
                "queue": qs.filter(state=State.PENDING_CALLBACK).order_by("replied_at")[:200]}


class OrderDetailView(LoginRequiredMixin, TemplateView):
    template_name = "hotline/order_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        order = get_object_or_404(visible_orders(user).select_related("category", "department", "region",
                                                                        "duplicate_of"), pk=kwargs["pk"])
        reveal = bool(self.request.GET.get("reveal")) and user.can_reveal
        if reveal:
            log_access(AccessKind.REVEAL, order, fields="caller_phone", masked=False)
        role = states.CENTRE if is_centre(user) else states.DEPARTMENT
        if role == states.DEPARTMENT:
            department = user_department(user)
            if department is None or department.pk != order.department_id:
                role = None
        available = states.actions_from(order.state, role) if role else []
        if order.extension_requested_until is None:
            available = [a for a in available if a not in ("approve_extension", "reject_extension")]
        from .dispatch_model import suggest_departments

        suggested = suggest_departments(order.content, order.category.code, order.region_code) \
            if "dispatch" in available else []
        return {**super().get_context_data(**kwargs), "order": order, "events": order.events.select_related(
            "department"), "phone": order.caller_phone if reveal else mask_phone(order.caller_phone),
            "can_reveal": user.can_reveal and not reveal, "available": available,
            "departments": Department.objects.filter(active=True), "suggested": suggested,
            "satisfaction_choices": Satisfaction.choices, "duplicates": order.duplicates.all()[:20]}


class TransitionView(LoginRequiredMixin, View):
    """POST a transition from a page: parse the form, call the action, report the outcome."""

    def post(self, request, pk, transition):
        order = get_object_or_404(visible_orders(request.user), pk=pk)
        if transition not in actions.ACTIONS:
            raise PermissionDenied
        from .api.views import transition_kwargs

        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        kwargs = transition_kwargs(transition, data)
        try:
            if transition == "dispatch":
                if not kwargs["department"]:
                    raise actions.InvalidInput(_("Choose a department."), "department")
                actions.dispatch(request.user, order, kwargs.pop("department"), **kwargs)
            else:
                actions.ACTIONS[transition](request.user, order, **kwargs)
        except actions.HotlineError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(number)s: %(action)s done.") % {
                "number": order.number, "action": actions.EVENT_LABELS.get(transition, transition)})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("hotline:order", args=[order.pk])
        return redirect(target)


def _period(request):
    today = local_date(timezone.now())
    form = PeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today
                                                    + datetime.timedelta(days=1), "group_by": "department"})
    if form.is_bound and form.is_valid() and form.cleaned_data["end"] > form.cleaned_data["start"]:
        start, end, group = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["group_by"]
    else:
        start, end, group = today.replace(day=1), today + datetime.timedelta(days=1), "department"
    return form, start, end, group


class KpiPageView(CentreRequired, TemplateView):
    template_name = "hotline/kpis.html"

    def get_context_data(self, **kwargs):
        form, start, end, group = _period(self.request)
        s = datetime.datetime.combine(start, datetime.time(), tzinfo=TZ)
        e = datetime.datetime.combine(end, datetime.time(), tzinfo=TZ)
        orders = visible_orders(self.request.user)
        return {**super().get_context_data(**kwargs), "form": form, "rows": kpis.compute(s, e, group, orders=orders),
                "total": kpis.total(s, e, orders=orders), "definitions": kpis.definitions(), "start": start,
                "end": end}


def _report_day(request):
    try:
        return datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return local_date(timezone.now())


class DailyReportView(CentreRequired, TemplateView):
    template_name = "hotline/report.html"

    def get_context_data(self, **kwargs):
        day = _report_day(self.request)
        report = reports.daily_report(day, orders=visible_orders(self.request.user))
        chart = {"channels": [{"name": c["name"], "value": c["count"]} for c in report["channels"]],
                 "categories": [[c["name"], c["count"], c["yesterday"]] for c in report["categories"][:12]],
                 "keywords": [[k["word"], k["today"], k["yesterday"]] for k in report["keywords"]]}
        return {**super().get_context_data(**kwargs), "r": report, "chart": chart, "day": day,
                "prev": day - datetime.timedelta(days=1), "next": day + datetime.timedelta(days=1)}


@login_required
def daily_report_xlsx(request):
    if not is_centre(request.user):
        raise PermissionDenied
    day = _report_day(request)
    report = reports.daily_report(day, orders=visible_orders(request.user))
    response = HttpResponse(reports.report_xlsx(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="hotline-report-{day:%Y%m%d}.xlsx"'
    return response


@login_required
def suggest_json(request):
    """Suggestions for the intake form (fetched as the operator types)."""
    if not is_centre(request.user):
        raise PermissionDenied
    return JsonResponse(suggestions(request.user, request.GET), json_dumps_params={"ensure_ascii": False})
