from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.querysets import user_scope_code
from wangge.core.views_generic import CallView, ObjectListView, ObjectView, RevealView, reveal_grant

from .filtersets import ResidentFilterSet
from .forms import customize_resident_filters
from .models import Resident
from .selectors import household_members
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


class ResidentDetailView(ObjectView):
    """Every field masked; after a logged reveal (with its reason) the full ID and phone show for a few minutes."""

    queryset = Resident.objects.select_related("grid", "household")
    template_name = "people/resident_detail.html"

    def get_title(self, obj) -> str:
        return obj.name

    def get_extra_context(self, obj) -> dict:
        user = self.request.user
        scope = user_scope_code(user) or ""
        lineage = [*obj.grid.ancestors(), obj.grid]
        return {
            "revealed": reveal_grant(self.request, obj),
            "crumbs": [{"label": r.name, "url": reverse("regions:detail", args=[r.code])} for r in lineage
                       if r.code.startswith(scope)] + [{"label": obj.name}],
            "members": household_members(user, obj),
        }


class ResidentRevealView(RevealView):
    """POST only (reason required): out of jurisdiction → 404 (existence does not leak); without the permission →
    403; then back to the detail page (post-redirect-get), which shows the full values."""

    queryset = Resident.objects.all()

    def default_url(self, obj) -> str:
        return reverse("people:resident-detail", args=[obj.pk])


class ResidentCallView(CallView):
    """Dial a resident's full number through the logged call action, without showing it."""

    queryset = Resident.objects.all()

    def default_url(self, obj) -> str:
        return reverse("people:resident-detail", args=[obj.pk])
