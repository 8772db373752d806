"""Screening pages: designations in force and their history, uploading a pushed list (dry run → confirm), runs
and their flags. Uploads and confirmations are for district administrators; flags are scoped like everything
else (a grid worker sees the flags of the grid, a village or town those routed to it)."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone  # localtime() only: display of an aware moment
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.ids import mask_id, mask_phone
from wangge.core.imports import FileError
from wangge.core.views_generic import ObjectListView, PermissionRequiredMixin

from . import actions, pushed_list
from .actions import can_screen
from .choices import FlagCategory, RiskLevel
from .filtersets import FlagFilterSet, RiskAreaFilterSet, ScreeningRunFilterSet
from .forms import MomentForm, UploadForm
from .models import Flag, RiskArea, ScreeningRun
from .sources import SourceError
from .tables import FlagTable, RiskAreaTable, ScreeningRunTable

PREVIEW_ROWS = 500
SESSION_KEY = "screening_uploads"


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "screening-uploads"


def remove_stale_uploads(max_age_hours: int = 24) -> None:
    """Uploads previewed but never confirmed hold personal data: they are removed after a day."""
    import time

    root = upload_dir()
    if not root.is_dir():
        return
    limit = time.time() - max_age_hours * 3600
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


class RiskAreaInForceView(PermissionRequiredMixin, TemplateView):
    """What is designated at a chosen moment (default now), most severe first."""

    permission_required = "screening.view_riskarea"
    template_name = "screening/riskarea_in_force.html"

    def get_context_data(self, **kwargs):
        form = MomentForm(self.request.GET or None)
        at = form.moment()
        areas = list(RiskArea.objects.in_force(at).order_by("level", "area_code"))
        groups = [(label, [a for a in areas if a.level == level]) for level, label in RiskLevel.choices]
        return super().get_context_data(form=form, at=timezone.localtime(at), groups=groups, total=len(areas),
                                        title=_("Risk areas in force"), **kwargs)


class RiskAreaListView(ObjectListView):
    queryset = RiskArea.objects.all()
    filterset = RiskAreaFilterSet
    table = RiskAreaTable
    title = gettext_lazy("All designations")
    export_name = "risk-areas"


class RiskAreaHistoryView(PermissionRequiredMixin, TemplateView):
    """Every designation of one area code, oldest first: a downgrade shows as one row ending and the next
    starting."""

    permission_required = "screening.view_riskarea"
    template_name = "screening/riskarea_history.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"]
        rows = list(RiskArea.objects.filter(area_code=code).order_by("effective_from", "level"))
        if not rows:
            raise Http404(_("No designation for this area code."))
        now = clock.now()
        start = rows[0].effective_from
        end = max([now, *[r.effective_to for r in rows if r.effective_to]])
        span = max((end - start).total_seconds(), 1)
        timeline = []
        for row in rows:
            stop = row.effective_to or end
            timeline.append({"area": row, "in_force": row.effective_from <= now and (row.effective_to is None
                                                                                     or now < row.effective_to),
                             "left": 100 * (row.effective_from - start).total_seconds() / span,
                             "width": max(100 * (stop - row.effective_from).total_seconds() / span, 1)})
        context = super().get_context_data(**kwargs)
        context.update(code=code, name=rows[-1].area_name, timeline=timeline, title=rows[-1].area_name)
        return context


class ScreeningRunListView(ObjectListView):
    queryset = ScreeningRun.objects.select_related("user")
    filterset = ScreeningRunFilterSet
    table = ScreeningRunTable
    title = gettext_lazy("Screening runs")
    export_name = "screening-runs"
    template_name = "screening/run_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_screen=can_screen(self.request.user), **kwargs)


class ScreeningRunDetailView(ObjectListView):
    """A run's counts and the flags of it the user may see, filterable by category / matched / routed."""

    # The designation's name next to its code: people read "南京市江宁区禄口街道", not 320115005.
    queryset = Flag.objects.select_related("resident", "grid", "routed_to").annotate(
        area_name=Subquery(RiskArea.objects.filter(area_code=OuterRef("area_code")).order_by("-effective_from")
                           .values("area_name")[:1]))
    filterset = FlagFilterSet
    table = FlagTable
    template_name = "screening/run_detail.html"
    export_name = "flags"
    hidden_filters = ("ordering", "run")

    def get_queryset(self):
        self.run = get_object_or_404(ScreeningRun.objects.select_related("user"), pk=self.kwargs["pk"])
        return super().get_queryset().filter(run=self.run)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(run=self.run, title=str(self.run))
        return context


