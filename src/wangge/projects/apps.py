from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "wangge.projects"
    verbose_name = _("Practical projects")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = []
