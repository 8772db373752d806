"""Grid-A rows of every follow-up model for the generic outsider walk (core/tests/test_outsider.py)."""

import datetime

from wangge.core import clock


def populate(district):
    from wangge.followup.models import FollowUp, NatRecord, PlanPhase, Task, Visit

    resident = district["residents"][district["grid_a"].code][0]
    start = clock.today() - datetime.timedelta(days=2)
    followup = FollowUp.objects.create(
        person_key=resident.id_number, resident=resident, id_number=resident.id_number, phone=resident.phone,
        name=resident.name, category="medium", start_date=start, end_date=start + datetime.timedelta(days=13),
        opened_on=start, state="under_measure", region_code=resident.region_code, grid=resident.grid,
        measure="home_isolation", policy_code="A",
        plan={"phases": [{"kind": "home_isolation", "start": start.isoformat(),
                          "end": (start + datetime.timedelta(days=13)).isoformat()}],
              "end": (start + datetime.timedelta(days=13)).isoformat(), "nat": []})
    PlanPhase.objects.create(followup=followup, seq=0, kind="home_isolation", start_date=start,
                             end_date=start + datetime.timedelta(days=13))
    NatRecord.objects.create(followup=followup, date=start)
    task = Task.objects.create(followup=followup, kind="daily_visit", due_date=clock.today(),
                               due_at=clock.now() + datetime.timedelta(hours=6), region_code=resident.region_code)
    Visit.objects.create(followup=followup, task=task, temperature="36.5", note=resident.name,
                         visited_at=clock.now())
    # A task escalated to the village: the outsider (grid B, same village) must not see it either.
    Task.objects.create(followup=followup, kind="verify", due_date=start, due_at=clock.now(), level="village",
                        region_code=district["village"].code, note=resident.name)
