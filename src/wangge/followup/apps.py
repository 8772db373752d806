from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "wangge.followup"
    verbose_name = _("Follow-up")
    nav_items = [
        ("grid", _("My tasks today"), "followup:my-tasks", "followup.change_task"),
        ("grid", _("Daily clearance"), "followup:board", "followup.view_board"),
        ("epidemic", _("People under measure"), "followup:measures", "followup.view_followup"),
        ("epidemic", _("Follow-up list"), "followup:list", "followup.view_followup"),
    ]

    def ready(self):
        from wangge.policies.signals import policy_activated

        from .receivers import on_policy_activated

        policy_activated.connect(on_policy_activated, dispatch_uid="followup.on_policy_activated")
