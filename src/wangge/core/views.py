from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wangge.accounts.roles import COMMAND_CENTRE, HOTLINE_CENTRE, HOTLINE_DEPARTMENT

from .filtersets import AccessEventFilterSet
from .models import AccessEvent
from .tables import AccessEventTable
from .views_generic import ObjectListView

# Where each kind of user starts the day: the first entry whose permission the user's role has (accounts/roles.py)
# and whose page exists. Cadres, grid leaders and district staff open the command centre of their own jurisdiction
# (the level page defaults to the user's region); the hotline, departments and sampling sites their desk; a grid
# worker the day's tasks; a volunteer their duty; everyone else (enterprise liaisons …) the policies in force, a public
# notice.
LANDING = [
    (COMMAND_CENTRE, "dashboard:level"),
    (HOTLINE_CENTRE, "hotline:intake"),
    (HOTLINE_DEPARTMENT, "hotline:inbox"),
    ("labtests.add_sample", "labtests:register"),
    ("followup.change_task", "followup:my-tasks"),
    ("volunteers.view_own_signup", "volunteers:my"),
    ("enterprises.ask_for_help", "enterprises:help-requests"),  # an enterprise account (海企通)
    ("policies.view_policyversion", "policies:list"),
    ("regions.view_region", "regions:tree"),
]


def landing_url(user) -> str:
    for perm, url_name in LANDING:
        if user.has_perm(perm):
            try:
                return reverse(url_name)
            except NoReverseMatch:  # a page still to come
                continue
    return reverse("regions:tree")


@login_required
def home(request):
    return redirect(landing_url(request.user))


class AccessLogView(ObjectListView):
    """Reveals, calls and exports of personal data, newest first: for those who audit them (district
    administrators)."""

    queryset = AccessEvent.objects.select_related("content_type", "user")
    filterset = AccessEventFilterSet
    table = AccessEventTable
    title = _("Access log")
    export_name = "access-log"
    template_name = "core/access_log.html"
