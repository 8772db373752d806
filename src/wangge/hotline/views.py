"""Hotline pages: intake, the order lists (all orders, department inbox, supervision, callbacks) as keyset-paged
object lists, the order page with its actions, the logged call and reveal of the caller's number, KPIs and the
daily report."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wangge.accounts.roles import COMMAND_CENTRE, HOTLINE_CENTRE, HOTLINE_DEPARTMENT
from wangge.core import clock
from wangge.core.errors import ActionError
from wangge.core.views_generic import (
    CallView,
    ObjectActionView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    RevealView,
    date_param,
    reveal_grant,
)

from . import actions, kpis, reports, selectors, states
from .choices import OPEN_STATES, Satisfaction, State
from .filtersets import WorkOrderFilterSet
from .forms import CallbackForm, IntakeForm, PeriodForm
from .models import Department, KnowledgeArticle, WorkOrder
from .tables import CallbackTable, DueTable, WorkOrderTable

VIEW_ORDERS = "hotline.view_workorder"
ORDERS = WorkOrder.objects.select_related("category", "department", "region")


class OrderListView(ObjectListView):
    queryset = ORDERS
    filterset = WorkOrderFilterSet
    table = WorkOrderTable
    permission_required = VIEW_ORDERS
    title = _("Work orders")
    export_name = "hotline-orders"


class InboxView(ObjectListView):
    """A department's orders to sign and handle, soonest deadline first."""

    queryset = ORDERS.filter(state__in=[State.DISPATCHED, State.IN_PROGRESS])
    filterset = WorkOrderFilterSet
    table = DueTable
    permission_required = HOTLINE_DEPARTMENT
    template_name = "hotline/inbox.html"
    title = _("Department inbox")
    export_name = "hotline-inbox"
    hidden_filters = ("ordering", "state", "department")

    def get_extra_context(self):
        return {"department": selectors.department_of(self.request.user)}


class SupervisionView(ObjectListView):
    """Open orders by deadline, for 催办 and 督办, with the true counts of overdue, due-soon and extension
    requests."""

    queryset = ORDERS.filter(state__in=OPEN_STATES)
    filterset = WorkOrderFilterSet
    table = DueTable
    permission_required = HOTLINE_CENTRE
    template_name = "hotline/supervision.html"
    title = _("Supervision")
    export_name = "hotline-supervision"
    hidden_filters = ("ordering", "state")

    def get_extra_context(self):
        return {"counts": selectors.supervision_counts(self.request.user), "now": clock.now()}


class CallbackQueueView(ObjectListView):
    """Replies to review and orders to call back, oldest reply first; the caller's number masked with a call
    button; the satisfaction is a required choice with none preselected."""

    queryset = ORDERS.filter(state__in=[State.REPLIED, State.PENDING_CALLBACK])
    filterset = WorkOrderFilterSet
    table = CallbackTable
    permission_required = HOTLINE_CENTRE
    template_name = "hotline/callbacks.html"
    title = _("Callbacks")
    export_name = "hotline-callbacks"
    hidden_filters = ("ordering",)

    def get_extra_context(self):
        return {"satisfaction_choices": Satisfaction.choices}


class IntakeView(PermissionRequiredMixin, TemplateView):
    template_name = "hotline/intake.html"
    permission_required = HOTLINE_CENTRE

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or IntakeForm(),
                "regions": selectors.intake_places(self.request.user),
                "recent": selectors.orders_for(self.request.user).select_related("category")[:10]}

    def post(self, request):
        form = IntakeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        duplicate = None
        if data["duplicate_of"]:
            duplicate = selectors.order_by_number(request.user, data["duplicate_of"].strip())
            if duplicate is None:
                form.add_error("duplicate_of", _("Unknown work order %(number)s.") % {"number": data["duplicate_of"]})
                return self.render_to_response(self.get_context_data(form=form), status=400)
        article = None
        if request.POST.get("article", "").isdigit():
            article = KnowledgeArticle.objects.filter(pk=request.POST["article"], active=True).first()
        try:
            order = actions.do_intake(
                request.user, content=data["content"], category=data["category"], region=data["region"] or None,
                caller_name=data["caller_name"], caller_phone=data["caller_phone"], channel=data["channel"],
                urgency=data["urgency"], address=data["address"], duplicate_of=duplicate,
                answer=data["answer"] if data["mode"] == "answer" else "",
                article=article if data["mode"] == "answer" else None,
                department=data["department"] if data["mode"] == "dispatch" else None,
                queue=data["mode"] == "queue")
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        messages.success(request, _("Work order %(number)s registered.") % {"number": order.number})
        return redirect("hotline:intake")


