"""Checklists as versioned data (五有, 五查 …), inspections answering them, findings to the last one,
re-inspections, campaigns and closure notices."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "wangge.inspections"
    verbose_name = _("Inspections")
    # (group, label, url name, permission): see core/navigation.py
    nav_items: list = [
        ("enterprise", _("Inspections"), "inspections:list", "inspections.view_inspection"),
        ("enterprise", _("Findings"), "inspections:findings", "inspections.view_finding"),
        ("enterprise", _("Checklists"), "inspections:checklists", "inspections.view_checklist"),
        ("enterprise", _("Inspection campaigns"), "inspections:campaigns", "inspections.view_campaign"),
        ("enterprise", _("Closure notices"), "inspections:notices", "inspections.view_notice"),
        ("enterprise", _("Inspection figures"), "inspections:figures", "inspections.view_inspection"),
    ]

    def ready(self):
        from wangge.followup.signals import worker_pass_done

        from .actions import on_worker_pass

        worker_pass_done.connect(on_worker_pass, dispatch_uid="inspections.on_worker_pass")
