"""Monitoring points (视频监控点) for the demo district, a sample clip standing in for the video platform, and the
platform's heartbeats.

- `write_demo_clips(folder)`: two 10-second test-pattern clips as HLS (ffmpeg from Debian, when installed) in
  `<WANGGE_VAR_DIR>/demo-video/`, served by `dashboard:video-demo`; nothing of it goes into git.
- `seed_monitoring_points(base_url, …)`: a handful of points per town (village entrances on the roads, the main
  river, a checkpoint, the sampling sites of the demo's testing round, the service centre), upserted by code, so
  running the demo again only re-points their stream URLs at the address it serves on.
- `beat(now)`: one round of heartbeats as the video platform would send them: most points online, a few silent for
  12 minutes or 3 hours, one never seen; `beat_forever()` repeats it beside the demo's server. Without a clip the
  demo sends none, every point stays offline and its tile says so.

Coordinates are drawn inside the point's region's stored boundary (the synthetic district has one for every
region); a region without one leaves them empty, so the point is left off the map rather than put in the wrong place.
"""

from __future__ import annotations

import datetime
import random
import shutil
import subprocess
from pathlib import Path

from django.db import transaction

from wangge.core import clock

CLIPS = {"a": "testsrc2", "b": "testsrc"}  # clip name → ffmpeg lavfi test source
CLIP_SECONDS = 10
# Points that the demo's platform reports as silent: position in the town's list → minutes since last online
# (None: never seen).
SILENT = {3: 12, 7: 185, 9: None}


def clip_playlist(folder: Path, name: str) -> Path:
    return Path(folder) / f"{name}.m3u8"


def write_demo_clips(folder, ffmpeg: str | None = None, seconds: int = CLIP_SECONDS) -> list[Path]:
    """The demo's HLS clips (kept when already there); [] when ffmpeg is missing or fails."""
    ffmpeg = ffmpeg or shutil.which("ffmpeg")
    folder = Path(folder)
    if not ffmpeg:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in CLIPS.items():
        playlist = clip_playlist(folder, name)
        if not playlist.exists():
            command = [ffmpeg, "-y", "-loglevel", "error", "-f", "lavfi",
                       "-i", f"{source}=duration={seconds}:size=640x360:rate=25",
                       "-c:v", "libx264", "-preset", "veryfast", "-crf", "30", "-pix_fmt", "yuv420p", "-g", "50",
                       "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
                       "-hls_segment_filename", str(folder / f"{name}_%03d.ts"), str(playlist)]
            try:
                subprocess.run(command, check=True, capture_output=True, timeout=120)
            except (OSError, subprocess.SubprocessError):
                playlist.unlink(missing_ok=True)
                continue
        written.append(playlist)
    return written


def _spot(geometry, rng: random.Random) -> tuple[float | None, float | None]:
    """A point inside `geometry` (lat, lon), or (None, None) without one."""
    if geometry is None:
        return None, None
    from shapely.geometry import Point

    minx, miny, maxx, maxy = geometry.bounds
    for _attempt in range(50):
        candidate = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if geometry.contains(candidate):
            return round(candidate.y, 6), round(candidate.x, 6)
    inside = geometry.representative_point()
    return round(inside.y, 6), round(inside.x, 6)


def region_geometry(region):
    """The region's stored outline as a shapely geometry (regions import or the synthetic district), or None."""
    boundary = getattr(region, "boundary", None)
    if not boundary:
        return None
    from shapely.geometry import shape

    try:
        geometry = shape(boundary)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return geometry if geometry.is_valid and not geometry.is_empty else None


def town_points(town, villages, sites) -> list[dict]:
    """The points of one town, in a fixed order (their codes and the SILENT plan follow it)."""
    from wangge.dashboard.choices import PointKind

    points = []
    for village in villages[:3]:
        points.append({"name": f"{village.name}村口道路", "kind": PointKind.ROAD, "region": village})
    points.append({"name": f"{town.name}主河道（禁捕巡查）", "kind": PointKind.RIVER, "region": villages[-1] if villages
                   else town})
    points.append({"name": f"{town.name}高速道口", "kind": PointKind.CHECKPOINT, "region": villages[0] if villages
                   else town})
    for site in sites[:3]:
        points.append({"name": f"{site.name}采样区", "kind": PointKind.SAMPLING_SITE, "region": site.region,
                       "sampling_site": site})
    points.append({"name": f"{town.name}便民服务中心", "kind": PointKind.OTHER, "region": town})
    points.append({"name": f"{town.name}集镇十字路口", "kind": PointKind.ROAD, "region": town})
    return points


@transaction.atomic
def seed_monitoring_points(base_url: str, *, clips: list[str] | None = None, seed: int = 2021, towns=None) -> list:
    """Upsert the demo's points for every town (or `towns`); stream URLs under `base_url` (e.g.
    `http://127.0.0.1:8000`), rotating over the clips. Returns the points."""
    from wangge.dashboard.models import MonitoringPoint
    from wangge.labtests.models import SamplingSite
    from wangge.regions.models import Region

    rng = random.Random(f"wangge-video-{seed}")
    clips = clips or list(CLIPS)
    towns = list(towns if towns is not None else Region.objects.filter(level="town").order_by("code"))
    base = base_url.rstrip("/")
    saved = []
    for town in towns:
        villages = list(Region.objects.filter(level="village", code__startswith=town.code).order_by("code"))
        sites = list(SamplingSite.objects.filter(region_code__startswith=town.code).select_related("region")
                     .order_by("-campaign__start_date", "pk"))
        for index, spec in enumerate(town_points(town, villages, sites)):
            code = f"CAM-{town.code}-{index + 1:03d}"
            clip = clips[index % len(clips)]
            lat, lon = _spot(region_geometry(spec["region"]), rng)
            point, _created = MonitoringPoint.objects.update_or_create(code=code, defaults={
                "name": spec["name"][:100], "kind": spec["kind"], "region": spec["region"],
                "sampling_site": spec.get("sampling_site"), "active": True, "lat": lat, "lon": lon,
                "stream_url": f"{base}/dashboard/video/demo/{clip}.m3u8"})
            saved.append(point)
    return saved


def _position(code: str) -> int:
    return int(code.rsplit("-", 1)[-1]) - 1


def beat(now: datetime.datetime | None = None, *, first: bool = False) -> int:
    """One round of the demo platform's heartbeats: the live points are online now; on the `first` round the silent
    points get their last heartbeat of long ago (later rounds leave them, so their offline minutes grow). Returns
    how many points were reported online."""
    from wangge.dashboard.choices import PointStatus
    from wangge.dashboard.models import MonitoringPoint

    now = now or clock.now()
    live = 0
    for point in MonitoringPoint.objects.filter(code__startswith="CAM-").only("pk", "code"):
        silent = SILENT.get(_position(point.code), "live")
        if silent == "live":
            MonitoringPoint.objects.filter(pk=point.pk).update(last_heartbeat_at=now, last_status=PointStatus.ONLINE,
                                                               last_online_at=now)
            live += 1
        elif silent is not None and first:
            seen = now - datetime.timedelta(minutes=silent)
            MonitoringPoint.objects.filter(pk=point.pk).update(last_heartbeat_at=seen,
                                                               last_status=PointStatus.ONLINE, last_online_at=seen)
    return live


def beat_forever(interval: float = 60.0, stop=None) -> None:
    """The demo's stand-in for the video platform: `beat()` every `interval` seconds until `stop` (an Event) is set.
    Runs on a daemon thread beside the demo's web server."""
    import threading

    from django.db import close_old_connections

    stop = stop or threading.Event()
    while not stop.wait(interval):
        close_old_connections()
        try:
            beat()
        except Exception:  # noqa: BLE001 — a failed round (a locked database) is retried at the next one
            continue
        finally:
            close_old_connections()
