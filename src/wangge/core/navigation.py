"""The main menu, assembled from the apps: an AppConfig may declare

    nav_items = [(_("Label"), "app:url-name", {"district_admin", ...} or None for every role)]

so that adding a page never means editing a shared template."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def menu_for(user):
    items = []
    if not getattr(user, "is_authenticated", False):
        return items
    for config in apps.get_app_configs():
        for label, url_name, roles in getattr(config, "nav_items", ()):
            if roles is not None and not user.is_superuser and getattr(user, "role", None) not in roles:
                continue
            try:
                items.append({"label": label, "url": reverse(url_name), "app": config.label})
            except NoReverseMatch:
                continue
    return items


def menu(request):
    """Template context processor: `nav_menu`."""
    return {"nav_menu": menu_for(getattr(request, "user", None))}
