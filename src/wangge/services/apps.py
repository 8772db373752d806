from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "wangge.services"
    verbose_name = _("Community services")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