class UploadView(LoginRequiredMixin, View):
    """Upload a pushed list and a screening time → a dry run → the result page with "confirm"."""

    template_name = "screening/upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_screen(request.user):
            raise PermissionDenied(_("Only district administrators may screen pushed lists."))
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form, status=200):
        return render(request, self.template_name, {"form": form, "title": _("Screen a pushed list"),
                                                    "columns": pushed_list.travel_columns()}, status=status)

    def get(self, request):
        return self.page(request, UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, status=400)
        remove_stale_uploads()
        token = uuid.uuid4().hex
        folder = upload_dir() / token
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(form.cleaned_data["file"].name).name
        path = folder / ("upload" + Path(name).suffix.lower())
        with open(path, "wb") as fh:
            for chunk in form.cleaned_data["file"].chunks():
                fh.write(chunk)
        as_of = form.cleaned_data["as_of"]
        try:
            outcome = actions.do_screen(request.user, path, as_of=as_of, file_name=name,
                                        rejected_path=folder / "rejected.csv")
        except (SourceError, FileError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            form.add_error("file", str(exc))
            return self.page(request, form, status=400)
        try:
            context = preview_context(outcome)
        finally:
            outcome.close()
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {"name": name, "path": str(path), "as_of": as_of.isoformat()}
        request.session[SESSION_KEY] = uploads
        context.update(token=token, title=_("Screening result (not stored yet)"),
                       has_rejected=(folder / "rejected.csv").exists())
        return render(request, "screening/preview.html", context)


def preview_context(outcome) -> dict:
    table = outcome.result.flags_table().slice(0, PREVIEW_ROWS).to_pylist()
    labels = dict(FlagCategory.choices)
    rows = [{**row, "id_number": mask_id(row["id_number"] or ""), "phone": mask_phone(row["phone"] or ""),
             "category_label": labels.get(row["category"], row["category"])} for row in table]
    return {"summary": outcome.result.summary(), "policy": outcome.policy, "warnings": outcome.warnings,
            "rows": rows, "file_name": outcome.file_name, "as_of": outcome.result.as_of,
            "shown": len(rows)}


def _pending(request, token):
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or not Path(entry["path"]).exists():
        raise Http404(_("This upload has expired; upload the file again."))
    return entry


class ConfirmView(UploadView):
    """Store the previewed run (screened again from the kept file, with the same time) and open follow-ups."""

    http_method_names = ["post"]

    def post(self, request):
        token = request.POST.get("token", "")
        entry = _pending(request, token)
        from django.utils.dateparse import parse_datetime

        path = Path(entry["path"])
        try:
            outcome = actions.do_screen(request.user, path, as_of=parse_datetime(entry["as_of"]),
                                        file_name=entry["name"], rejected_path=path.with_name("rejected.csv"))
        except (SourceError, FileError) as exc:
            messages.error(request, str(exc))
            return redirect("screening:upload")
        try:
            run = actions.do_store_run(request.user, outcome)
        finally:
            outcome.close()
        uploads = request.session.get(SESSION_KEY, {})
        uploads.pop(token, None)
        request.session[SESSION_KEY] = uploads
        shutil.rmtree(path.parent, ignore_errors=True)
        messages.success(request, _("Stored: %(flags)d flagged people, %(opened)d follow-ups opened.")
                         % {"flags": run.flags_total, "opened": run.followups_opened})
        if getattr(run, "followup_error", ""):
            messages.warning(request, _("Follow-ups were not opened: %(error)s") % {"error": run.followup_error})
        return redirect(reverse("screening:run-detail", args=[run.pk]))


class RejectedDownloadView(UploadView):
    """The rejected rows of a pending upload (they hold personal data: only the uploader's session has them)."""

    http_method_names = ["get"]

    def get(self, request, token):
        entry = _pending(request, token)
        path = Path(entry["path"]).with_name("rejected.csv")
        if not path.exists():
            raise Http404
        from wangge.core.models import AccessKind, log_access

        log_access(AccessKind.EXPORT, Flag, fields="rejected rows", query=entry["name"])
        return FileResponse(open(path, "rb"), as_attachment=True,  # noqa: SIM115 (FileResponse closes it)
                            filename=Path(entry["name"]).stem + ".rejected.csv")


class TemplateDownloadView(PermissionRequiredMixin, View):
    """The pushed-list template: the header row (English names, or Chinese with `?lang=zh`) and one synthetic
    example row made now (a valid-looking ID from the official example, never a real person). CSV, or xlsx with
    `?format=xlsx`."""

    permission_required = "screening.add_screeningrun"

    def get(self, request):
        chinese = request.GET.get("lang") == "zh"
        if request.GET.get("format") == "xlsx":
            return pushed_list.xlsx_response(chinese=chinese)
        return pushed_list.csv_response(chinese=chinese)
