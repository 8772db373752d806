"""Services pages: the community's menu, orders (list with filters, detail with its steps), a resident's orders (the
grid worker's way in: find the resident, order for them), the volunteer's "my orders", and the jobs register
(postings, seekers, trainings with attendance, placements) with its figures."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wangge.core.errors import ActionError, NotFound, NotPermitted
from wangge.core.views_generic import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    date_param,
    get_scoped_or_404,
    safe_next,
)
from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.codes import page_region

from . import actions, selectors
from .choices import OrderStatus
from .filtersets import (
    JobPostingFilterSet,
    JobSeekerFilterSet,
    OrderFilterSet,
    PlacementFilterSet,
    ServiceItemFilterSet,
    TrainingFilterSet,
)
from .forms import (
    AttendanceForm,
    CancelForm,
    DoneForm,
    ItemForm,
    OrderForm,
    PlacementForm,
    PostingForm,
    RateForm,
    SeekerForm,
    TakeForm,
    TrainingForm,
)
from .models import JobPosting, JobSeeker, Order, Placement, ServiceItem, Training
from .tables import (
    JobPostingTable,
    JobSeekerTable,
    OrderTable,
    PlacementTable,
    ResidentOrderTable,
    ServiceItemTable,
    TrainingTable,
)

PERIOD_DAYS = 30


def need(request, *perms: str) -> None:
    if not any(request.user.has_perm(p) for p in perms):
        raise PermissionDenied(_("Your role does not allow this page."))


def refusal(request, exc: ActionError) -> None:
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    messages.error(request, exc.message)


# --- the menu ----------------------------------------------------------------------------------------------------


class ItemListView(ObjectListView):
    queryset = ServiceItem.objects.select_related("region", "team")
    filterset = ServiceItemFilterSet
    table = ServiceItemTable
    template_name = "services/item_list.html"
    title = gettext_lazy("Service menu")
    export_name = "service-menu"

    def get_extra_context(self):
        return {"may_add": self.request.user.has_perm("services.add_serviceitem")}


class ItemView(ObjectView):
    queryset = ServiceItem.objects.select_related("region", "team")
    template_name = "services/item_detail.html"

    def get_extra_context(self, item):
        orders = Order.objects.restrict(self.request.user).filter(item=item)
        counts = dict(orders.values_list("status").annotate(n=Count("pk")).order_by())
        return {"counts": [(label, counts.get(value, 0)) for value, label in OrderStatus.choices],
                "may_edit": self.request.user.has_perm("services.change_serviceitem")}


class ItemEditView(ObjectEditView):
    queryset = ServiceItem.objects.all()
    form_class = ItemForm
    action = staticmethod(lambda actor, item, **data: actions.do_save_item(actor, item, **data))
    title = gettext_lazy("Service on the menu")


# --- orders ------------------------------------------------------------------------------------------------------


class OrderListView(ObjectListView):
    queryset = Order.objects.select_related("item", "resident__grid", "team", "volunteer")
    filterset = OrderFilterSet
    table = OrderTable
    title = gettext_lazy("Service orders")
    export_name = "service-orders"


class OrderView(ObjectView):
    queryset = Order.objects.select_related("item__region", "resident__grid", "team", "volunteer", "ordered_by",
                                            "taken_by", "rated_by")
    template_name = "services/order_detail.html"

    def get_permission_required(self):
        return None  # those who read orders, and volunteers for their team's (checked in dispatch)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.has_perm("services.view_order")
                                                  or request.user.has_perm(actions.TAKE_PERM)):
            raise PermissionDenied(_("Your role does not allow this page."))
        return super().dispatch(request, *args, **kwargs)

    def get_extra_context(self, order):
        user = self.request.user
        status = order.status
        see_resident = Resident.objects.restrict(user).filter(pk=order.resident_id).exists()
        return {
            "see_resident": see_resident,
            "may_take": status == OrderStatus.ORDERED and user.has_perm(actions.TAKE_PERM),
            "may_done": status == OrderStatus.TAKEN and user.has_perm(actions.TAKE_PERM),
            "may_rate": status == OrderStatus.DONE and user.has_perm(actions.RATE_PERM) and see_resident,
            "may_cancel": status in (OrderStatus.ORDERED, OrderStatus.TAKEN) and user.has_perm(actions.CANCEL_PERM)
            and see_resident,
            "choose_team": user.has_perm("services.change_order"),
            "take_form": TakeForm(order=order), "done_form": DoneForm(), "rate_form": RateForm(),
            "cancel_form": CancelForm(),
            "steps": _steps(order),
        }


def _steps(order):
    steps = [(_("Order placed"), order.ordered_at, order.ordered_by)]
    if order.taken_at:
        steps.append((_("Taken"), order.taken_at, order.taken_by))
    if order.done_at:
        steps.append((_("Done"), order.done_at, None))
    if order.rated_at:
        steps.append((_("Rated"), order.rated_at, order.rated_by))
    if order.cancelled_at:
        steps.append((_("Cancelled"), order.cancelled_at, None))
    return steps


@login_required
@require_POST
def order_step_view(request, pk, step):
    """POST one step of an order's life: take, done, rate, cancel. A refusal is shown with its reason."""
    order = Order.objects.restrict(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404
    forms = {"take": TakeForm, "done": DoneForm, "rate": RateForm, "cancel": CancelForm}
    if step not in forms:
        raise Http404
    form = forms[step](request.POST, order=order) if step == "take" else forms[step](request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
        return HttpResponseRedirect(safe_next(request, order.get_absolute_url()))
    data = form.cleaned_data
    try:
        if step == "take":
            actions.do_take(request.user, order, team=data.get("team"), volunteer=data.get("volunteer"))
        elif step == "done":
            actions.do_done(request.user, order, note=data["note"])
        elif step == "rate":
            actions.do_rate(request.user, order, rating=data["rating"], comment=data["comment"])
        else:
            actions.do_cancel(request.user, order, reason=data["reason"])
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from None
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, {"take": _("The order is taken."), "done": _("The order is done."),
                                   "rate": _("The rating is recorded."), "cancel": _("The order is cancelled.")}[step])
    return HttpResponseRedirect(safe_next(request, order.get_absolute_url()))


@login_required
def my_orders_view(request):
    """The volunteer's page: orders waiting in my team's community, and those taken by me (or my team)."""
    need(request, actions.TAKE_PERM)
    mine = list(selectors.my_orders(request.user)[:200])
    return render(request, "services/my_orders.html", {
        "open_orders": selectors.open_orders_for(request.user)[:100],
        "current": [o for o in mine if o.status == OrderStatus.TAKEN],
        "finished": [o for o in mine if o.status != OrderStatus.TAKEN],
        "rows": actions.volunteer_rows(request.user),
    })


# --- a resident's page (the grid worker's way in) --------------------------------------------------------------


@login_required
def residents_view(request):
    """Find a resident of my jurisdiction (name or last 4 of the ID number) to order for them or see their orders."""
    need(request, "services.add_order", "services.view_order")
    q = (request.GET.get("q") or "").strip()
    found = []
    if q:
        residents = Resident.objects.restrict(request.user).select_related("grid")
        residents = residents.filter(id_last4=q) if q.isdigit() and len(q) == 4 else residents.filter(
            name__contains=q)
        found = list(residents.order_by("region_code", "name", "id")[:50])
    return render(request, "services/residents.html", {"q": q, "found": found})


@login_required
def resident_view(request, pk):
    """A resident's orders ("my orders" of someone who has no login), the form to order for them, their job search."""
    need(request, "services.view_order")
    resident = get_scoped_or_404(Resident.objects.select_related("grid"), request.user, pk=pk)
    may_order = request.user.has_perm("services.add_order")
    form = OrderForm(request.POST or None, resident=resident)
    if request.method == "POST":
        if not may_order:
            raise PermissionDenied(_("Your role may not enter service orders."))
        if form.is_valid():
            try:
                order = actions.do_order(request.user, resident, **form.cleaned_data)
            except NotFound:
                raise Http404 from None
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Ordered: %(item)s.") % {"item": order.item})
                return redirect("services:resident", pk=resident.pk)
    orders = selectors.orders_of(request.user, resident)
    seeker = JobSeeker.objects.restrict(request.user).filter(resident=resident).first() \
        if request.user.has_perm("services.view_jobseeker") else None
    return render(request, "services/resident.html", {
        "resident": resident, "form": form, "may_order": may_order,
        "table": ResidentOrderTable(list(orders[:200])), "seeker": seeker,
        "may_register": request.user.has_perm("services.add_jobseeker") and seeker is None,
    })


# --- jobs --------------------------------------------------------------------------------------------------------


class PostingListView(ObjectListView):
    queryset = JobPosting.objects.select_related("region", "enterprise").annotate(n_placed=Count("placements"))
    filterset = JobPostingFilterSet
    table = JobPostingTable
    template_name = "services/posting_list.html"
    title = gettext_lazy("Job postings")
    export_name = "job-postings"

    def get_extra_context(self):
        return {"may_add": self.request.user.has_perm("services.add_jobposting")}


class PostingView(ObjectView):
    queryset = JobPosting.objects.select_related("region", "enterprise")
    template_name = "services/posting_detail.html"

    def get_extra_context(self, posting):
        placements = Placement.objects.restrict(self.request.user).filter(posting=posting).select_related(
            "seeker__resident__grid")
        return {"placements": placements, "may_edit": self.request.user.has_perm("services.change_jobposting")}


class PostingEditView(ObjectEditView):
    queryset = JobPosting.objects.all()
    form_class = PostingForm
    action = staticmethod(lambda actor, posting, **data: actions.do_save_posting(actor, posting, **data))
    title = gettext_lazy("Job posting")


class SeekerListView(ObjectListView):
    queryset = JobSeeker.objects.select_related("resident__grid").annotate(
        n_trainings=Count("attendance", distinct=True), n_placed=Count("placements", distinct=True))
    filterset = JobSeekerFilterSet
    table = JobSeekerTable
    title = gettext_lazy("Job seekers")
    export_name = "job-seekers"


class SeekerView(ObjectView):
    queryset = JobSeeker.objects.select_related("resident__grid")
    template_name = "services/seeker_detail.html"

    def get_extra_context(self, seeker):
        user = self.request.user
        return {"attendance": seeker.attendance.select_related("training").order_by("-training__date"),
                "placements": seeker.placements.select_related("posting").order_by("-placed_on"),
                "placement_form": PlacementForm(user=user),
                "may_place": user.has_perm("services.add_placement"),
                "may_edit": user.has_perm("services.change_jobseeker")}


class SeekerEditView(ObjectEditView):
    """Register a resident as a job seeker (from the resident's page: `resident` in the URL), or edit the row."""

    queryset = JobSeeker.objects.all()
    form_class = SeekerForm
    title = gettext_lazy("Job seeker")

    def get_permission_required(self):
        return "services.change_jobseeker" if self.kwargs.get("pk") else "services.add_jobseeker"

    def run_action(self, form):
        seeker = self.get_object()
        resident = seeker.resident if seeker else get_scoped_or_404(Resident.objects.all(), self.request.user,
                                                                     pk=self.kwargs.get("resident"))
        return actions.do_save_seeker(self.request.user, seeker, resident=resident, **form.cleaned_data)

    def get_title(self):
        seeker = self.get_object()
        if seeker is not None:
            return str(seeker)
        resident = get_scoped_or_404(Resident.objects.all(), self.request.user, pk=self.kwargs.get("resident"))
        return _("Register %(name)s as a job seeker") % {"name": resident.name}


@login_required
@require_POST
def place_view(request, pk):
    need(request, "services.add_placement")
    seeker = get_scoped_or_404(JobSeeker.objects.all(), request.user, pk=pk)
    form = PlacementForm(request.POST, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}：{' '.join(errors)}" if field in form.fields
                           else " ".join(errors))
        return redirect("services:seeker", pk=pk)
    try:
        actions.do_place(request.user, seeker, **form.cleaned_data)
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("The placement is recorded."))
    return redirect("services:seeker", pk=pk)


