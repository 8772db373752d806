from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaccinationConfig(AppConfig):
    name = "wangge.vaccination"
    verbose_name = _("Vaccination")
    nav_items = [
        ("epidemic", _("Vaccination coverage"), "vaccination:coverage", "vaccination.view_dose"),
        ("epidemic", _("Dose entry"), "vaccination:dose-add", "vaccination.add_dose"),
    ]
