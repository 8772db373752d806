"""Pages of the inspections: inspections (list, one, the phone form, the re-inspection, first against
re-inspection), findings (list, one, closing), checklists and their versions, campaigns with their coverage,
closure notices (list, one with its delivery list, print), deliveries signed for on the phone, and the figures.
Declarations on core.views_generic: views parse, call the actions, show the refusal."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.errors import ActionError, NotFound
from wangge.core.models import AccessKind, log_access
from wangge.core.photos import serve_photo
from wangge.core.views_generic import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    get_scoped_or_404,
)
from wangge.regions.codes import page_region

from . import actions, selectors
from .choices import Answer, FindingState
from .filtersets import ChecklistFilterSet, DeliveryFilterSet, FindingFilterSet, InspectionFilterSet, NoticeFilterSet
from .forms import CampaignForm, ChecklistForm, CloseFindingForm, DeliveryForm, NoticeForm
from .models import Campaign, Checklist, Delivery, Finding, Inspection, Notice, Photo
from .tables import ChecklistTable, DeliveryTable, FindingTable, InspectionTable, NoticeTable

VIEW = "inspections.view_inspection"


# --- inspections -------------------------------------------------------------------------------------------------

class InspectionListView(ObjectListView):
    queryset = Inspection.objects.select_related("enterprise__region", "checklist", "inspector")
    filterset = InspectionFilterSet
    table = InspectionTable
    title = gettext_lazy("Inspections")
    export_name = "inspections"
    template_name = "inspections/inspection_list.html"


class InspectionDetailView(ObjectView):
    queryset = Inspection.objects.select_related("enterprise__region", "checklist", "inspector", "first",
                                                 "campaign", "notice")
    template_name = "inspections/inspection_detail.html"

    def get_extra_context(self, inspection) -> dict:
        root = inspection.first or inspection
        return {"results": inspection.results.select_related("item").prefetch_related("photos"),
                "findings": (root.findings if inspection.first_id else inspection.findings).select_related("item"),
                "reinspections": root.reinspections.order_by("inspected_on", "id"),
                "root": root,
                "may_reinspect": self.request.user.has_perm("inspections.add_inspection")
                and root.findings.filter(state=FindingState.OPEN).exists()}


def _answers_from_post(request, items) -> tuple[list, dict]:
    """The ItemAnswers of the form's item groups; `form` keeps what was typed for a re-render."""
    answers, typed = [], {}
    for item in items:
        prefix = f"item_{item.pk}"
        deadline_raw = request.POST.get(f"{prefix}_deadline", "").strip()
        try:
            deadline = datetime.date.fromisoformat(deadline_raw) if deadline_raw else None
        except ValueError:
            deadline = None
            typed["error_field"] = f"item_{item.position}_deadline"
        answer = actions.ItemAnswer(item.pk, request.POST.get(f"{prefix}_answer", ""),
                                    note=request.POST.get(f"{prefix}_note", ""),
                                    photos=request.FILES.getlist(f"{prefix}_photos"), deadline=deadline,
                                    responsible=request.POST.get(f"{prefix}_responsible", ""))
        typed[item.pk] = {"answer": answer.answer, "note": answer.note, "deadline": deadline_raw,
                          "responsible": answer.responsible}
        answers.append(answer)
    return answers, typed


