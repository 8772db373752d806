"""The help-request pages of the menu, added to EnterprisesConfig.nav_items."""

from django.utils.translation import gettext_lazy as _

ITEMS: list = [
    ("enterprise", _("Help requests (海企通)"), "enterprises:help-requests", "enterprises.view_helprequest"),
    ("enterprise", _("Ask for help"), "enterprises:help-request-add", "enterprises.ask_for_help"),
]
