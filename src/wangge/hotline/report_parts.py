"""The hotline's part of the district daily report (信息日报): its own daily report becomes the report's hotline
section (the same template and figures as the hotline's report page), for the people who may read it today
(`hotline.centre`, the KPIs' permission). The dashboard finds this module by name, as it finds `indicators.py`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.accounts.roles import HOTLINE_CENTRE
from wangge.core.querysets import within_code
from wangge.dashboard.registry import Section
from wangge.dashboard.report import ReportPart, register_part
from wangge.regions.choices import RegionLevel

from . import reports, selectors


def orders_in(user, region):
    """The orders `user` may see at `region`: its subtree; at the district also the orders without a place (they
    belong to the whole centre, as on the hotline's own report)."""
    orders = selectors.orders_for(user)
    if region.level == RegionLevel.DISTRICT:
        return orders
    return within_code(orders, region.code, "region_code")


def context(user, region, day) -> dict:
    return {**reports.section_context(day, orders_in(user, region)), "h": "h3", "sub": "h4"}


def sheets(workbook, part_context: dict) -> None:
    reports.add_sheets(workbook, part_context["r"], prefix=f"{_('Hotline')} · ")


register_part(ReportPart(
    key="hotline.daily", section=Section.HOTLINE, perm=HOTLINE_CENTRE, template="hotline/_report_section.html",
    context=context, sheets=sheets, styles=("hotline/hotline.css",),
    scripts=("vendor/echarts/echarts.min.js", "hotline/report.js")))
