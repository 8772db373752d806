"""The checkpoints' figures in the command centre's registry: one grouped query per level, counted where the
checkpoint stands, each person of a vehicle once, on the day of the check."""

import datetime

from wangge.core import clock
from wangge.dashboard import registry

KEYS = ("checkpoints.checks", "checkpoints.passed", "checkpoints.turned_back", "checkpoints.handed_over",
        "checkpoints.fever", "checkpoints.followups")


def test_the_checkpoint_figures_are_registered_for_the_cadres(cadre, worker):
    assert set(KEYS) <= {i.key for i in registry.all_indicators()}
    assert set(KEYS) <= {i.key for i in registry.visible_to(cadre)}
    assert not set(KEYS) & {i.key for i in registry.visible_to(worker)}


def test_the_figures_count_the_day_by_the_checkpoints_region(ready, post_check, gate_cp, district):
    def post(event_id, code="HW-SX-01", hours_ago=0, **fields):
        data = {"event_id": event_id, "phone": "13800138000", "health_code": "green",
                "checked_at": (clock.now() - datetime.timedelta(hours=hours_ago)).isoformat(), **fields}
        assert post_check(data, code=code).status_code == 201

    post("i-1")
    post("i-2", health_code="yellow")
    post("i-3", health_code="red", entered=True, phone="13900139000")
    post("i-4", code=gate_cp.code, temperature=37.5)
    post("i-5", vehicle_plate="苏F12345", passengers=[{"phone": "13700137000", "health_code": "yellow"}])
    post("i-6", hours_ago=24)  # yesterday's

    def figure(key, length):
        return registry.evaluate(registry.get(key), district["district"].code, clock.today(), length)

    village, grid_a = district["village"].code, district["grid_a"].code
    assert figure("checkpoints.checks", 12) == {village: 6.0}
    assert figure("checkpoints.checks", 15) == {village: 5.0, grid_a: 1.0}  # the village's exit counts for no grid
    assert figure("checkpoints.passed", 9) == {district["town"].code: 2.0}
    assert figure("checkpoints.turned_back", 12) == {village: 2.0}
    assert figure("checkpoints.handed_over", 12) == {village: 1.0}
    assert figure("checkpoints.fever", 15) == {grid_a: 1.0}
    assert figure("checkpoints.followups", 12) == {village: 1.0}
