from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "wangge.dashboard"
    verbose_name = _("Command centre")
    nav_items = [
        ("command", _("Area overview"), "dashboard:level", "dashboard.view_commandcentre"),
        ("command", _("Big screen"), "dashboard:screen", "dashboard.view_commandcentre"),
        ("command", _("Video wall"), "dashboard:video-wall", "dashboard.view_monitoringpoint"),
        ("command", _("Monitoring points"), "dashboard:points", "dashboard.view_monitoringpoint"),
        ("command", _("Daily report"), "dashboard:report", "dashboard.view_commandcentre"),
    ]

    def ready(self):
        from . import registry

        registry.autodiscover()

        from wangge.followup.signals import worker_pass_done

        from .receivers import on_worker_pass

        worker_pass_done.connect(on_worker_pass, dispatch_uid="dashboard.on_worker_pass")
