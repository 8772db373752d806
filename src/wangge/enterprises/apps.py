from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "wangge.enterprises"
    verbose_name = _("Enterprises")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []  # the registry's pages; the help requests' are added in ready()

    def ready(self):
        from .helpdesk.nav import ITEMS

        self.nav_items = [*self.nav_items, *ITEMS]
