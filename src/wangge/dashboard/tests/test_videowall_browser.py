"""The video wall in a real browser: a 3-second clip made with ffmpeg in the test, cut into HLS, served from another
origin (as a video platform would serve it), plays on its tile (the <video> element's time advances); an offline
point's tile says offline and loads nothing; a stream that cannot be fetched says so instead of spinning.

Skipped (with the reason) without ffmpeg, Debian's chromium or the playwright package.
"""

import functools
import http.server
import shutil
import subprocess
import threading

import pytest
from django.utils import timezone

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, sync_playwright
from wangge.dashboard.choices import PointKind, PointStatus
from wangge.dashboard.models import MonitoringPoint

FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"

browser, open_page = test_browser.browser, test_browser.open_page  # the fixtures of the browser tests
pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.skipif(not shutil.which(FFMPEG), reason="the video wall test needs ffmpeg (apt-get install ffmpeg)"),
    pytest.mark.django_db(transaction=True),
]


class _CorsHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the CORS header a video platform sends, and the HLS content types."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t"}

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def video_platform(tmp_path_factory):
    """A 3-second test pattern as HLS, served on its own port: the base URL."""
    folder = tmp_path_factory.mktemp("hls")
    subprocess.run([FFMPEG, "-y", "-loglevel", "error", "-f", "lavfi",
                    "-i", "testsrc=duration=3:size=320x240:rate=25", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", str(folder / "out.m3u8")],
                   check=True, capture_output=True, timeout=120)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_CorsHandler,
                                                                                 directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def online_point(code, region, url, **extra):
    now = timezone.now()
    return MonitoringPoint.objects.create(code=code, name=f"测试{code}", kind=PointKind.ROAD, region=region,
                                          stream_url=url, last_heartbeat_at=now, last_status=PointStatus.ONLINE,
                                          last_online_at=now, **extra)


def test_the_wall_plays_an_hls_clip_and_says_when_a_point_is_offline(open_page, district, video_platform):
    make_user("wall_cadre", Role.TOWN_CADRE, district["town"])
    village = district["village"]
    online_point("CAM-1", village, f"{video_platform}/out.m3u8")
    online_point("CAM-2", village, f"{video_platform}/missing.m3u8")
    MonitoringPoint.objects.create(code="CAM-3", name="测试CAM-3", kind=PointKind.RIVER, region=village,
                                   stream_url=f"{video_platform}/out.m3u8",
                                   last_heartbeat_at=timezone.now() - timezone.timedelta(minutes=42),
                                   last_status=PointStatus.ONLINE,
                                   last_online_at=timezone.now() - timezone.timedelta(minutes=42))

    page = open_page("wall_cadre", "pw-wall_cadre")
    page.goto(f"/dashboard/video/?region={village.code}&layout=4")
    playing = page.locator(".vw-tile[data-code='CAM-1']")
    video = playing.locator("video")
    # hls.js (or the browser's own HLS) plays the clip: the element's time moves on.
    page.wait_for_function(
        "el => el.currentTime > 0.3 && !el.paused", arg=video.element_handle(), timeout=20_000)
    first = video.evaluate("el => el.currentTime")
    page.wait_for_timeout(700)
    second = video.evaluate("el => el.currentTime")
    assert second != first, (first, second)  # advanced (or looped round the 3-second clip)
    assert playing.get_attribute("data-mode") == "playing"
    assert playing.locator(".vw-overlay").is_hidden()

    # The offline point: its tile says so, spins nothing and loads nothing.
    offline = page.locator(".vw-tile[data-code='CAM-3']")
    assert offline.get_attribute("data-mode") == "offline"
    overlay = offline.locator("[data-overlay-text]").inner_text()
    assert "42" in overlay and ("离线" in overlay or "Offline" in overlay)
    assert offline.locator(".vw-spinner").count() == 0
    assert offline.locator("video").evaluate("el => el.currentSrc") == ""

    # A stream the platform does not serve: the tile says it cannot be played instead of spinning.
    broken = page.locator(".vw-tile[data-code='CAM-2']")
    page.wait_for_function("el => el.getAttribute('data-mode') === 'failed'", arg=broken.element_handle(),
                           timeout=20_000)
    assert broken.locator("[data-overlay-text]").inner_text().strip()
    assert broken.locator(".vw-spinner").is_hidden()