class OrderDetailView(ObjectView):
    queryset = WorkOrder.objects.select_related("category", "department", "region", "duplicate_of")
    permission_required = VIEW_ORDERS
    template_name = "hotline/order_detail.html"

    def get_title(self, obj):
        return obj.number

    def get_extra_context(self, order):
        user = self.request.user
        revealed = reveal_grant(self.request, order)
        available = []
        if actions.is_centre(user):
            available += states.actions_from(order.state, states.CENTRE)
        if actions.may_handle(user, order):
            available += [a for a in states.actions_from(order.state, states.DEPARTMENT) if a not in available]
        if order.extension_requested_until is None:
            available = [a for a in available if a not in ("approve_extension", "reject_extension")]
        from .dispatch_model import suggest_departments

        suggested = suggest_departments(order.content, order.category.code, order.region_code) \
            if "dispatch" in available else []
        return {"order": order, "events": order.events.select_related("department", "actor"),
                "revealed": revealed, "available": available, "departments": Department.objects.filter(active=True),
                "suggested": suggested, "callback_form": CallbackForm(),
                "duplicates": selectors.duplicates_of(user, order)}


def _runner(name):
    """The page's POST → the action's keyword arguments (the same parsing as the API's) → the action."""
    from .api.views import transition_kwargs

    return lambda request, order: actions.ACTIONS[name](request.user, order,
                                                        **transition_kwargs(name, request.POST.dict()))


class TransitionView(ObjectActionView):
    """POST a transition from a page (the order page, the inbox, the callback queue)."""

    queryset = WorkOrder.objects.all()
    permission_required = VIEW_ORDERS
    actions = {name: _runner(name) for name in actions.ACTIONS}

    def success_message(self, obj, result):
        return _("%(number)s: %(action)s done.") % {
            "number": obj.number, "action": actions.EVENT_LABELS.get(self.kwargs["action"], "")}


class CallerCallView(CallView):
    """Dial the caller (a callback, a question about the order) without showing the number; logged."""

    queryset = WorkOrder.objects.all()
    phone_field = "caller_phone"
    permission_required = VIEW_ORDERS


class CallerRevealView(RevealView):
    queryset = WorkOrder.objects.all()
    fields = ("caller_phone",)


def _period(request):
    today = clock.today()
    default_start, default_end = today.replace(day=1), today + datetime.timedelta(days=1)
    form = PeriodForm(request.GET or None, initial={"start": default_start, "end": default_end,
                                                    "group_by": "department"})
    if form.is_bound and form.is_valid() and form.cleaned_data["end"] > form.cleaned_data["start"]:
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["group_by"]
    return form, default_start, default_end, "department"


class KpiPageView(PermissionRequiredMixin, TemplateView):
    template_name = "hotline/kpis.html"
    permission_required = HOTLINE_CENTRE

    def get_context_data(self, **kwargs):
        form, start, end, group = _period(self.request)
        s, e = clock.start_of(start), clock.start_of(end)
        orders = selectors.orders_for(self.request.user)
        return {**super().get_context_data(**kwargs), "form": form, "rows": kpis.compute(s, e, group, orders=orders),
                "total": kpis.total(s, e, orders=orders), "definitions": kpis.definitions(), "start": start,
                "end": end}


class DailyReportView(PermissionRequiredMixin, TemplateView):
    template_name = "hotline/report.html"
    permission_required = HOTLINE_CENTRE

    def get_context_data(self, **kwargs):
        """The same section the district daily report shows as its hotline section (reports.section_context and
        hotline/_report_section.html), over every order the centre may see; a user of the command centre gets a
        link to that report, opened at its hotline section."""
        day = date_param(self.request, "day")
        section = reports.section_context(day, selectors.orders_for(self.request.user))
        district_report_url = None
        if self.request.user.has_perm(COMMAND_CENTRE) and day <= clock.today():
            district_report_url = f"{reverse('dashboard:report')}?day={day.isoformat()}#section-hotline"
        return {**super().get_context_data(**kwargs), **section, "day": day,
                "prev": day - datetime.timedelta(days=1), "next": day + datetime.timedelta(days=1),
                "district_report_url": district_report_url}


class DailyReportXlsxView(PermissionRequiredMixin, TemplateView):
    permission_required = HOTLINE_CENTRE

    def get(self, request, *args, **kwargs):
        day = date_param(request, "day")
        report = reports.daily_report(day, orders=selectors.orders_for(request.user))
        response = HttpResponse(reports.report_xlsx(report),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="hotline-report-{day:%Y%m%d}.xlsx"'
        return response
