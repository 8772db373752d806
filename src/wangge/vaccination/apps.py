from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaccinationConfig(AppConfig):
    name = "wangge.vaccination"
    verbose_name = _("Vaccination")
    nav_items = [
        (_("Vaccination coverage"), "vaccination:coverage", "vaccination.view_dose"),
        (_("Dose entry"), "vaccination:dose-add", "vaccination.add_dose"),
    ]
