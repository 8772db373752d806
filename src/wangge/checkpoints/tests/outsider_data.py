"""Grid-A rows of the checkpoints for the generic outsider walk (core/tests/test_outsider.py): a compound gate in
grid A and a check there of a grid-A resident, with a passenger."""

from wangge.core import clock


def populate(district):
    from wangge.checkpoints.models import Check, Checkpoint

    resident = district["residents"][district["grid_a"].code][0]
    gate = Checkpoint.objects.create(code="XQ-GRID-A", name="网格甲小区门", kind="compound", region=district["grid_a"])
    lead = Check.objects.create(
        checkpoint=gate, region_code=gate.region_code, event_id="walk-1", seq=0, checked_at=clock.now(),
        id_number=resident.id_number, phone=resident.phone, name=resident.name, resident=resident,
        health_code="yellow", decision="persuade_back", reasons=[resident.name], vehicle_plate="苏F12345",
        vehicle_decision="persuade_back",
        answer={"event_id": "walk-1", "name": resident.name, "id_number": resident.id_number})
    Check.objects.create(checkpoint=gate, region_code=gate.region_code, event_id="walk-1", seq=1, lead=lead,
                         checked_at=clock.now(), id_number=resident.id_number, name=resident.name,
                         health_code="green", decision="pass", vehicle_plate="苏F12345",
                         vehicle_decision="persuade_back")
