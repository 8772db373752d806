from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CENTRE = {"district_admin", "hotline_operator"}


class HotlineConfig(AppConfig):
    name = "wangge.hotline"
    verbose_name = _("12345 hotline")
    nav_items = [
        (_("12345 intake"), "hotline:intake", CENTRE),
        (_("Work orders"), "hotline:orders", CENTRE | {"department_handler"}),
        (_("Department inbox"), "hotline:inbox", {"department_handler"}),
        (_("Supervision"), "hotline:supervision", CENTRE),
        (_("Callbacks"), "hotline:callbacks", CENTRE),
        (_("Hotline KPIs"), "hotline:kpis", CENTRE),
        (_("Hotline daily report"), "hotline:report", CENTRE),
    ]