class InspectView(PermissionRequiredMixin, TemplateView):
    """The inspection form, one card per item (phone first): pass / fail / not applicable, a note, photos, and for
    a failure the deadline and the person responsible. ?enterprise=<id>&checklist=<id>; without them, a picker."""

    permission_required = "inspections.add_inspection"
    template_name = "inspections/inspect.html"

    def setup_objects(self):
        from wangge.enterprises.models import Enterprise

        params = self.request.POST if self.request.method == "POST" else self.request.GET
        self.enterprise = self.checklist = self.notice = self.campaign = None
        if params.get("enterprise", "").isdigit():
            self.enterprise = get_scoped_or_404(Enterprise.objects.select_related("region"), self.request.user,
                                                pk=params["enterprise"])
        if params.get("checklist", "").isdigit():
            self.checklist = Checklist.objects.filter(pk=params["checklist"]).first()
        if params.get("notice", "").isdigit():
            self.notice = get_scoped_or_404(Notice.objects.all(), self.request.user, pk=params["notice"])
            self.checklist = self.checklist or actions.closure_checklist()
        if params.get("campaign", "").isdigit():
            self.campaign = get_scoped_or_404(Campaign.objects.all(), self.request.user, pk=params["campaign"])
            self.checklist = self.checklist or self.campaign.checklist

    def context(self, typed=None, error=None, error_field=""):
        from wangge.enterprises.models import Enterprise

        q = self.request.GET.get("q", "").strip()
        candidates = []
        if self.enterprise is None:
            qs = Enterprise.objects.restrict(self.request.user).filter(active=True).select_related("region")
            if q:
                qs = qs.filter(Q(name__icontains=q) | Q(uscc=q))
            candidates = list(qs.order_by("region_code", "name")[:30])
        items = list(self.checklist.items.all()) if self.checklist else []
        typed = typed or {}
        for item in items:
            item.typed = typed.get(item.pk, {"answer": "", "note": "", "deadline": "", "responsible": ""})
            item.error = error if error_field.startswith(f"item_{item.position}_") or \
                error_field == f"item_{item.position}" else ""
        return {"title": _("Inspection"), "enterprise": self.enterprise, "checklist": self.checklist,
                "notice": self.notice, "campaign": self.campaign, "items": items, "candidates": candidates,
                "q": q, "checklists": Checklist.objects.filter(active=True), "error": error,
                "today": clock.today(), "answers": Answer.choices}

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render_to_response(self.context())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        if self.enterprise is None or self.checklist is None:
            raise Http404
        answers, typed = _answers_from_post(request, self.checklist.items.all())
        if "error_field" in typed:
            return self.render_to_response(self.context(typed, _("Give the deadline as a date."),
                                                        typed["error_field"]))
        try:
            inspection = actions.do_inspect(request.user, self.enterprise, checklist=self.checklist, answers=answers,
                                            note=request.POST.get("note", ""), notice=self.notice,
                                            campaign=self.campaign)
        except NotFound:
            raise Http404 from None
        except ActionError as exc:
            return self.render_to_response(self.context(typed, exc.message, exc.field or ""), status=400)
        count = inspection.findings.count()
        messages.success(request, _("Inspection saved: %(n)s finding(s).") % {"n": count})
        return HttpResponseRedirect(inspection.get_absolute_url())


class ReinspectView(InspectView):
    """A re-inspection of an inspection: only the items of its open findings."""

    def setup_objects(self):
        self.first = get_scoped_or_404(Inspection.objects.select_related("enterprise", "checklist"),
                                       self.request.user, pk=self.kwargs["pk"])
        while self.first.first_id:
            self.first = self.first.first
        self.enterprise, self.checklist, self.notice, self.campaign = (self.first.enterprise, self.first.checklist,
                                                                       None, None)
        self.carried = actions.open_findings(self.first)

    def context(self, typed=None, error=None, error_field=""):
        context = super().context(typed, error, error_field)
        context["items"] = [i for i in context["items"] if i.pk in self.carried]
        for item in context["items"]:
            item.finding = self.carried[item.pk]
        context.update(title=_("Re-inspection"), first=self.first)
        return context

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        items = [f.item for f in self.carried.values()]
        answers, typed = _answers_from_post(request, items)
        if "error_field" in typed:
            return self.render_to_response(self.context(typed, _("Give the deadline as a date."),
                                                        typed["error_field"]))
        try:
            re = actions.do_reinspect(request.user, self.first, answers=answers, note=request.POST.get("note", ""))
        except NotFound:
            raise Http404 from None
        except ActionError as exc:
            return self.render_to_response(self.context(typed, exc.message, exc.field or ""), status=400)
        messages.success(request, _("Re-inspection saved."))
        return HttpResponseRedirect(re.get_absolute_url())


class CompareView(ObjectView):
    """The first inspection against its re-inspections, item by item, side by side."""

    queryset = Inspection.objects.select_related("enterprise", "checklist")
    template_name = "inspections/compare.html"

    def get_title(self, inspection) -> str:
        return _("First inspection against re-inspection")

    def get_extra_context(self, inspection) -> dict:
        root = inspection.first or inspection
        columns = [root, *root.reinspections.order_by("inspected_on", "id")]
        answers = {}
        for column in columns:
            for result in column.results.select_related("item"):
                answers[(column.pk, result.item_id)] = result
        findings = {f.item_id: f for f in root.findings.all()}
        rows = [{"item": item, "finding": findings.get(item.pk),
                 "cells": [answers.get((c.pk, item.pk)) for c in columns]} for item in root.checklist.items.all()]
        return {"root": root, "columns": columns, "rows": rows}


