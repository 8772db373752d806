from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FisheryConfig(AppConfig):
    name = "wangge.fishery"
    verbose_name = _("Fishing ban")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
