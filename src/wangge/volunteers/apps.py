from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "wangge.volunteers"
    verbose_name = _("Volunteers")
    nav_items = [
        ("volunteers", _("My duty"), "volunteers:my", "volunteers.view_own_signup"),
        ("volunteers", _("Duty plan"), "volunteers:shifts", "volunteers.view_shift"),
        ("volunteers", _("Duty posts"), "volunteers:posts", "volunteers.view_post"),
        ("volunteers", _("Volunteer teams"), "volunteers:teams", "volunteers.view_team"),
        ("volunteers", _("Volunteers"), "volunteers:volunteers", "volunteers.view_volunteer"),
        ("volunteers", _("Hours"), "volunteers:hours", "volunteers.view_signup"),
        ("volunteers", _("No-shows"), "volunteers:no-shows", "volunteers.view_signup"),
        ("volunteers", _("Duty figures"), "volunteers:figures", "volunteers.view_shift"),
        ("volunteers", _("Cadres sent down"), "volunteers:deployments", "volunteers.view_cadredeployment"),
        ("volunteers", _("Report to departments"), "volunteers:department-report", "volunteers.view_cadredeployment"),
    ]
