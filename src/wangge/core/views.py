from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .filtersets import AccessEventFilterSet
from .models import AccessEvent
from .tables import AccessEventTable
from .views_generic import ObjectListView

# Where each kind of user starts the day: the first page their role allows (accounts/roles.py).
LANDING = [
    ("hotline.centre", "hotline:intake"),
    ("hotline.handle", "hotline:inbox"),
    ("labtests.add_sample", "labtests:register"),
    ("followup.view_board", "regions:tree"),
    ("followup.change_task", "followup:my-tasks"),
    ("regions.view_region", "regions:tree"),
]


@login_required
def home(request):
    for perm, url_name in LANDING:
        if request.user.has_perm(perm):
            return redirect(url_name)
    return redirect("regions:tree")


class AccessLogView(ObjectListView):
    """Reveals, calls and exports of personal data, newest first: for those who audit them (district
    administrators)."""

    queryset = AccessEvent.objects.select_related("content_type", "user")
    filterset = AccessEventFilterSet
    table = AccessEventTable
    title = _("Access log")
    export_name = "access-log"
    template_name = "core/access_log.html"
