from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from .models import AccessEvent, AccessKind


@login_required
def home(request):
    return redirect("regions:tree")


def is_district_admin(user) -> bool:
    return user.is_superuser or getattr(user, "role", None) == "district_admin"


class AccessLogView(LoginRequiredMixin, ListView):
    """Reveals and exports of personal data, newest first: for district administrators only."""

    template_name = "core/access_log.html"
    paginate_by = 50
    context_object_name = "events"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_district_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = AccessEvent.objects.select_related("content_type")
        kind = self.request.GET.get("kind")
        if kind in AccessKind.values:
            qs = qs.filter(kind=kind)
        user = self.request.GET.get("user", "").strip()
        if user:
            qs = qs.filter(user_name=user)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Access log"), kinds=AccessKind.choices, kind=self.request.GET.get("kind", ""),
                       user_filter=self.request.GET.get("user", ""))
        return context
