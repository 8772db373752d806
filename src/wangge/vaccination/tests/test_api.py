

from wangge.vaccination.models import Dose

from .helpers import days_ago


def test_the_api_records_a_dose_and_names_the_field_of_a_backwards_dose(grid_a_people, worker, api_for,
                                                                        inactivated):
    api = api_for(worker)
    body = {"resident": grid_a_people[0].pk, "dose_number": 1, "date": days_ago(9).isoformat(),
            "product": inactivated.pk}
    assert api.post("/api/vaccination/doses/", body, format="json").status_code == 201
    again = api.post("/api/vaccination/doses/", body, format="json")
    assert again.status_code == 400 and "dose_number" in again.json()
    assert Dose.objects.count() == 1


def test_the_api_treats_a_resident_of_another_grid_as_unknown(grid_a_people, outsider, api_for, inactivated):
    body = {"resident": grid_a_people[0].pk, "dose_number": 1, "date": days_ago(9).isoformat(),
            "product": inactivated.pk}
    answer = api_for(outsider).post("/api/vaccination/doses/", body, format="json")
    assert answer.status_code == 400 and "resident" in answer.json()
    assert not Dose.objects.exists()


def test_coverage_api_is_scoped(district, worker, outsider, api_for):
    ok = api_for(worker).get(f"/api/vaccination/coverage/?region={district['grid_a'].code}")
    assert ok.status_code == 200 and ok.json()["total"]["eligible"] == 3
    assert api_for(outsider).get(f"/api/vaccination/coverage/?region={district['grid_a'].code}").status_code == 404
