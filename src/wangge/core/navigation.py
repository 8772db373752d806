"""The main menu, assembled from the apps: an AppConfig declares its pages as

    nav_items = [("group", _("Label"), "app:url-name", "app.permission" or None for everyone who logs in)]

where "group" is one of the keys of GROUPS below. Adding a page never means editing a shared template, and the menu
shows a page exactly to the users whose role allows it (accounts/roles.py), the same permission the page itself
asks for. A url name that does not resolve (a page still to come) is left out, and so is a group none of whose
pages the user may open. Groups appear in the order of GROUPS; within a group, pages follow INSTALLED_APPS and
then their order in the app's declaration."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The menu's groups, in the order the bar shows them.
GROUPS: list[tuple[str, object]] = [
    ("epidemic", _("Epidemic prevention")),  # 防疫: screening, follow-up, testing, vaccination, policies
    ("grid", _("Grid")),  # 网格: regions, people, the grid's daily work
    ("hotline", _("Hotline")),  # 热线: 12345
    ("command", _("Command centre")),  # 指挥中心: level pages, big screen, video wall, daily report
    ("enterprise", _("Enterprises")),  # 企业
    ("volunteers", _("Volunteers")),  # 志愿者
    ("governance", _("Governance")),  # 治理: practical projects, enforcement, fishery …
]
OTHER = ("other", _("More"))  # an item naming a group not (yet) listed above
GROUP_KEYS = frozenset(key for key, _label in GROUPS)


def declared_items():
    """(group, label, url name, permission, app label) of every app's nav_items, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if len(item) != 4:
                raise ImproperlyConfigured(f"{config.name}: a nav_items entry is (group, label, url name, permission), "
                                           f"the group one of {sorted(GROUP_KEYS)}; got {item!r}")
            group, label, url_name, perm = item
            yield group, label, url_name, perm, config.label


def menu_for(user, path: str | None = None) -> list[dict]:
    """The groups `user` may use, each {"key", "label", "items": [{"label", "url", "app", "active"}], "active"};
    the entry whose url is the longest prefix of `path` is the current one (and its group the current group)."""
    if not getattr(user, "is_authenticated", False):
        return []
    by_group: dict[str, list[dict]] = {}
    for group, label, url_name, perm, app_label in declared_items():
        if perm is not None and not user.has_perm(perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        key = group if group in GROUP_KEYS else OTHER[0]
        by_group.setdefault(key, []).append({"label": label, "url": url, "app": app_label, "active": False})
    groups = [{"key": key, "label": label, "items": by_group[key], "active": False}
              for key, label in [*GROUPS, OTHER] if by_group.get(key)]
    if path:
        current = max(((item, group) for group in groups for item in group["items"] if path.startswith(item["url"])),
                      key=lambda pair: len(pair[0]["url"]), default=None)
        if current:
            current[0]["active"] = current[1]["active"] = True
    return groups


def menu(request):
    """Template context processor: `nav_menu`, the user's menu groups."""
    return {"nav_menu": menu_for(getattr(request, "user", None), getattr(request, "path", None))}
