from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "wangge.regions"
    verbose_name = _("Regions")
    nav_items = [("grid", _("Regions and grids"), "regions:tree", "regions.view_region")]
