from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "wangge.hotline"
    verbose_name = _("12345 hotline")
    nav_items = [
        (_("12345 intake"), "hotline:intake", "hotline.centre"),
        (_("Work orders"), "hotline:orders", "hotline.view_workorder"),
        (_("Department inbox"), "hotline:inbox", "hotline.handle"),
        (_("Supervision"), "hotline:supervision", "hotline.centre"),
        (_("Callbacks"), "hotline:callbacks", "hotline.centre"),
        (_("Hotline KPIs"), "hotline:kpis", "hotline.centre"),
        (_("Hotline daily report"), "hotline:report", "hotline.centre"),
    ]
