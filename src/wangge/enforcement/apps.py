"""Violation cases (违建 …) through persuasion, joint punishment by the member departments, correction and lifting."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "wangge.enforcement"
    verbose_name = _("Joint punishment")
    # (group, label, url name, permission): see core/navigation.py
    nav_items = [
        ("governance", _("Violation cases"), "enforcement:list", "enforcement.view_violationcase"),
        ("governance", _("Parties under joint punishment"), "enforcement:punished", "enforcement.view_punishedparty"),
        ("governance", _("Overdue enforcement steps"), "enforcement:overdue", "enforcement.view_violationcase"),
        ("governance", _("Joint punishment figures"), "enforcement:figures", "enforcement.view_violationcase"),
    ]
