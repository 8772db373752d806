"""The command centre's own figures: monitoring points and those online, at every level."""

import datetime

import pytest

from wangge.conftest import GRID_A, TOWN, VILLAGE
from wangge.core import clock
from wangge.dashboard import figures, registry
from wangge.dashboard.tests.test_monitoring import point

pytestmark = pytest.mark.django_db


def test_points_and_points_online_per_region(district):
    now = clock.now()
    point("CAM-1", district["grid_a"], online_at=now - datetime.timedelta(minutes=1))
    point("CAM-2", district["grid_a"], online_at=now - datetime.timedelta(hours=2))  # offline: too long ago
    point("CAM-3", district["village"], online_at=now)
    point("CAM-4", district["grid_c"], online_at=now)
    point("CAM-5", district["grid_b"], active=False)  # not in use: not counted
    figures.refresh(clock.today())
    wanted = [registry.get(k) for k in ("dashboard.points", "dashboard.points_online",
                                        "dashboard.points_online_share")]
    table = figures.values_for(wanted, [TOWN, VILLAGE, GRID_A], clock.today())
    assert table["dashboard.points"] == {TOWN: 3, VILLAGE: 3, GRID_A: 2}
    assert table["dashboard.points_online"] == {TOWN: 2, VILLAGE: 2, GRID_A: 1}
    assert table["dashboard.points_online_share"] == {TOWN: 66.7, VILLAGE: 66.7, GRID_A: 50.0}
