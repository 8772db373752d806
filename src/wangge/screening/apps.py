from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "wangge.screening"
    verbose_name = _("Screening")
    nav_items = [
        ("epidemic", _("Risk areas"), "screening:riskarea-list", "screening.view_riskarea"),
        ("epidemic", _("Big-data screening"), "screening:run-list", "screening.view_screeningrun"),
    ]