class PhotoView(PermissionRequiredMixin, TemplateView):
    permission_required = VIEW

    def get(self, request, *args, **kwargs):
        photo = get_object_or_404(Photo.objects.select_related("result__inspection"), pk=kwargs["pk"])
        get_scoped_or_404(Inspection.objects.all(), request.user, pk=photo.result.inspection_id)
        return serve_photo(photo.photo)


# --- findings ----------------------------------------------------------------------------------------------------

class FindingListView(ObjectListView):
    queryset = Finding.objects.select_related("enterprise", "item")
    filterset = FindingFilterSet
    table = FindingTable
    title = gettext_lazy("Findings")
    export_name = "findings"


class FindingDetailView(ObjectView):
    queryset = Finding.objects.select_related("enterprise__region", "item", "inspection", "closed_by")
    template_name = "inspections/finding_detail.html"

    def get_extra_context(self, finding) -> dict:
        return {"form": CloseFindingForm(), "late": finding.state == FindingState.OPEN
                and finding.deadline < clock.today()}


class FindingCloseView(ObjectEditView):
    queryset = Finding.objects.all()
    form_class = CloseFindingForm
    permission_required = "inspections.change_finding"
    success_message = gettext_lazy("Finding closed.")

    def get_title(self) -> str:
        return _("Close the finding %(finding)s") % {"finding": self.get_object()}

    def run_action(self, form):
        return actions.do_close_finding(self.request.user, self.get_object(), note=form.cleaned_data["note"])


# --- checklists --------------------------------------------------------------------------------------------------

class ChecklistListView(ObjectListView):
    queryset = Checklist.objects.all()
    filterset = ChecklistFilterSet
    table = ChecklistTable
    title = gettext_lazy("Checklists")
    export_name = "checklists"
    template_name = "inspections/checklist_list.html"


class ChecklistDetailView(ObjectView):
    queryset = Checklist.objects.all()
    template_name = "inspections/checklist_detail.html"

    def get_extra_context(self, checklist) -> dict:
        return {"items": checklist.items.all(), "versions": Checklist.objects.filter(code=checklist.code)}


class ChecklistEditView(ObjectEditView):
    queryset = Checklist.objects.all()
    form_class = ChecklistForm
    success_message = gettext_lazy("Checklist saved.")

    def get_title(self) -> str:
        checklist = self.get_object()
        return _("Edit %(checklist)s") % {"checklist": checklist} if checklist else _("New checklist")

    def run_action(self, form):
        data = dict(form.cleaned_data)
        checklist = self.get_object()
        if checklist is not None:
            data["code"] = checklist.code
        return actions.do_save_checklist(self.request.user, checklist, **data)


# --- campaigns ---------------------------------------------------------------------------------------------------

class CampaignListView(PermissionRequiredMixin, TemplateView):
    permission_required = "inspections.view_campaign"
    template_name = "inspections/campaign_list.html"

    def get_context_data(self, **kwargs):
        campaigns = Campaign.objects.restrict(self.request.user).select_related("region")
        rows = [(c, selectors.campaign_coverage(c, self.request.user)) for c in campaigns[:100]]
        return {"title": _("Inspection campaigns"), "rows": rows}


class CampaignDetailView(ObjectView):
    queryset = Campaign.objects.select_related("region", "checklist")
    template_name = "inspections/campaign_detail.html"

    def get_extra_context(self, campaign) -> dict:
        return {"coverage": selectors.campaign_coverage(campaign, self.request.user)}


class CampaignEditView(ObjectEditView):
    queryset = Campaign.objects.all()
    form_class = CampaignForm
    success_message = gettext_lazy("Campaign saved.")

    def get_title(self) -> str:
        campaign = self.get_object()
        return _("Edit %(campaign)s") % {"campaign": campaign} if campaign else _("New campaign")

    def run_action(self, form):
        return actions.do_save_campaign(self.request.user, self.get_object(), **form.action_kwargs())


# --- notices and deliveries --------------------------------------------------------------------------------------

class NoticeListView(ObjectListView):
    queryset = Notice.objects.select_related("region").annotate(
        delivered_count=Count("deliveries", filter=Q(deliveries__delivered_at__isnull=False)),
        to_deliver_count=Count("deliveries", filter=Q(deliveries__delivered_at__isnull=True)))
    filterset = NoticeFilterSet
    table = NoticeTable
    title = gettext_lazy("Closure notices")
    export_name = "notices"
    template_name = "inspections/notice_list.html"


