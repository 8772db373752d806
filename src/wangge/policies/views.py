"""Policy pages: everyone logged in reads; district administrators write drafts (as YAML or in a form) and switch
versions. Pages parse, call the action (actions.py) and show its refusal next to the field it names."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wangge.core import clock
from wangge.core.errors import ActionError, NotPermitted
from wangge.core.views_generic import (
    ObjectActionView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
    get_scoped_or_404,
)

from . import actions, display, selectors
from .choices import VersionStatus
from .editor import PolicyDocumentForm
from .filtersets import PolicyVersionFilterSet
from .forms import ActivationForm, PolicyYamlForm
from .models import PolicyVersion
from .schema import PolicyError
from .tables import PolicyVersionTable

CHANGE = "policies.change_policyversion"


class VersionListView(ObjectListView):
    queryset = PolicyVersion.objects.select_related("applied_by")
    filterset = PolicyVersionFilterSet
    table = PolicyVersionTable
    title = gettext_lazy("Policy versions")
    export_name = "policy-versions"
    template_name = "policies/version_list.html"

    def get_extra_context(self) -> dict:
        today = clock.today()
        return {"in_force": PolicyVersion.objects.in_force(today), "today": today,
                "can_change": selectors.can_change_policies(self.request.user)}


class VersionDetailView(ObjectView):
    queryset = PolicyVersion.objects.select_related("applied_by")
    template_name = "policies/version_detail.html"

    def get_extra_context(self, obj) -> dict:
        document = obj.document
        return {"version": obj, "doc": document, "in_force": obj.is_in_force(clock.today()),
                "categories": display.category_tables(document), "checkpoint": display.checkpoint_rows(document),
                "pools": display.pool_rows(document), "escalation": display.escalation_rows(document),
                "can_change": selectors.can_change_policies(self.request.user)}


def _quote_line(text: str, line: int | None) -> dict | None:
    """The offending line and its neighbours, so the administrator sees where the error is."""
    if not line:
        return None
    lines = text.splitlines()
    first = max(1, line - 2)
    return {"line": line, "rows": [(n, lines[n - 1]) for n in range(first, min(len(lines), line + 2) + 1)]}


def _template_text() -> str:
    """A new draft starts from the version in force (or the newest shipped file) so the admin edits, not types."""
    current = selectors.version_in_force(clock.today())
    if current is not None:
        return current.yaml_text
    from .schema import shipped_files

    files = shipped_files()
    return files[-1].read_text(encoding="utf-8") if files else ""


class _DraftEditMixin(PermissionRequiredMixin):
    """The draft being edited (`pk` in the URL, must still be a draft) or None for a new one."""

    permission_required = CHANGE

    def get_version(self):
        if "pk" not in self.kwargs:
            return None
        version = get_scoped_or_404(PolicyVersion.objects.all(), self.request.user, pk=self.kwargs["pk"])
        if version.status != VersionStatus.DRAFT:
            messages.error(self.request, _("Only a draft can be edited; upload a new version instead."))
            raise _NotADraft(version)
        return version

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _NotADraft as exc:
            return redirect("policies:detail", pk=exc.version.pk)

    def saved(self, version):
        messages.success(self.request, _("Draft %(code)s saved.") % {"code": version.code})
        return redirect("policies:detail", pk=version.pk)


class _NotADraft(Exception):
    def __init__(self, version):
        self.version = version


class VersionYamlEditView(_DraftEditMixin, TemplateView):
    """A draft as YAML text (upload or paste); an error quotes the offending line."""

    template_name = "policies/version_form.html"

    def get(self, request, *args, **kwargs):
        version = self.get_version()
        form = PolicyYamlForm(initial={"yaml_text": version.yaml_text if version else _template_text()})
        return render(request, self.template_name, {"form": form, "version": version, "quoted": None})

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        form = PolicyYamlForm(request.POST)
        quoted = None
        if form.is_valid():
            text = form.cleaned_data["yaml_text"]
            try:
                saved = actions.do_save_draft(request.user, version, yaml_text=text)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from None
            except PolicyError as exc:
                form.add_error("yaml_text", str(exc))
                quoted = _quote_line(text, exc.line)
            except ActionError as exc:
                form.add_error("yaml_text", exc.message)
            else:
                return self.saved(saved)
        return render(request, self.template_name, {"form": form, "version": version, "quoted": quoted})


class VersionFormEditView(_DraftEditMixin, TemplateView):
    """A draft in a form: phases with their measures, days and NAT days per category, pool sizes and the checkpoint
    table. The form writes the YAML document (the stored format) and the schema validates it; a refusal is shown on
    the field it names."""

    template_name = "policies/version_editor.html"

    def form(self, version, data=None):
        return PolicyDocumentForm(data, base_text=version.yaml_text if version else _template_text())

    def page(self, form, version):
        return render(self.request, self.template_name, {"form": form, "version": version})

    def get(self, request, *args, **kwargs):
        version = self.get_version()
        return self.page(self.form(version), version)

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        form = self.form(version, request.POST)
        if form.is_valid():
            try:
                saved = actions.do_save_draft(request.user, version, yaml_text=form.yaml_text())
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from None
            except ActionError as exc:
                field = form.field_for_path(exc.field) if isinstance(exc, PolicyError) else None
                message = exc.message if field else str(exc)
                form.add_error(field, message)
            else:
                return self.saved(saved)
        return self.page(form, version)


class VersionSwitchView(PermissionRequiredMixin, TemplateView):
    """GET: the preview of what changes for everyone under follow-up; POST: activate (after the preview)."""

    permission_required = CHANGE
    template_name = "policies/version_switch.html"

    def version(self):
        return get_scoped_or_404(PolicyVersion.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def page(self, version, form):
        preview = selectors.preview_activation(self.request.user, version)
        return render(self.request, self.template_name, {
            "version": version, "form": form, "preview": preview, "rows": display.change_rows(preview.changes),
            "is_draft": version.status == VersionStatus.DRAFT,
        })

    def get(self, request, *args, **kwargs):
        version = self.version()
        return self.page(version, ActivationForm(initial={"effective_from": version.effective_from}))

    def post(self, request, *args, **kwargs):
        version = self.version()
        form = ActivationForm(request.POST, initial={"effective_from": version.effective_from})
        if version.status == VersionStatus.DRAFT and form.is_valid():
            try:
                result = actions.do_activate(request.user, version, effective_from=form.cleaned_data["effective_from"])
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from None
            except ActionError as exc:
                form.add_error("effective_from", str(exc))
            else:
                messages.success(request, result.note)
                return redirect("policies:detail", pk=version.pk)
        return self.page(version, form)


def _retire(request, version):
    return actions.do_retire(request.user, version)


class VersionRetireView(ObjectActionView):
    queryset = PolicyVersion.objects.all()
    permission_required = CHANGE
    action = _retire

    def success_message(self, obj, result) -> str:
        return _("Version %(code)s retired.") % {"code": obj.code}

    def default_url(self, obj) -> str:
        return reverse("policies:detail", args=[obj.pk])
