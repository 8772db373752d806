from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabtestsConfig(AppConfig):
    name = "wangge.labtests"
    verbose_name = _("Nucleic-acid testing")
    nav_items = [
        ("epidemic", _("Mass testing"), "labtests:campaigns", "labtests.view_campaign"),
        ("epidemic", _("Sampling registration"), "labtests:register", "labtests.add_sample"),
    ]
