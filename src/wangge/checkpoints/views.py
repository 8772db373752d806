"""Pages of the checkpoints: the registry (list, one checkpoint, the edit form), the checks made (list and one check),
the check itself on a phone at the gate, and the day's figures (checks per hour per checkpoint, decisions) with their
charts and xlsx export. Declarations on core.views_generic: views parse, call the actions, show the refusal."""

from __future__ import annotations

import io

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.views_generic import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    date_param,
)
from wangge.regions.codes import page_region

from . import actions, selectors
from .choices import SEVERITY, Decision, HealthCode
from .filtersets import CheckFilterSet, CheckpointFilterSet
from .forms import CheckpointForm
from .models import Check, Checkpoint
from .tables import CheckpointTable, CheckTable

VIEW_CHECKS = "checkpoints.view_check"


# --- the registry ------------------------------------------------------------------------------------------------


class CheckpointListView(ObjectListView):
    queryset = Checkpoint.objects.select_related("region", "monitoring_point")
    filterset = CheckpointFilterSet
    table = CheckpointTable
    title = gettext_lazy("Checkpoints")
    export_name = "checkpoints"
    template_name = "checkpoints/checkpoint_list.html"


class CheckpointDetailView(ObjectView):
    queryset = Checkpoint.objects.select_related("region", "monitoring_point")
    template_name = "checkpoints/checkpoint_detail.html"
    lookup_field = "code"

    def get_extra_context(self, checkpoint) -> dict:
        user = self.request.user
        context = {"monitoring_point_visible": bool(
            checkpoint.monitoring_point_id and user.has_perm("dashboard.view_monitoringpoint"))}
        if user.has_perm(VIEW_CHECKS):
            day = clock.today()
            start, end = selectors.day_bounds(day)
            checks = Check.objects.restrict(user).filter(checkpoint=checkpoint)
            today = checks.filter(checked_at__gte=start, checked_at__lt=end)
            context.update(
                today=day, today_total=today.count(),
                today_decisions=[(Decision(d).label, d, n) for d, n in sorted(
                    today.values_list("decision").annotate(n=_count()).order_by(),
                    key=lambda item: -SEVERITY[item[0]])],
                recent=list(checks.select_related("checked_by").order_by("-checked_at", "-id")[:20]))
        return context


def _count():
    from django.db.models import Count

    return Count("pk")


class CheckpointEditView(ObjectEditView):
    """Register a checkpoint (no code in the URL) or change one, through `do_create_checkpoint` /
    `do_update_checkpoint`."""

    queryset = Checkpoint.objects.select_related("region")
    form_class = CheckpointForm
    template_name = "checkpoints/checkpoint_form.html"
    success_message = gettext_lazy("Checkpoint saved.")

    lookup_field = "code"

    def get_title(self) -> str:
        checkpoint = self.get_object()
        return _("Edit %(checkpoint)s") % {"checkpoint": checkpoint} if checkpoint else _("New checkpoint")

    def run_action(self, form):
        checkpoint = self.get_object()
        if checkpoint is None:
            return actions.do_create_checkpoint(self.request.user, **form.action_kwargs())
        return actions.do_update_checkpoint(self.request.user, checkpoint, **form.action_kwargs())


# --- the checks made ---------------------------------------------------------------------------------------------


class CheckListView(ObjectListView):
    """Every check at the checkpoints of the jurisdiction, newest first; ID numbers and phones masked."""

    queryset = Check.objects.select_related("checkpoint", "checked_by")
    filterset = CheckFilterSet
    table = CheckTable
    permission_required = VIEW_CHECKS
    title = gettext_lazy("Checks at checkpoints")
    export_name = "checkpoint-checks"


class CheckDetailView(ObjectView):
    queryset = Check.objects.select_related("checkpoint", "checked_by", "resident", "lead")
    template_name = "checkpoints/check_detail.html"
    permission_required = VIEW_CHECKS

    def get_title(self, check) -> str:
        return _("Check at %(checkpoint)s") % {"checkpoint": check.checkpoint.name}

    def get_extra_context(self, check) -> dict:
        lead = check.lead or check
        group = [lead, *Check.objects.restrict(self.request.user).filter(lead=lead).order_by("seq")] \
            if lead.vehicle_plate else []
        return {"vehicle_checks": group, "followup_visible": bool(
            check.followup_id and self.request.user.has_perm("followup.view_followup"))}


# --- the check at the gate (a phone page that works offline) ------------------------------------------------------


