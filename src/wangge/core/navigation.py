"""The main menu, assembled from the apps: an AppConfig may declare

    nav_items = [(_("Label"), "app:url-name", "app.permission" or None for everyone who logs in)]

so that adding a page never means editing a shared template, and the menu shows a page exactly to the users whose
role allows it (accounts/roles.py), the same permission the page itself asks for."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def menu_for(user):
    items = []
    if not getattr(user, "is_authenticated", False):
        return items
    for config in apps.get_app_configs():
        for label, url_name, perm in getattr(config, "nav_items", ()):
            if perm is not None and not user.has_perm(perm):
                continue
            try:
                items.append({"label": label, "url": reverse(url_name), "app": config.label})
            except NoReverseMatch:
                continue
    return items


def menu(request):
    """Template context processor: `nav_menu`."""
    return {"nav_menu": menu_for(getattr(request, "user", None))}
