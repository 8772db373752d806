"""Grid-A rows of the command centre for the generic outsider walk (core/tests/test_outsider.py): a monitoring point
watching grid A's sampling site, online, with coordinates (so it is on the map layer) and a name that would betray it
(see test_outsider.VIDEO_WALK)."""

from django.utils import timezone

GRID_A_POINT = "CAM-GRID-A-001"
GRID_A_POINT_NAME = "大石村第一网格监控点甲"


def populate(district):
    from wangge.dashboard.models import MonitoringPoint

    now = timezone.now()
    MonitoringPoint.objects.get_or_create(code=GRID_A_POINT, defaults={
        "name": GRID_A_POINT_NAME, "kind": "road", "region": district["grid_a"], "lat": 31.9, "lon": 121.2,
        "stream_url": "https://vms.example/live/grid-a-secret.m3u8", "last_heartbeat_at": now,
        "last_status": "online", "last_online_at": now})
