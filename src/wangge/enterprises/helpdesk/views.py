"""海企通 pages: an enterprise account's requests, a new request, one request with its timeline and the buttons to
confirm it solved or reopen it; the cadres of the enterprises see the same list and request (read only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core.errors import ActionError, NotFound
from wangge.core.exports import export_response
from wangge.core.views_generic import Column
from wangge.hotline.choices import State

from . import actions
from .forms import ConfirmForm, HelpRequestForm, ReopenForm
from .selectors import VIEW, help_requests_for

# What the enterprise reads on its timeline: the note of these steps (a return's or a supervisor's note is the
# hotline's internal business).
PUBLIC_NOTES = {"intake", "answer_directly", "reply", "approve_extension", "callback", "close", "redo"}

EXPORT_COLUMNS = [
    Column("number", gettext_lazy("Number")),
    Column("enterprise", gettext_lazy("Enterprise"), accessor="enterprise.name"),
    Column("content", gettext_lazy("Request")),
    Column("category", gettext_lazy("Category"), accessor="category.name"),
    Column("state", gettext_lazy("State"), accessor="get_state_display"),
    Column("received_at", gettext_lazy("Received at")),
    Column("due_at", gettext_lazy("Due at")), Column("finished_at", gettext_lazy("Finished at")),
    Column("satisfaction", gettext_lazy("Satisfaction"), accessor="get_satisfaction_display"),
]


def _need(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this page."))


def _with_subject(orders):
    for order in orders:
        order.subject, order.text = actions.split_content(order.content)
    return orders


def _order(request, pk):
    order = help_requests_for(request.user).select_related("category", "department", "enterprise").filter(pk=pk)
    found = order.first()
    if found is None:
        raise Http404(_("Not found or outside your jurisdiction."))
    return _with_subject([found])[0]


@login_required
def request_list(request):
    _need(request, VIEW)
    orders = help_requests_for(request.user).select_related("category", "enterprise").order_by("-received_at", "-id")
    state = request.GET.get("state", "")
    if state == "open":
        orders = orders.exclude(state=State.CLOSED)
    elif state == "closed":
        orders = orders.filter(state=State.CLOSED)
    if request.GET.get("export") == "xlsx":
        return export_response(orders, EXPORT_COLUMNS, fmt="xlsx", user=request.user, name="help-requests",
                               query=request.GET.urlencode())
    return render(request, "enterprises/helpdesk/request_list.html", {
        "orders": _with_subject(list(orders[:200])), "state": state,
        "may_ask": bool(request.user.has_perm(actions.ASK) and request.user.enterprise_id),
        "enterprise": request.user.enterprise if request.user.enterprise_id else None,
    })


@login_required
def request_add(request):
    _need(request, actions.ASK)
    if not request.user.enterprise_id:
        raise PermissionDenied(_("Only an enterprise account may do this."))
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = actions.do_file_request(request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your request %(number)s was sent to the 12345 centre.") %
                             {"number": order.number})
            return redirect("enterprises:help-request", pk=order.pk)
    return render(request, "enterprises/helpdesk/request_form.html", {"form": form,
                                                                      "enterprise": request.user.enterprise})


@login_required
def request_detail(request, pk):
    _need(request, VIEW)
    order = _order(request, pk)
    own = request.user.enterprise_id is not None and request.user.enterprise_id == order.enterprise_id
    events = list(order.events.select_related("department").order_by("time", "id"))
    for event in events:
        event.public_note = event.note if event.kind in PUBLIC_NOTES else ""
    return render(request, "enterprises/helpdesk/request_detail.html", {
        "order": order, "events": events, "own": own,
        "awaiting": own and order.state == State.PENDING_CALLBACK,
        "confirm_form": ConfirmForm(), "reopen_form": ReopenForm(),
    })


def _feedback(request, pk, form_class, action, done):
    _need(request, actions.ASK)
    if request.method != "POST":
        raise Http404
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("enterprises:help-request", pk=pk)
    try:
        action(request.user, pk, **form.cleaned_data)
    except NotFound:
        raise Http404(_("Not found or outside your jurisdiction.")) from None
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("enterprises:help-request", pk=pk)


@login_required
def request_confirm(request, pk):
    return _feedback(request, pk, ConfirmForm, actions.do_confirm, _("Thank you: the request is closed."))


@login_required
def request_reopen(request, pk):
    return _feedback(request, pk, ReopenForm, actions.do_reopen,
                     _("The request was reopened and goes back to the department."))
