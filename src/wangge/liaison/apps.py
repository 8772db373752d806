from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "wangge.liaison"
    verbose_name = _("Linked cadres")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = [
        ("enterprise", _("My enterprises"), "liaison:my", "liaison.view_assignment"),
        ("enterprise", _("Record a visit"), "liaison:visit-add", "liaison.add_visit"),
        ("enterprise", _("Linked cadres (挂钩联系)"), "liaison:assignments", "liaison.view_assignment"),
        ("enterprise", _("Liaison visits"), "liaison:visits", "liaison.view_visit"),
        ("enterprise", _("Problems and suggestions"), "liaison:problems", "liaison.view_problem"),
        ("enterprise", _("Liaison figures"), "liaison:figures", "liaison.view_assignment"),
    ]
