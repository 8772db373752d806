from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "wangge.enforcement"
    verbose_name = _("Joint punishment")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
