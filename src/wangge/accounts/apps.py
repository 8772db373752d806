from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wangge.accounts"
    verbose_name = _("Accounts")
    # The access log is linked from the user box of the top bar (district administrators only), not the menu.
    nav_items: list = []