class CheckPageView(PermissionRequiredMixin, TemplateView):
    """The check on a phone at the gate: the person by ID number (a scanner types it and presses Enter), phone, or
    picked from the registry; health-code colour, itinerary star, temperature, a certificate's time; a vehicle and
    its passengers. The verdict fills the screen in its colour. Checks are queued on the device and sent in batches
    with their event ids (labtests' offline queue, `WanggeQueue`); offline, the device decides from the policy in
    force (kept on the page) until the server's decision arrives."""

    permission_required = actions.ADD_CHECK
    template_name = "checkpoints/check_page.html"

    def get_context_data(self, **kwargs):
        from wangge.policies.selectors import version_in_force

        context = super().get_context_data(**kwargs)
        user = self.request.user
        checkpoints = list(Checkpoint.objects.restrict(user).filter(active=True).select_related("region")
                           .order_by("region_code", "code"))
        version = version_in_force(clock.now())
        policy = None
        if version is not None:
            policy = {"code": version.code, "checkpoint": version.document.get("checkpoint"),
                      "labels": {d.value: str(d.label) for d in Decision}}
        context.update(checkpoints=checkpoints, policy=policy, colours=HealthCode.choices,
                       can_search=user.has_perm("people.view_resident"))
        return context


class CheckWorkerView(View):
    """The service worker of the check page: the sampling terminals' own script (labtests/register-sw.js), served
    under this page's path so that its scope covers the page (a script under /static/ controls only /static/)."""

    def get(self, request):
        path = finders.find("labtests/register-sw.js")
        if not path:
            raise Http404
        with open(path, encoding="utf-8") as handle:
            response = HttpResponse(handle.read(), content_type="application/javascript")
        response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
        response["Cache-Control"] = "no-cache"
        return response


# --- the figures -------------------------------------------------------------------------------------------------


class FiguresView(PermissionRequiredMixin, TemplateView):
    """The day's checks per hour per checkpoint and their decisions in a region of the jurisdiction, as charts and
    the tables of the same figures; `?export=xlsx` downloads both tables."""

    permission_required = VIEW_CHECKS
    template_name = "checkpoints/figures.html"

    def figures(self):
        region = page_region(self.request)
        day = date_param(self.request)
        user = self.request.user
        checkpoints, hours = selectors.per_hour(user, region.code, day)
        decisions = selectors.decisions_by_checkpoint(user, region.code, day)
        order = [Decision.PASS, Decision.NAT_REQUIRED, Decision.PERSUADE_BACK, Decision.FEVER, Decision.ISOLATE]
        rows = []
        for checkpoint in checkpoints:
            counts = decisions.get(checkpoint.pk, dict.fromkeys(Decision.values, 0))
            rows.append({"checkpoint": checkpoint, "hours": hours[checkpoint.pk],
                         "total": sum(hours[checkpoint.pk]), "decisions": [counts[d] for d in order]})
        totals = selectors.day_totals(user, region.code, day)
        return region, day, rows, order, totals

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.xlsx(*self.figures())
        if request.GET.get("export"):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region, day, rows, order, totals = self.figures()
        decision_labels = [str(Decision(d).label) for d in order]
        chart = {
            "hours": [f"{h:02d}" for h in range(24)],
            "checkpoints": [r["checkpoint"].name for r in rows],
            "per_hour": [r["hours"] for r in rows],
            "decisions": decision_labels, "decision_keys": [str(d) for d in order],
            "by_decision": [[r["decisions"][i] for r in rows] for i in range(len(order))],
            "labels": {"per_hour": _("People checked per hour"), "decisions": _("Decisions per checkpoint")},
        }
        context.update(region=region, ancestors=region.ancestors(), day=day, rows=rows, totals=totals,
                       decision_labels=decision_labels, order=[str(d) for d in order], chart=chart,
                       hours=chart["hours"], title=_("Checkpoint figures"),
                       export_url=reverse("checkpoints:figures") + f"?region={region.code}&date={day:%Y-%m-%d}"
                                                                   "&export=xlsx")
        return context

    def xlsx(self, region, day, rows, order, totals):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Per hour")[:31]
        sheet.append([_("Checkpoint"), _("Code"), *[f"{h:02d}:00" for h in range(24)], _("Total")])
        for row in rows:
            sheet.append([row["checkpoint"].name, row["checkpoint"].code, *row["hours"], row["total"]])
        decisions = book.create_sheet(_("Decisions")[:31])
        decisions.append([_("Checkpoint"), _("Code"), *[str(Decision(d).label) for d in order], _("Total")])
        for row in rows:
            decisions.append([row["checkpoint"].name, row["checkpoint"].code, *row["decisions"],
                              sum(row["decisions"])])
        summary = book.create_sheet(_("Day")[:31])
        summary.append([_("Region"), region.name])
        summary.append([_("Day"), day.isoformat()])
        summary.append([_("People checked"), totals["checks"]])
        for d in order:
            summary.append([str(Decision(d).label), totals[str(d)]])
        summary.append([_("Entered anyway"), totals["entered"]])
        summary.append([_("Follow-ups opened"), totals["followups"]])
        handle = io.BytesIO()
        book.save(handle)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(handle.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="checkpoint-figures-{day:%Y%m%d}-{stamp}.xlsx"'
        return response
