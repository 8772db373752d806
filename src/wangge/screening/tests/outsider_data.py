"""Grid-A screening data for the generic outsider walk (core/tests/test_outsider.py): a run with a flag on a
grid-A resident, one routed to grid A's village and a designation."""

import datetime

from wangge.screening.models import Flag, RiskArea, ScreeningRun

CST = datetime.timezone(datetime.timedelta(hours=8))


def populate(district):
    resident = district["residents"][district["grid_a"].code][0]
    at = datetime.datetime(2021, 8, 1, tzinfo=CST)
    RiskArea.objects.get_or_create(area_code="320115005", level="high", effective_from=at,
                                   defaults={"area_name": "南京市江宁区禄口街道"})
    run = ScreeningRun.objects.create(as_of=at, file_name="push.csv", lookback_days=14, retro_days=14,
                                      records_read=2, flags_high=2, matched=1, routed=1)
    Flag.objects.create(run=run, person_key=resident.id_number, id_number=resident.id_number, phone=resident.phone,
                        name=resident.name, category="high", area_code="320115005", place_code="320115005001",
                        arrived_at=at, left_at=at, resident=resident, matched_by="id_number",
                        grid=district["grid_a"], region_code=district["grid_a"].code)
    Flag.objects.create(run=run, person_key=resident.phone, phone=resident.phone, name=resident.name,
                        category="high", area_code="320115005", place_code="320115005001", arrived_at=at,
                        left_at=at, destination_code=district["village"].code + "999",
                        routed_to=district["village"], region_code=district["village"].code)
