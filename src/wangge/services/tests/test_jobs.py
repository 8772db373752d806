"""Job matching: a seeker registered, trained and placed, and the figures that follow; bad input refused."""

import datetime

import pytest
from django.urls import reverse

from wangge.core import clock
from wangge.core.errors import Invalid
from wangge.services import actions, selectors
from wangge.services.models import JobSeeker, Placement

pytestmark = pytest.mark.django_db


def _seekers(world, district, n_landless=2):
    people = district["residents"][district["grid_a"].code] + district["residents"][district["grid_b"].code][:1]
    return [actions.do_save_seeker(world["vcadre"], None, resident=r, landless=i < n_landless, skills="缝纫",
                                   registered_on=clock.today() - datetime.timedelta(days=40))
            for i, r in enumerate(people)]


def test_a_placement_counts_in_the_figures(world, district):
    cadre = world["vcadre"]
    seekers = _seekers(world, district)
    training = actions.do_save_training(cadre, None, region=world["village"], title="缝纫工技能培训",
                                        date=clock.today() - datetime.timedelta(days=20), organiser="海门中等专业学校")
    assert actions.do_record_attendance(cadre, training, seekers[:3]) == 3
    assert actions.do_record_attendance(cadre, training, seekers[:1]) == 0  # already present
    posting = actions.do_save_posting(cadre, None, region=world["village"], title="缝纫工",
                                      employer_name="海门纺织有限公司", positions=5, wage_min=3800, wage_max=5200)
    placement = actions.do_place(cadre, seekers[0], placed_on=clock.today(), posting=posting, monthly_wage=4600)
    assert placement.employer_name == "海门纺织有限公司" and placement.job == "缝纫工"
    actions.do_place(cadre, seekers[2], placed_on=clock.today(), employer_name="叠石桥物流园", monthly_wage=4000)
    seekers[0].refresh_from_db()
    assert not seekers[0].active  # placed: no longer looking
    f = selectors.figures(cadre, world["village"].code, clock.today() - datetime.timedelta(days=29), clock.today(),
                          15)
    assert (f.seekers, f.landless, f.trained, f.placed, f.landless_placed) == (4, 2, 3, 2, 1)
    assert f.placement_rate == 50.0 and f.mean_wage == 4300
    grid_a = next(r for r in f.rows if r["code"] == district["grid_a"].code)
    assert (grid_a["seekers"], grid_a["trained"], grid_a["placed"], grid_a["rate"]) == (3, 3, 2, 66.7)
    from wangge.dashboard import registry

    placed = registry.evaluate(registry.get("services.placed"), district["town"].code, clock.today(), 12)
    assert placed == {world["village"].code: 2.0}


def test_bad_placements_are_refused_naming_the_field(world, district):
    seeker = _seekers(world, district)[0]
    cases = [({"placed_on": clock.today() + datetime.timedelta(days=1), "employer_name": "甲厂"}, "placed_on"),
             ({"placed_on": clock.today(), "employer_name": " "}, "employer_name"),
             ({"placed_on": clock.today() - datetime.timedelta(days=90), "employer_name": "甲厂"}, "placed_on")]
    for data, field in cases:
        with pytest.raises(Invalid) as exc:
            actions.do_place(world["vcadre"], seeker, **data)
        assert exc.value.field == field
    assert not Placement.objects.exists()
    with pytest.raises(Invalid) as exc:
        actions.do_save_posting(world["vcadre"], None, region=world["village"], title="保安", employer_name="甲",
                                wage_min=5000, wage_max=3000)
    assert exc.value.field == "wage_max"


def test_a_resident_is_registered_as_a_seeker_once(world, district):
    _seekers(world, district)
    with pytest.raises(Invalid) as exc:
        actions.do_save_seeker(world["vcadre"], None, resident=world["resident"])
    assert exc.value.field == "resident"
    assert JobSeeker.objects.filter(resident=world["resident"]).count() == 1


def test_the_seeker_and_training_pages_record_a_placement_and_attendance(world, district, client_for):
    client = client_for(world["vcadre"])
    resident = world["resident"]
    answer = client.post(reverse("services:seeker-add", args=[resident.pk]),
                         {"landless": "on", "skills": "驾驶", "registered_on": "2021-07-01", "active": "on"})
    assert answer.status_code == 302
    seeker = JobSeeker.objects.get(resident=resident)
    assert seeker.landless
    training = actions.do_save_training(world["vcadre"], None, region=world["village"], title="电工上岗培训",
                                        date=clock.today(), organiser="海门中等专业学校")
    client.post(reverse("services:attendance", args=[training.pk]), {"seekers": [seeker.pk]})
    assert training.attendance.filter(seeker=seeker).exists()
    assert resident.name in client.get(reverse("services:training", args=[training.pk])).content.decode()
    client.post(reverse("services:place", args=[seeker.pk]), {"placed_on": "2021-08-09", "employer_name": "江海电子厂",
                                                              "monthly_wage": "4200"})
    assert Placement.objects.get(seeker=seeker).monthly_wage == 4200
    page = client.get(reverse("services:figures"), {"region": world["village"].code}).content.decode()
    assert 'id="total-placed">1<' in page
    outsider = client_for(world["outsider"])
    assert outsider.get(reverse("services:seeker", args=[seeker.pk])).status_code in (403, 404)
