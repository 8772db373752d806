"""The command centre's own figures: its monitoring points and how many of them the video platform reports online."""

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangge.accounts.roles import VIEW_MONITORING

from . import monitoring
from .models import MonitoringPoint
from .registry import Indicator, Section, count_by_region, register

POINTS = pgettext_lazy("unit", "points")


def points(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(MonitoringPoint.objects.filter(active=True), "region_code", region_code, length)


def points_online(region_code: str, day: datetime.date, length: int) -> dict[str, float]:
    return count_by_region(MonitoringPoint.objects.filter(monitoring.online_q(), active=True), "region_code",
                           region_code, length)


register(
    Indicator("dashboard.points", _("Monitoring points"), unit=POINTS, section=Section.GRID, perm=VIEW_MONITORING,
              definition=_("Active video monitoring points (checkpoints, sampling sites, rivers, roads)."),
              values=points, action_url="dashboard:points", order=900),
    Indicator("dashboard.points_online", _("Monitoring points online"), unit=POINTS, section=Section.GRID,
              perm=VIEW_MONITORING, values=points_online, higher_is_better=True, action_url="dashboard:video-wall",
              definition=_("Active points whose last heartbeat from the video platform said online, within the "
                           "offline limit, when the figures were worked out."), order=910),
    Indicator("dashboard.points_online_share", _("Share of monitoring points online"), section=Section.GRID,
              numerator="dashboard.points_online", denominator="dashboard.points", higher_is_better=True,
              definition=_("Points online ÷ active points."), order=920),
)
