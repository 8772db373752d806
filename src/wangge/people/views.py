from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wangge.core.models import AccessKind, log_access
from wangge.core.querysets import user_scope_code
from wangge.core.views_generic import ObjectListView, get_scoped_or_404, scoped

from .filtersets import ResidentFilterSet
from .forms import customize_resident_filters
from .models import Resident
from .tables import ResidentExportTable, ResidentTable


class ResidentListView(ObjectListView):
    queryset = Resident.objects.select_related("grid", "household")
    filterset = ResidentFilterSet
    table = ResidentTable
    export_table = ResidentExportTable
    title = _("Residents")
    export_name = "residents"
    template_name = "people/resident_list.html"
    hidden_filters = ("ordering", "household")

    def customize_form(self, form):
        super().customize_form(form)
        customize_resident_filters(form, self.request.user)


class ResidentDetailView(LoginRequiredMixin, TemplateView):
    """Every field masked; a POST to the reveal URL (with the permission) shows the full ID and phone, logged."""

    template_name = "people/resident_detail.html"
    revealed = False

    def get_object(self):
        queryset = Resident.objects.select_related("grid", "household")
        return get_scoped_or_404(queryset, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resident = getattr(self, "object", None) or self.get_object()
        lineage = [*resident.grid.ancestors(), resident.grid]
        members = household_members(self.request.user, resident) if resident.household_id else []
        context.update(
            resident=resident,
            title=resident.name,
            revealed=self.revealed,
            can_reveal=self.request.user.can_reveal,
            crumbs=[{"label": r.name, "url": reverse("regions:detail", args=[r.code])} for r in lineage
                    if r.code.startswith(user_scope_code(self.request.user) or "")] + [{"label": resident.name}],
            members=members,
        )
        return context


def household_members(user, resident):
    """The other members of the resident's household that the user may see."""
    qs = scoped(Resident.objects.filter(household_id=resident.household_id), user)
    return list(qs.exclude(pk=resident.pk).order_by("birth_date", "id")[:20])


class ResidentRevealView(ResidentDetailView):
    """POST only: out of jurisdiction → 404 (existence does not leak); without the permission → 403."""

    http_method_names = ["post"]
    revealed = True

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.can_reveal:
            raise PermissionDenied(_("You may not reveal personal data."))
        log_access(AccessKind.REVEAL, self.object, fields="id_number,phone", masked=False)
        response = self.render_to_response(self.get_context_data(**kwargs))
        add_never_cache_headers(response)
        return response
