from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "wangge.inspections"
    verbose_name = _("Inspections")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
