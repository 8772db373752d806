"""The help-request pages of the menu, added to EnterprisesConfig.nav_items."""

from django.utils.translation import gettext_lazy as _

ITEMS: list = [
    ("enterprise", _("Help requests (海企通)"), "enterprises:help-requests", "enterprises.view_helprequest"),
    # "Ask for help" is a button on that list: it needs an account that speaks for an enterprise, which the menu's
    # permission check alone cannot tell.
]
