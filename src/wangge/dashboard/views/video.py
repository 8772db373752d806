"""Monitoring points (视频监控点) and the video wall: the registry's list, one point with its player, the edit form,
and the wall that tiles 1, 4, 9 or 16 points of a region (hls.js for HLS, the browser's own player otherwise).

The streams stay on the district's video platform: the pages only hand its URLs to the browser. Online means a
heartbeat within `WANGGE_MONITORING_OFFLINE_MINUTES` (dashboard/monitoring.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django.views.static import serve

from wangge.accounts.roles import VIEW_MONITORING
from wangge.core import clock
from wangge.core.querysets import within_code
from wangge.core.views_generic import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    PermissionRequiredMixin,
)
from wangge.regions import codes

from .. import actions, monitoring
from ..filtersets import MonitoringPointFilterSet
from ..forms import MonitoringPointForm, VideoWallForm
from ..models import MonitoringPoint
from ..tables import MonitoringPointTable

LAYOUTS = (1, 4, 9, 16)
DEFAULT_LAYOUT = 9
ROTATIONS = (0, 30, 60, 120)  # seconds a page of the wall stays before the next one (0: stays)
COLUMNS = {1: 1, 4: 2, 9: 3, 16: 4}


def tile(point, now) -> dict:
    """What a tile (or the detail page's player) needs about a point."""
    return {"point": point, "state": monitoring.point_state(point, now), "is_hls": point.is_hls,
            "url": reverse("dashboard:point", args=[point.code])}


def status_url(points) -> str:
    """The API list of these points, which the page polls to follow their online state without reloading."""
    return reverse("monitoringpoint-list") + "?" + urlencode({"codes": ",".join(p.code for p in points),
                                                              "limit": max(len(points), 1)})


class MonitoringPointListView(ObjectListView):
    queryset = MonitoringPoint.objects.select_related("region", "sampling_site")
    filterset = MonitoringPointFilterSet
    table = MonitoringPointTable
    title = gettext_lazy("Monitoring points")
    export_name = "monitoring-points"
    template_name = "dashboard/point_list.html"
    hidden_filters = ("ordering", "codes")

    def get_extra_context(self) -> dict:
        qs = self.get_queryset()
        return {"online_count": qs.filter(monitoring.online_q()).count(),
                "offline_minutes": monitoring.offline_after_minutes()}


class MonitoringPointDetailView(ObjectView):
    queryset = MonitoringPoint.objects.select_related("region", "sampling_site__campaign")
    template_name = "dashboard/point_detail.html"
    lookup_field = "code"

    def get_extra_context(self, point) -> dict:
        now = clock.now()
        return {"tile": tile(point, now), "status_url": status_url([point]),
                "offline_minutes": monitoring.offline_after_minutes(),
                "wall_url": reverse("dashboard:video-wall") + "?" + urlencode({"region": point.region_code,
                                                                              "layout": 4})}


class MonitoringPointEditView(ObjectEditView):
    """Register a point (no code in the URL) or change one; writes through `do_create_point` / `do_update_point`."""

    queryset = MonitoringPoint.objects.select_related("region")
    form_class = MonitoringPointForm
    template_name = "dashboard/point_form.html"
    success_message = gettext_lazy("Monitoring point saved.")

    lookup_field = "code"

    def get_title(self) -> str:
        point = self.get_object()
        return _("Edit %(point)s") % {"point": point} if point else _("New monitoring point")

    def run_action(self, form):
        point = self.get_object()
        if point is None:
            return actions.do_create_point(self.request.user, **form.action_kwargs())
        return actions.do_update_point(self.request.user, point, **form.action_kwargs())


class VideoWallView(PermissionRequiredMixin, TemplateView):
    """1, 4, 9 or 16 tiles of the active points of a region (default: the user's jurisdiction) and kind, a page at a
    time; `rotate` moves to the next page every N seconds (the wall of a command centre). A region outside the
    jurisdiction is a 404."""

    permission_required = VIEW_MONITORING
    template_name = "dashboard/video_wall.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        region = codes.page_region(request)
        form = VideoWallForm(request.GET or None, user=request.user, region=region)
        choice = form.choice()
        points = within_code(MonitoringPoint.objects.restrict(request.user).filter(active=True), region.code)
        if choice["kind"]:
            points = points.filter(kind=choice["kind"])
        everything = points
        if choice["online"]:
            points = points.filter(monitoring.online_q())
        points = points.select_related("region").order_by("region_code", "code")
        paginator = Paginator(points, choice["layout"])
        page = paginator.get_page(request.GET.get("page"))
        now = clock.now()
        tiles = [tile(point, now) for point in page.object_list]

        def page_url(number):
            params = {k: v for k, v in {**choice, "region": region.code, "page": number}.items() if v}
            return request.path + "?" + urlencode(params)

        pages = paginator.num_pages
        context.update(
            title=_("Video wall") + " · " + region.name, region=region, form=form, choice=choice, tiles=tiles,
            page=page, pages=pages, total=paginator.count, all_count=everything.count(),
            online_count=everything.filter(monitoring.online_q()).count(),
            columns=COLUMNS[choice["layout"]], empty_tiles=range(max(choice["layout"] - len(tiles), 0)),
            layouts=[{"n": n, "url": request.path + "?" + urlencode(
                {k: v for k, v in {**choice, "region": region.code, "layout": n}.items() if v}),
                "current": n == choice["layout"]} for n in LAYOUTS],
            previous_url=page_url(page.previous_page_number()) if page.has_previous() else "",
            next_url=page_url(page.next_page_number()) if page.has_next() else "",
            # The rotation wraps round to the first page.
            rotate_url=(page_url(page.next_page_number()) if page.has_next() else page_url(1)) if pages > 1 else "",
            status_url=status_url(page.object_list) if tiles else "",
            offline_minutes=monitoring.offline_after_minutes(),
        )
        return context


# --- the demo's sample clip -------------------------------------------------------------------------------------

DEMO_VIDEO_DIR = "demo-video"
CONTENT_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".mp4": "video/mp4",
                 ".m4s": "video/iso.segment"}


def demo_video_root() -> Path:
    return Path(settings.VAR_DIR) / DEMO_VIDEO_DIR


class DemoClipView(View):
    """The synthetic test-pattern clip that `wangge demo` writes with ffmpeg (simulate/video.py) into
    `<WANGGE_VAR_DIR>/demo-video/`, standing in for a video platform. Nothing but that folder is served; it holds
    no data of anyone, so it needs no login (a stream URL on another host name of the same demo still plays)."""

    def get(self, request, name):
        root = demo_video_root()
        if Path(name).suffix.lower() not in CONTENT_TYPES or not root.is_dir():
            raise Http404
        response = serve(request, name, document_root=root)
        response["Content-Type"] = CONTENT_TYPES[Path(name).suffix.lower()]
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "no-cache"
        return response

