"""Pages of joint punishment: the case list (filters: phase, kind, region, overdue; xlsx export), a case with its
timeline and the forms of the steps it may take next, the printable application to lift, the list of parties under
punishment (each department sees the measures it must apply and reports them), the overdue steps, and the figures.
Views parse, call the actions (actions.py) and show the refusal."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.errors import Invalid
from wangge.core.photos import serve_photo
from wangge.core.views_generic import (
    ObjectActionView,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    RevealView,
    get_scoped_or_404,
    reveal_grant,
)
from wangge.regions.codes import page_region

from . import actions, forms, selectors
from .choices import DEADLINE_LABELS, DEADLINES, PUNISHED_PHASES, MeasureState, Phase
from .filtersets import MeasureFilterSet, ViolationCaseFilterSet
from .models import CasePhoto, Measure, ViolationCase
from .tables import CaseTableWithoutNumbers, MeasureTable, MeasureTableWithoutNumbers, ViolationCaseTable

VIEW = "enforcement.view_violationcase"
PUNISHED = "enforcement.view_punishedparty"


def sees_numbers(user) -> bool:
    """The party's ID number and phone (masked, or revealed) are for the cadres who run the case; a member
    department applies its measure by the party's name and the case number."""
    return user.has_perm(actions.CHANGE)


def deadlines():
    return [(str(DEADLINE_LABELS[k]), n) for k, n in DEADLINES.items()]


class CaseListView(ObjectListView):
    queryset = ViolationCase.objects.select_related("region")
    filterset = ViolationCaseFilterSet
    table = ViolationCaseTable
    title = gettext_lazy("Violation cases")
    export_name = "violation-cases"
    template_name = "enforcement/case_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sees_numbers(request.user):
            self.table = CaseTableWithoutNumbers
        return super().dispatch(request, *args, **kwargs)

    def get_extra_context(self) -> dict:
        return {"deadlines": deadlines()}


class CaseEditView(ObjectEditView):
    queryset = ViolationCase.objects.all()
    form_class = forms.CaseForm
    title = gettext_lazy("Record a violation")

    @staticmethod
    def action(actor, case, **data):
        if case is None:
            return actions.do_create_case(actor, **data)
        return actions.do_update_case(actor, case, **data)


class CaseDetailView(ObjectView):
    queryset = ViolationCase.objects.select_related("region", "found_by", "resident")
    template_name = "enforcement/case_detail.html"

    def get_title(self, obj) -> str:
        return f"{obj.number} · {obj.party_name}"

    def get_extra_context(self, case) -> dict:
        user = self.request.user
        may_change = user.has_perm(actions.CHANGE)
        today = clock.today()
        measures = list(case.measures.select_related("department", "reported_by"))
        from wangge.hotline.models import member_department_id

        own_department = member_department_id(user)
        for m in measures:
            m.overdue = m.state == MeasureState.PENDING and m.due_on < today and case.phase in PUNISHED_PHASES
            m.may_report = (m.state == MeasureState.PENDING and case.phase in PUNISHED_PHASES and (
                user.has_perm(actions.CHANGE_MEASURE)
                or (user.has_perm(actions.REPORT) and own_department == m.department_id)))
        step_forms = {}
        if may_change:
            phase = case.phase
            if phase in (Phase.FOUND, Phase.PERSUASION):
                step_forms["visit"] = (_("Record a persuasion visit"), forms.VisitForm())
            if phase == Phase.PERSUASION:
                step_forms["apply"] = (_("Apply for joint punishment"), forms.NoteForm())
            if phase == Phase.APPLIED:
                step_forms["approve"] = (_("Approve the application"), forms.ApproveForm())
                step_forms["refuse"] = (_("Refuse the application"), forms.NoteForm())
            if phase in (Phase.PERSUASION, Phase.PUNISHED):
                step_forms["correct"] = (_("Record the correction"), forms.CorrectForm())
            if phase == Phase.CORRECTED:
                step_forms["apply-lift"] = (_("Record the application to lift"), forms.LiftApplicationForm())
            if phase == Phase.LIFT_APPLIED:
                step_forms["review-lift"] = (_("Review the application to lift"), forms.ReviewForm())
            if phase not in (Phase.LIFTED, Phase.CLOSED):
                step_forms["photo"] = (_("Add a photo"), forms.PhotoForm())
        overdue = case.due_on is not None and case.due_on < today
        return {
            "case": case,
            "sees_numbers": sees_numbers(user),
            "revealed": reveal_grant(self.request, case),
            "steps": list(case.steps.select_related("actor")),
            "photos": list(case.photos.all()),
            "measures": measures,
            "step_forms": [(verb, title, form) for verb, (title, form) in step_forms.items()],
            "report_form": forms.ReportForm(),
            "overdue": overdue,
            "may_change": may_change,
            "waiting_for": actions.NEXT_STEP[Phase(case.phase)],
            "lift_form_available": case.phase in (Phase.CORRECTED, Phase.LIFT_APPLIED, Phase.LIFTED),
        }


