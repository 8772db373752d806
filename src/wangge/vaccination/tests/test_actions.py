import datetime

import pytest

from wangge.core.errors import NotFound
from wangge.vaccination import actions
from wangge.vaccination.choices import ExemptionReason
from wangge.vaccination.coverage import coverage_by_age_band, coverage_by_child_region, unvaccinated
from wangge.vaccination.models import Dose, VaccinationStatus, VaccineProduct

from .helpers import TODAY, born_aged, days_ago


def test_two_inactivated_doses_make_a_full_course_and_a_third_is_a_booster(grid_a_people, worker, inactivated):
    person = grid_a_people[0]
    s = actions.do_record_dose(worker, person, dose_number=1, date=days_ago(60), product=inactivated, site=None)
    assert (s.doses, s.first_dose_date, s.full_course_date) == (1, days_ago(60), None)
    actions.do_record_dose(worker, person, dose_number=2, date=days_ago(30), product=inactivated, site=None)
    s = actions.do_record_dose(worker, person, dose_number=3, date=days_ago(1), product=inactivated)
    assert (s.full_course_date, s.booster_date) == (days_ago(30), days_ago(1))


def test_one_adenovirus_dose_is_a_full_course(grid_a_people, worker):
    cansino = VaccineProduct.objects.get(code="cansino")
    s = actions.do_record_dose(worker, grid_a_people[0], dose_number=1, date=days_ago(3), product=cansino, site=None)
    assert s.full_course_date == days_ago(3)


@pytest.mark.parametrize("number, date, reason", [
    (1, days_ago(5), "already recorded"), (3, days_ago(5), "skips"), (2, days_ago(20), "before the previous"),
    (2, TODAY + datetime.timedelta(days=1), "future"),
])
def test_a_dose_that_goes_backwards_is_refused_and_nothing_changes(grid_a_people, worker, inactivated, number,
                                                                   date, reason, settings):
    settings.LANGUAGE_CODE = "en"
    person = grid_a_people[0]
    actions.do_record_dose(worker, person, dose_number=1, date=days_ago(10), product=inactivated, site=None)
    with pytest.raises(actions.DoseError, match=reason):
        actions.do_record_dose(worker, person, dose_number=number, date=date, product=inactivated, site=None)
    assert Dose.objects.filter(resident=person).count() == 1
    assert VaccinationStatus.objects.get(resident=person).doses == 1


def test_an_outsider_cannot_record_a_dose_for_someone_of_another_grid(grid_a_people, outsider, inactivated):
    with pytest.raises(NotFound):
        actions.do_record_dose(outsider, grid_a_people[0], dose_number=1, date=days_ago(1), product=inactivated)
    assert not Dose.objects.exists()


def test_coverage_by_age_band_matches_a_hand_count(district, admin_user, inactivated):
    people = district["residents"][district["grid_a"].code] + district["residents"][district["grid_b"].code]
    ages = [5, 15, 30, 45, 65, 85]
    for person, age in zip(people, ages, strict=True):
        person.birth_date = born_aged(age)
        person.save()
    # 15-year-old: first dose only; 30 and 65: full course; 85: full + booster.
    for person, doses in ((people[1], 1), (people[2], 2), (people[4], 2), (people[5], 3)):
        for n in range(1, doses + 1):
            actions.do_record_dose(admin_user, person, dose_number=n, date=days_ago(100 - 30 * n), product=inactivated,
                                site=None)
    bands = {b.label: b for b in coverage_by_age_band(admin_user, district["village"], TODAY)}
    assert (bands["3-11"].eligible, bands["3-11"].first) == (1, 0)
    assert (bands["12-17"].first, bands["12-17"].full) == (1, 0)
    assert (bands["18-59"].eligible, bands["18-59"].first, bands["18-59"].full) == (2, 1, 1)
    assert (bands["60-79"].full, bands["80+"].booster, bands["80+"].full_rate) == (1, 1, 100.0)
    rows, total = coverage_by_child_region(admin_user, district["village"], TODAY)
    assert [r.key for r in rows] == [district["grid_a"].code, district["grid_b"].code]
    assert (total.eligible, total.first, total.full, total.booster) == (6, 4, 3, 1)


def test_children_under_three_are_not_counted(district, admin_user):
    baby = district["residents"][district["grid_a"].code][0]
    baby.birth_date = days_ago(400)
    baby.save()
    _rows, total = coverage_by_child_region(admin_user, district["grid_a"], TODAY)
    assert total.eligible == 2


def test_the_unvaccinated_list_excludes_medically_exempt_people_but_keeps_those_who_declined(
        grid_a_people, district, worker, inactivated):
    first, second, third = grid_a_people
    actions.do_record_dose(worker, first, dose_number=1, date=days_ago(2), product=inactivated, site=None)
    actions.do_record_exemption(worker, second, reason=ExemptionReason.MEDICAL, note="过敏史")
    actions.do_record_exemption(worker, third, reason=ExemptionReason.DECLINED, note="担心副作用")
    listed = list(unvaccinated(worker, district["grid_a"], TODAY))
    assert listed == [third]
    assert listed[0].vaccination.get_exemption_display()
    everyone = set(unvaccinated(worker, district["grid_a"], TODAY, include_excluded=True))
    assert everyone == {second, third}


def test_a_first_dose_clears_a_declined_reason(grid_a_people, worker, inactivated):
    person = grid_a_people[0]
    actions.do_record_exemption(worker, person, reason=ExemptionReason.DECLINED, note="")
    s = actions.do_record_dose(worker, person, dose_number=1, date=days_ago(1), product=inactivated)
    assert s.exemption == ""
