"""Coverage by age band on a generated district equals a count taken person by person."""

import datetime

from wangge.people.models import Resident
from wangge.regions.models import Region
from wangge.simulate.activity import seed_vaccination
from wangge.simulate.district import plan_district
from wangge.simulate.loader import load_district
from wangge.vaccination.choices import AGE_BANDS
from wangge.vaccination.coverage import coverage_by_age_band, coverage_by_child_region
from wangge.vaccination.models import VaccinationStatus

AS_OF = datetime.date(2021, 8, 6)


def test_coverage_by_age_band_on_a_generated_district_matches_a_person_by_person_count(db, admin_user):
    load_district(plan_district("haimen", "small").first_grids(2), seed=5)
    town = Region.objects.get(code="320614102")
    seed_vaccination(town, seed=5, as_of=AS_OF)
    admin_user.is_superuser = True
    admin_user.save()

    expected = {label: [0, 0, 0, 0] for label, _low, _high in AGE_BANDS}
    statuses = {s.resident_id: s for s in VaccinationStatus.objects.all()}
    for person in Resident.objects.filter(region_code__startswith=town.code):
        age = AS_OF.year - person.birth_date.year - ((AS_OF.month, AS_OF.day)
                                                      < (person.birth_date.month, person.birth_date.day))
        band = next((label for label, low, high in AGE_BANDS if age >= low and (high is None or age <= high)), None)
        if band is None:
            continue
        status = statuses.get(person.pk)
        expected[band][0] += 1
        expected[band][1] += bool(status and status.first_dose_date)
        expected[band][2] += bool(status and status.full_course_date)
        expected[band][3] += bool(status and status.booster_date)

    got = {b.label: [b.eligible, b.first, b.full, b.booster] for b in coverage_by_age_band(admin_user, town, AS_OF)}
    assert got == expected
    assert sum(v[0] for v in got.values()) > 1000  # two grids of ~915 people: the test really counted
    assert got["18-59"][1] > got["3-11"][1] == 0  # adults vaccinated, young children not yet (August 2021)
    _rows, total = coverage_by_child_region(admin_user, town, AS_OF)
    assert total.eligible == sum(v[0] for v in got.values())
