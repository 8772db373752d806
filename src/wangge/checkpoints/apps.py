from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckpointsConfig(AppConfig):
    name = "wangge.checkpoints"
    verbose_name = _("Checkpoints")
    nav_items = [
        ("epidemic", _("Checkpoint check"), "checkpoints:check-page", "checkpoints.add_check"),
        ("epidemic", _("Checkpoints"), "checkpoints:list", "checkpoints.view_checkpoint"),
        ("epidemic", _("Checks at checkpoints"), "checkpoints:checks", "checkpoints.view_check"),
        ("epidemic", _("Checkpoint figures"), "checkpoints:figures", "checkpoints.view_check"),
    ]
