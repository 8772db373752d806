from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CADRES = {"district_admin", "town_cadre", "village_cadre", "grid_leader"}


class FollowupConfig(AppConfig):
    name = "wangge.followup"
    verbose_name = _("Follow-up")
    nav_items = [
        (_("My tasks today"), "followup:my-tasks", None),
        (_("Daily clearance"), "followup:board", CADRES),
        (_("People under measure"), "followup:measures", None),
        (_("Follow-up list"), "followup:list", None),
    ]
