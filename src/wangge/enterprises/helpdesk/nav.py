"""The help-request pages of the menu, added to EnterprisesConfig.nav_items."""

ITEMS: list = []
