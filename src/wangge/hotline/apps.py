from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "wangge.hotline"
    verbose_name = _("12345 hotline")
    nav_items = [
        ("hotline", _("12345 intake"), "hotline:intake", "hotline.centre"),
        ("hotline", _("Work orders"), "hotline:orders", "hotline.view_workorder"),
        ("hotline", _("Department inbox"), "hotline:inbox", "hotline.handle"),
        ("hotline", _("Supervision"), "hotline:supervision", "hotline.centre"),
        ("hotline", _("Callbacks"), "hotline:callbacks", "hotline.centre"),
        ("hotline", _("Hotline KPIs"), "hotline:kpis", "hotline.centre"),
        ("hotline", _("Hotline daily report"), "hotline:report", "hotline.centre"),
    ]
