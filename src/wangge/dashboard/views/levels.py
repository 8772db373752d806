"""The command-centre pages: one per level (district, town, village; the grid level is the daily board), the big
screen for the wall, and the refresh of the day's figures."""

import json

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from wangge.accounts.roles import COMMAND_CENTRE
from wangge.core import clock
from wangge.core.views_generic import PermissionRequiredMixin
from wangge.regions import codes

from .. import figures
from ..api.levels import screen_payload
from ..levels import LevelView, indicator_json
from ..params import BadParameter, day_param


class _LevelPage(PermissionRequiredMixin, TemplateView):
    permission_required = COMMAND_CENTRE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = codes.page_region(self.request)
        try:
            day = day_param(self.request.GET)
        except BadParameter as exc:
            messages.warning(self.request, exc.message)
            day = clock.today()
        view = LevelView(self.request.user, region, day)
        headline = [i.key for i in view.indicators if i.headline]
        now = timezone.localtime(clock.now())
        context.update(region=region, day=day, view=view, is_today=day == clock.today(),
                       child_level=codes.child_level(region.level), map_selected=headline[0] if headline else None,
                       now_ms=int(now.timestamp() * 1000),
                       tz_minutes=int(now.utcoffset().total_seconds() // 60) if now.utcoffset() else 0)
        return context


class LevelPageView(_LevelPage):
    """区域治理现代化指挥中心 for one region: the day's key figures against yesterday, every section's figures per
    child region (click to drill down), the 14-day trends, the map and the lists that need action."""

    template_name = "dashboard/level.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = context["view"]
        trends = view.trends()
        context.update(cards=view.cards(headline_only=True), all_cards=view.cards(), sections=view.sections(),
                       actions=view.actions(), trends=trends, crumbs=view.crumbs(),
                       map_indicators=[indicator_json(i) for i in view.indicators],
                       trend_json=json.dumps(trends, ensure_ascii=False))
        return context


class ScreenPageView(_LevelPage):
    """大屏: a full-screen page for the wall (1920×1080, dark), refreshed in place from the screen API."""

    template_name = "dashboard/screen.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(payload=screen_payload(context["view"]),
                       map_indicators=[indicator_json(i) for i in context["view"].indicators])
        return context


class RefreshView(PermissionRequiredMixin, View):
    """Work out today's figures now (they are otherwise refreshed by the worker every few minutes)."""

    permission_required = COMMAND_CENTRE

    def post(self, request):
        snapshot = figures.refresh(clock.today())
        messages.success(request, _("Figures refreshed at %(time)s.") % {
            "time": timezone.localtime(snapshot.computed_at).strftime("%H:%M")})
        target = request.POST.get("next") or "/dashboard/"
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = "/dashboard/"
        return HttpResponseRedirect(target)