class TrainingListView(ObjectListView):
    queryset = Training.objects.select_related("region").annotate(n_attended=Count("attendance"))
    filterset = TrainingFilterSet
    table = TrainingTable
    template_name = "services/training_list.html"
    title = gettext_lazy("Trainings")
    export_name = "trainings"

    def get_extra_context(self):
        return {"may_add": self.request.user.has_perm("services.add_training")}


class TrainingView(ObjectView):
    queryset = Training.objects.select_related("region")
    template_name = "services/training_detail.html"

    def get_extra_context(self, training):
        user = self.request.user
        attendance = training.attendance.restrict(user).select_related("seeker__resident__grid")
        return {"attendance": attendance, "form": AttendanceForm(user=user, training=training),
                "may_mark": user.has_perm("services.add_attendance"),
                "may_edit": user.has_perm("services.change_training")}


class TrainingEditView(ObjectEditView):
    queryset = Training.objects.all()
    form_class = TrainingForm
    action = staticmethod(lambda actor, training, **data: actions.do_save_training(actor, training, **data))
    title = gettext_lazy("Training")


@login_required
@require_POST
def attendance_view(request, pk):
    need(request, "services.add_attendance")
    training = get_scoped_or_404(Training.objects.all(), request.user, pk=pk)
    form = AttendanceForm(request.POST, user=request.user, training=training)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("seekers", [])) or _("Choose the job seekers present."))
        return redirect("services:training", pk=pk)
    try:
        added = actions.do_record_attendance(request.user, training, form.cleaned_data["seekers"])
    except ActionError as exc:
        refusal(request, exc)
    else:
        messages.success(request, _("%(n)s marked present.") % {"n": added})
    return redirect("services:training", pk=pk)


