"""Community services on order (点单式) and job matching (村企共建): menus, orders, postings, trainings, placements."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "wangge.services"
    verbose_name = _("Community services")
    # (group, label, url name, permission): see core/navigation.py
    nav_items = [
        ("governance", _("My service orders"), "services:my", "services.take_order"),
        ("governance", _("Order for a resident"), "services:residents", "services.add_order"),
        ("governance", _("Service orders"), "services:orders", "services.view_order"),
        ("governance", _("Service menu"), "services:items", "services.view_serviceitem"),
        ("governance", _("Job postings"), "services:postings", "services.view_jobposting"),
        ("governance", _("Job seekers"), "services:seekers", "services.view_jobseeker"),
        ("governance", _("Trainings"), "services:trainings", "services.view_training"),
        ("governance", _("Placements"), "services:placements", "services.view_placement"),
        ("governance", _("Service figures"), "services:figures", "services.view_order"),
    ]