def _valid(form):
    """The form's cleaned data, or the first error as a refusal naming the field."""
    if form.is_valid():
        return form.cleaned_data
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    raise Invalid(f"{label}：{errors[0]}" if label else errors[0], field=field)


def _visit(request, case):
    return actions.do_record_visit(request.user, case, **_valid(forms.VisitForm(request.POST)))


def _apply(request, case):
    return actions.do_apply(request.user, case, **_valid(forms.NoteForm(request.POST)))


def _approve(request, case):
    form = forms.ApproveForm(request.POST)
    data = _valid(form)
    try:
        measures = form.measures()
    except Exception as exc:  # the form's own ValidationError
        raise Invalid(" ".join(getattr(exc, "messages", [str(exc)])), field="measure") from None
    return actions.do_approve(request.user, case, on=data["on"], measures=measures, note=data["note"])


def _refuse(request, case):
    return actions.do_refuse(request.user, case, **_valid(forms.NoteForm(request.POST)))


def _correct(request, case):
    return actions.do_correct(request.user, case, **_valid(forms.CorrectForm(request.POST)))


def _apply_lift(request, case):
    return actions.do_apply_lift(request.user, case, **_valid(forms.LiftApplicationForm(request.POST)))


def _review_lift(request, case):
    return actions.do_review_lift(request.user, case, **_valid(forms.ReviewForm(request.POST)))


def _photo(request, case):
    return actions.do_add_photo(request.user, case, **_valid(forms.PhotoForm(request.POST, request.FILES)))


class CaseActionView(ObjectActionView):
    queryset = ViolationCase.objects.all()
    actions = {"visit": _visit, "apply": _apply, "approve": _approve, "refuse": _refuse, "correct": _correct,
               "apply-lift": _apply_lift, "review-lift": _review_lift, "photo": _photo}

    def success_message(self, obj, result) -> str:
        return _("Recorded.")


class CaseRevealView(RevealView):
    queryset = ViolationCase.objects.all()
    fields = ("party_id_number", "party_phone")


class PhotoView(PermissionRequiredMixin, TemplateView):
    permission_required = VIEW

    def get(self, request, *args, **kwargs):
        photo = get_scoped_or_404(CasePhoto.objects.all(), request.user, pk=kwargs["pk"])
        return serve_photo(photo.photo)


class LiftFormView(ObjectView):
    """《解除违建失信行为联合惩戒申请书》 filled from the case, to print and have the party sign."""

    queryset = ViolationCase.objects.select_related("region")
    template_name = "enforcement/lift_form.html"

    def get_title(self, obj) -> str:
        return _("Application to lift the joint punishment for an illegal building")

    def get_extra_context(self, case) -> dict:
        if case.phase not in (Phase.CORRECTED, Phase.LIFT_APPLIED, Phase.LIFTED):
            raise Http404(_("The form is filled once the violation is corrected under punishment."))
        return {"case": case, "revealed": reveal_grant(self.request, case), "sees_numbers": sees_numbers(
                self.request.user), "measures": list(case.measures.select_related("department")),
                "visits": case.steps.filter(kind="visit").count(), "today": clock.today()}


# --- the departments' list ------------------------------------------------------------------------------------------