class PlacementListView(ObjectListView):
    queryset = Placement.objects.select_related("seeker__resident__grid", "posting", "enterprise")
    filterset = PlacementFilterSet
    table = PlacementTable
    title = gettext_lazy("Placements")
    export_name = "placements"


# --- figures -----------------------------------------------------------------------------------------------------


@login_required
def figures_view(request):
    """Orders by status and by rating over the period; job seekers, trained, placed and the placement rate; the same
    per village or grid below the region shown. Each chart draws a table of the page."""
    need(request, "services.view_order")
    region = page_region(request)
    last = date_param(request, "to")
    first = date_param(request, "from", last - datetime.timedelta(days=PERIOD_DAYS - 1))
    if first > last:
        first, last = last, first
    figures = selectors.figures(request.user, region.code, first, last, codes.child_length(region.code))
    labels = dict(OrderStatus.choices)
    chart = {
        "statuses": [str(labels[s]) for s in figures.by_status], "status_counts": list(figures.by_status.values()),
        "ratings": [str(r) for r in figures.by_rating], "rating_counts": list(figures.by_rating.values()),
        "places": [r["name"] for r in figures.rows], "seekers": [r["seekers"] for r in figures.rows],
        "trained": [r["trained"] for r in figures.rows], "placed": [r["placed"] for r in figures.rows],
        "labels": {"status": _("Orders by status"), "rating": _("Orders by rating"), "orders": _("Orders"),
                   "jobs": _("Job seekers, trained and placed"), "seekers": _("Job seekers"),
                   "trained": _("Trained"), "placed": _("Placed")},
    }
    return render(request, "services/figures.html", {
        "region": region, "ancestors": region.ancestors(), "date_from": first, "date_to": last,
        "figures": figures, "chart": chart, "status_rows": [(labels[s], n) for s, n in figures.by_status.items()],
        "show_jobs": request.user.has_perm("services.view_jobseeker"),
    })

