"""Grid-A rows of joint punishment for the generic outsider walk (core/tests/test_outsider.py): a case of a grid-A
resident under punishment, with its steps and a department's measure."""

import datetime

from wangge.core import clock


def populate(district):
    from wangge.enforcement.models import CaseStep, Measure, ViolationCase
    from wangge.hotline.models import Department

    resident = district["residents"][district["grid_a"].code][0]
    department = Department.objects.filter(code="WALK-ZJJ").first() or \
        Department.objects.create(code="WALK-ZJJ", name="区住建局（巡查）")
    today = clock.today()
    case = ViolationCase.objects.create(
        number="WJ-WALK-0001", place="网格甲楼顶违建", region=district["grid_a"], resident=resident,
        party_name=resident.name, party_id_number=resident.id_number, party_phone=resident.phone,
        found_on=today - datetime.timedelta(days=40), phase="punished", phase_since=today,
        approved_on=today, description=resident.name)
    CaseStep.objects.create(case=case, kind="found", on=case.found_on, recorded_at=clock.now(),
                            actor_name=resident.name, note=resident.name, phase_after="found")
    Measure.objects.create(case=case, department=department, measure=resident.name, due_on=today)