class PunishedListView(ObjectListView):
    """The parties under punishment, one row per measure: a department handler sees the measures their
    department must apply and reports them; a cadre sees every department's."""

    queryset = Measure.objects.select_related("case", "department")
    filterset = MeasureFilterSet
    table = MeasureTable
    permission_required = PUNISHED
    title = gettext_lazy("Parties under joint punishment")
    export_name = "punished-parties"
    template_name = "enforcement/punished_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sees_numbers(request.user):
            self.table = MeasureTableWithoutNumbers
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.punished_measures(self.request.user).select_related("case", "department")

    def get_extra_context(self) -> dict:
        rows = self.get_queryset().filter(state=MeasureState.PENDING).order_by("due_on", "id")[:200]
        from wangge.hotline.models import member_department_id

        department = member_department_id(self.request.user)
        pending = [m for m in rows if self.request.user.has_perm(actions.CHANGE_MEASURE)
                   or m.department_id == department]
        return {"pending": pending, "report_form": forms.ReportForm(), "today": clock.today()}


class MeasureReportView(ObjectActionView):
    queryset = Measure.objects.all()
    permission_required = PUNISHED

    def get_object(self):
        measure = selectors.punished_measures(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if measure is None:
            raise Http404(_("Not found or outside your jurisdiction."))
        return measure

    @staticmethod
    def action(request, measure):
        return actions.do_report_measure(request.user, measure, **_valid(forms.ReportForm(request.POST)))

    def success_message(self, obj, result) -> str:
        return _("The measure is reported.")

    def default_url(self, obj) -> str:
        return reverse("enforcement:punished")


class OverdueView(PermissionRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "enforcement/overdue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = page_region(self.request)
        context.update(title=_("Overdue steps"), region=region, rows=selectors.overdue_steps(
            self.request.user, region.code), deadlines=deadlines(), today=clock.today())
        return context


# --- figures --------------------------------------------------------------------------------------------------------


class FiguresView(PermissionRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "enforcement/figures.html"

    def figures(self):
        region = page_region(self.request)
        user = self.request.user
        day = clock.today()
        rows, totals = selectors.phase_counts(user, region, day)
        months = selectors.found_per_month(user, region, day)
        departments = selectors.measures_by_department(user, region)
        return region, day, rows, totals, months, departments

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt == "xlsx":
            return self.xlsx(*self.figures())
        if fmt:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region, day, rows, totals, months, departments = self.figures()
        phase_labels = [str(label) for label in Phase.labels]
        chart = {"labels": {"phases": _("Cases per phase"), "months": _("Cases found and corrected per month"),
                            "measures": _("Measures per department")},
                 "series": {"found": _("Found"), "corrected": _("Corrected")}}
        context.update(title=_("Joint punishment figures"), region=region, ancestors=region.ancestors(), day=day,
                       rows=rows, totals=totals, months=months, departments=departments, chart=chart,
                       phase_labels=phase_labels, state_labels=[str(s) for s in MeasureState.labels],
                       export_url=reverse("enforcement:figures") + f"?region={region.code}&export=xlsx")
        return context

    def xlsx(self, region, day, rows, totals, months, departments):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Phases")[:31]
        sheet.append([_("Region"), *[str(p) for p in Phase.labels], _("Total")])
        for row in rows:
            sheet.append([row["region"].name, *row["phases"], row["total"]])
        month_sheet = book.create_sheet(_("Per month")[:31])
        month_sheet.append([_("Month"), _("Found"), _("Corrected")])
        for month in months:
            month_sheet.append(list(month))
        dept = book.create_sheet(_("Departments")[:31])
        dept.append([_("Department"), *[str(s) for s in MeasureState.labels], _("Overdue")])
        for row in departments:
            dept.append([row["department"], *row["states"], row["overdue"]])
        summary = book.create_sheet(_("Summary")[:31])
        summary.append([_("Region"), region.name])
        summary.append([_("Day"), day.isoformat()])
        for key, label in (("open", _("Open cases")), ("punished", _("Under joint punishment")),
                           ("overdue", _("Cases with a step overdue"))):
            summary.append([label, totals[key]])
        handle = io.BytesIO()
        book.save(handle)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(handle.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="enforcement-figures-{stamp}.xlsx"'
        return response
