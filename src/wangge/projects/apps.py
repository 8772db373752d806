from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "wangge.projects"
    verbose_name = _("Practical projects")
    # (group, label, url name, permission): see core/navigation.py
    nav_items = [
        ("governance", _("Practical projects"), "projects:list", "projects.view_project"),
        ("governance", _("Practical project figures"), "projects:figures", "projects.view_project"),
    ]
