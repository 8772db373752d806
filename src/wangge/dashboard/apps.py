from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "wangge.dashboard"
    verbose_name = _("Command centre")

    def ready(self):
        from . import registry

        registry.autodiscover()

        from wangge.followup.signals import worker_pass_done

        from .receivers import on_worker_pass

        worker_pass_done.connect(on_worker_pass, dispatch_uid="dashboard.on_worker_pass")
