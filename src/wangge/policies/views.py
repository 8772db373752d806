"""Policy pages: everyone logged in reads; district administrators upload drafts and switch versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.core import clock

from . import actions, display
from .choices import VersionStatus
from .forms import ActivationForm, PolicyYamlForm
from .models import PolicyVersion
from .schema import PolicyError


def _require_admin(request) -> None:
    if not actions.can_change_policies(request.user):
        raise PermissionDenied(_("Only district administrators may change policies."))


@login_required
def version_list(request):
    today = clock.today()
    in_force = PolicyVersion.objects.in_force(today)
    return render(request, "policies/version_list.html", {
        "versions": PolicyVersion.objects.select_related("applied_by").order_by("-effective_from", "code"),
        "in_force": in_force, "today": today, "can_change": actions.can_change_policies(request.user),
    })


@login_required
def version_detail(request, pk):
    version = get_object_or_404(PolicyVersion.objects.select_related("applied_by"), pk=pk)
    document = version.document
    return render(request, "policies/version_detail.html", {
        "version": version, "doc": document, "in_force": version.is_in_force(clock.today()),
        "categories": display.category_tables(document), "checkpoint": display.checkpoint_rows(document),
        "pools": display.pool_rows(document), "escalation": display.escalation_rows(document),
        "can_change": actions.can_change_policies(request.user),
    })


def _edit(request, version=None):
    _require_admin(request)
    initial = {"yaml_text": version.yaml_text if version else _template_text()}
    form = PolicyYamlForm(request.POST or None, initial=initial)
    quoted = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["yaml_text"]
        try:
            saved = actions.save_draft(text, request.user, version=version)
        except PolicyError as exc:
            form.add_error("yaml_text", str(exc))
            quoted = _quote_line(text, exc.line)
        else:
            messages.success(request, _("Draft %(code)s saved.") % {"code": saved.code})
            return redirect("policies:detail", pk=saved.pk)
    return render(request, "policies/version_form.html", {"form": form, "version": version, "quoted": quoted})


def _quote_line(text: str, line: int | None) -> dict | None:
    """The offending line and its neighbours, so the administrator sees where the error is."""
    if not line:
        return None
    lines = text.splitlines()
    first = max(1, line - 2)
    return {"line": line, "rows": [(n, lines[n - 1]) for n in range(first, min(len(lines), line + 2) + 1)]}


def _template_text() -> str:
    """A new draft starts from the version in force (or the newest shipped file) so the admin edits, not types."""
    current = PolicyVersion.objects.in_force(clock.today())
    if current is not None:
        return current.yaml_text
    from .schema import shipped_files

    files = shipped_files()
    return files[-1].read_text(encoding="utf-8") if files else ""


@login_required
def version_create(request):
    return _edit(request)


@login_required
def version_edit(request, pk):
    version = get_object_or_404(PolicyVersion, pk=pk)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited; upload a new version instead."))
        return redirect("policies:detail", pk=pk)
    return _edit(request, version)


@login_required
def version_switch(request, pk):
    """GET: the preview of what changes for everyone under follow-up; POST: activate (after the preview)."""
    _require_admin(request)
    version = get_object_or_404(PolicyVersion, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = ActivationForm(data, initial={"effective_from": version.effective_from})
    if request.method == "POST" and version.status == VersionStatus.DRAFT and form.is_valid():
        try:
            result = actions.activate_version(version, request.user,
                                              effective_from=form.cleaned_data["effective_from"])
        except PolicyError as exc:
            form.add_error("effective_from", str(exc))
        else:
            messages.success(request, result.note)
            return redirect("policies:detail", pk=version.pk)
    preview = actions.preview_activation(version, request.user)
    return render(request, "policies/version_switch.html", {
        "version": version, "form": form, "preview": preview, "rows": display.change_rows(preview.changes),
        "is_draft": version.status == VersionStatus.DRAFT,
    })


@login_required
@require_POST
def version_retire(request, pk):
    _require_admin(request)
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        actions.retire_version(version, request.user)
    except PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Version %(code)s retired.") % {"code": version.code})
    return redirect("policies:detail", pk=pk)