class NoticeDetailView(ObjectView):
    queryset = Notice.objects.select_related("region")
    template_name = "inspections/notice_detail.html"

    def get_extra_context(self, notice) -> dict:
        deliveries = Delivery.objects.restrict(self.request.user).filter(notice=notice).select_related(
            "enterprise__region", "delivered_by")
        inspected = dict(notice.inspections.values_list("enterprise_id").annotate(n=Count("pk")).order_by())
        found_open = set(notice.inspections.filter(findings__item__code="closed").values_list("enterprise_id",
                                                                                              flat=True))
        for d in deliveries:
            d.inspections = inspected.get(d.enterprise_id, 0)
            d.found_open = d.enterprise_id in found_open
        return {"deliveries": deliveries, "delivered": sum(1 for d in deliveries if d.delivered_at),
                "closure_checklist": actions.closure_checklist()}


class NoticePrintView(NoticeDetailView):
    template_name = "inspections/notice_print.html"


class NoticeEditView(ObjectEditView):
    queryset = Notice.objects.all()
    form_class = NoticeForm
    success_message = gettext_lazy("Notice saved; its delivery list follows its scope.")

    def get_title(self) -> str:
        notice = self.get_object()
        return _("Edit %(notice)s") % {"notice": notice} if notice else _("New closure notice")

    def run_action(self, form):
        return actions.do_save_notice(self.request.user, self.get_object(), **form.action_kwargs())


class DeliveryListView(ObjectListView):
    queryset = Delivery.objects.select_related("notice", "enterprise__region", "delivered_by")
    filterset = DeliveryFilterSet
    table = DeliveryTable
    title = gettext_lazy("Notice deliveries")
    export_name = "notice-deliveries"


class DeliveryView(ObjectEditView):
    """One venue's copy of the notice: signed for on the cadre's phone (the signer's name, a photo optional)."""

    queryset = Delivery.objects.select_related("notice", "enterprise")
    form_class = DeliveryForm
    template_name = "inspections/delivery.html"
    success_message = gettext_lazy("Delivery recorded.")

    def get_permission_required(self):
        return "inspections.view_delivery" if self.request.method == "GET" else "inspections.change_delivery"

    def get_title(self) -> str:
        return str(self.get_object())

    def get_success_url(self, obj) -> str:
        return obj.notice.get_absolute_url()

    def run_action(self, form):
        return actions.do_deliver(self.request.user, self.get_object(), **form.cleaned_data)


class SignatureView(PermissionRequiredMixin, TemplateView):
    permission_required = "inspections.view_delivery"

    def get(self, request, *args, **kwargs):
        delivery = get_scoped_or_404(Delivery.objects.all(), request.user, pk=kwargs["pk"])
        return serve_photo(delivery.signature)


# --- figures -----------------------------------------------------------------------------------------------------

class FiguresView(PermissionRequiredMixin, TemplateView):
    """Inspections, findings open / closed / overdue, notices delivered / to deliver, venues found open, for a
    region and its children (charts and tables; xlsx with ?export=xlsx)."""

    permission_required = VIEW
    template_name = "inspections/figures.html"

    def get(self, request, *args, **kwargs):
        region = page_region(request)
        totals = selectors.figures(request.user, region.code)
        rows = selectors.by_region(request.user, region.code)
        if request.GET.get("export") == "xlsx":
            return self.xlsx(region, totals, rows)
        chart = {"labels": {"findings": _("Findings by region"), "inspections": _("Inspections by region"),
                            "open": _("Open"), "closed": _("Closed"), "overdue": _("Overdue")},
                 "regions": [r["region"].name for r in rows], "open": [r["open"] for r in rows],
                 "closed": [r["closed"] for r in rows], "overdue": [r["overdue"] for r in rows],
                 "inspections": [r["inspections"] for r in rows]}
        return self.render_to_response({"title": _("Inspection figures"), "region": region, "totals": totals,
                                        "rows": rows, "chart": chart,
                                        "ancestors": region.ancestors()})

    def xlsx(self, region, totals, rows):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Figures")[:31]
        sheet.append([_("Region"), _("Inspections"), _("Open findings"), _("Closed findings"),
                      _("Overdue findings"), _("Notices delivered"), _("Notices to deliver")])
        for r in rows:
            sheet.append([r["region"].name, r["inspections"], r["open"], r["closed"], r["overdue"], r["delivered"],
                          r["to_deliver"]])
        sheet.append([region.name, totals["inspections"], totals["open"], totals["closed"], totals["overdue"],
                      totals["delivered"], totals["to_deliver"]])
        out = io.BytesIO()
        book.save(out)
        log_access(AccessKind.EXPORT, Inspection, fields="figures", count=len(rows), query=f"region={region.code}")
        response = HttpResponse(out.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="inspection-figures-{region.code}.xlsx"'
        return response
