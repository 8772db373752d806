from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "wangge.liaison"
    verbose_name = _("Linked cadres")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
