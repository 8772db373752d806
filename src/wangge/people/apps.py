from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "wangge.people"
    verbose_name = _("People")
    nav_items = [("grid", _("Residents"), "people:resident-list", "people.view_resident")]
