"""The residents API: scoping, masking, the logged reveal, filters, and writes that validate and re-check scope."""

import datetime

import pytest

from wangge.core.ids import mask_id, mask_phone
from wangge.core.models import AccessEvent
from wangge.people.models import Resident
from wangge.simulate.synth import make_id

OFFICIAL_EXAMPLE = "11010519491231002X"


def grid_a(district):
    return district["residents"][district["grid_a"].code]


def new_resident_body(grid_code, **extra):
    body = {"id_number": make_id("320684", datetime.date(1988, 5, 17), 123), "name": "测试居民",
            "phone": "13812345678", "grid": grid_code, "address": "大石村8号"}
    body.update(extra)
    return body


def test_the_cadre_sees_six_residents_and_the_worker_three(api_for, cadre, worker):
    assert api_for(cadre).get("/api/residents/").json()["count"] == 6
    response = api_for(worker).get("/api/residents/")
    assert response.json()["count"] == 3
    assert {row["region_code"] for row in response.json()["results"]} == {"320684102001001"}


def test_id_numbers_and_phones_are_masked_by_default_even_for_those_who_may_reveal(api_for, admin_user, district):
    resident = grid_a(district)[0]
    row = api_for(admin_user).get(f"/api/residents/{resident.pk}/").json()
    assert row["id_number"] == mask_id(resident.id_number) and row["id_number"].count("*") == 8
    assert row["phone"] == mask_phone(resident.phone) and row["phone"][3:7] == "****"
    listing = api_for(admin_user).get("/api/residents/").content.decode()
    assert all(r.id_number not in listing and r.phone not in listing for rs in district["residents"].values()
               for r in rs)


def test_a_reveal_with_the_permission_answers_in_full_and_is_logged(api_for, admin_user, district):
    resident = grid_a(district)[0]
    response = api_for(admin_user).post(f"/api/residents/{resident.pk}/reveal/")
    assert response.status_code == 200
    assert response.json()["id_number"] == resident.id_number and response.json()["phone"] == resident.phone
    event = AccessEvent.objects.get()
    assert (event.user, event.kind, event.object_id, event.masked) == (admin_user, "reveal", str(resident.pk), False)


def test_a_reveal_without_the_permission_is_403_and_nothing_is_logged(api_for, worker, district):
    resident = grid_a(district)[0]
    response = api_for(worker).post(f"/api/residents/{resident.pk}/reveal/")
    assert response.status_code == 403
    assert resident.id_number not in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_a_reveal_outside_the_jurisdiction_is_404_even_with_the_permission(api_for, outsider, district):
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    resident = grid_a(district)[0]
    assert api_for(outsider).post(f"/api/residents/{resident.pk}/reveal/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_reveal_by_get_is_not_allowed(api_for, admin_user, district):
    assert api_for(admin_user).get(f"/api/residents/{grid_a(district)[0].pk}/reveal/").status_code == 405
    assert not AccessEvent.objects.exists()


def test_a_resident_outside_the_jurisdiction_is_404(api_for, outsider, district):
    response = api_for(outsider).get(f"/api/residents/{grid_a(district)[0].pk}/")
    assert response.status_code == 404


def test_the_region_prefix_filter_narrows_to_a_subtree(api_for, admin_user, district):
    api = api_for(admin_user)
    assert api.get("/api/residents/").json()["count"] == 9
    assert api.get("/api/residents/?region=320684102").json()["count"] == 6
    assert api.get("/api/residents/?region=320684102001002").json()["count"] == 3


def test_the_residence_type_filter(api_for, admin_user, district):
    resident = grid_a(district)[0]
    Resident.objects.filter(pk=resident.pk).update(residence_type="migrant")
    rows = api_for(admin_user).get("/api/residents/?residence_type=migrant").json()["results"]
    assert [row["id"] for row in rows] == [resident.pk]
    assert api_for(admin_user).get("/api/residents/?residence_type=bogus").status_code == 400


def test_q_finds_a_resident_by_the_last_four_id_digits(api_for, worker, district):
    resident = grid_a(district)[1]
    rows = api_for(worker).get(f"/api/residents/?q={resident.id_number[-4:]}").json()["results"]
    assert resident.pk in [row["id"] for row in rows]
    assert all(row["id_number"].endswith(resident.id_number[-4:]) for row in rows)


def test_q_does_not_reach_outside_the_jurisdiction(api_for, outsider, district):
    resident = grid_a(district)[1]
    assert api_for(outsider).get(f"/api/residents/?q={resident.name}").json()["count"] == 0


def test_the_list_costs_a_fixed_number_of_queries(api_for, admin_user, district, django_assert_max_num_queries):
    api = api_for(admin_user)
    with django_assert_max_num_queries(8):
        assert api.get("/api/residents/").json()["count"] == 9


def test_a_worker_creates_a_resident_in_the_own_grid(api_for, worker, district):
    body = new_resident_body("320684102001001")
    response = api_for(worker).post("/api/residents/", body, format="json")
    assert response.status_code == 201, response.content
    resident = Resident.objects.get(id_number=body["id_number"])
    assert resident.region_code == "320684102001001" and resident.birth_date == datetime.date(1988, 5, 17)
    assert resident.sex == "M" and resident.id_last4 == body["id_number"][-4:]
    assert response.json()["id_number"] == mask_id(body["id_number"])


def test_a_bad_check_digit_is_a_400_naming_id_number(api_for, worker, district):
    good = make_id("320684", datetime.date(1988, 5, 17), 123)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = api_for(worker).post("/api/residents/", new_resident_body("320684102001001", id_number=bad),
                                    format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["id_number"] and "校验位" in response.json()["id_number"][0]
    assert not Resident.objects.filter(id_number=bad).exists()


def test_a_bad_phone_is_a_400_naming_phone(api_for, worker, district):
    response = api_for(worker).post("/api/residents/", new_resident_body("320684102001001", phone="12345"),
                                    format="json")
    assert response.status_code == 400 and list(response.json()) == ["phone"]


def test_wrong_types_are_a_400_naming_each_field(api_for, worker, district):
    body = new_resident_body("320684102001001", birth_date="yesterday", no_smartphone="perhaps", name=["x"])
    response = api_for(worker).post("/api/residents/", body, format="json")
    assert response.status_code == 400
    assert {"birth_date", "no_smartphone", "name"} <= set(response.json())


def test_a_duplicate_id_number_is_a_400_naming_id_number(api_for, worker, district):
    existing = grid_a(district)[0]
    response = api_for(worker).post("/api/residents/", new_resident_body("320684102001001",
                                                                         id_number=existing.id_number), format="json")
    assert response.status_code == 400 and "id_number" in response.json()


def test_a_legacy_15_digit_number_and_a_lower_case_x_are_normalised(api_for, worker, district):
    body = new_resident_body("320684102001001", id_number=OFFICIAL_EXAMPLE.lower())
    assert api_for(worker).post("/api/residents/", body, format="json").status_code == 201
    assert Resident.objects.filter(id_number=OFFICIAL_EXAMPLE).exists()


def test_creating_in_a_grid_outside_the_jurisdiction_is_refused_and_nothing_is_stored(api_for, outsider, district):
    body = new_resident_body("320684102001001")
    response = api_for(outsider).post("/api/residents/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["grid"]
    assert not Resident.objects.filter(id_number=body["id_number"]).exists()


def test_an_update_that_moves_a_resident_out_of_the_jurisdiction_is_refused(api_for, worker, district):
    resident = grid_a(district)[0]
    response = api_for(worker).patch(f"/api/residents/{resident.pk}/", {"grid": "320684102001002"}, format="json")
    assert response.status_code == 400 and "grid" in response.json()
    resident.refresh_from_db()
    assert resident.region_code == "320684102001001"


def test_a_move_inside_the_jurisdiction_carries_the_region_code(api_for, cadre, district):
    resident = grid_a(district)[0]
    response = api_for(cadre).patch(f"/api/residents/{resident.pk}/", {"grid": "320684102001002"}, format="json")
    assert response.status_code == 200, response.content
    resident.refresh_from_db()
    assert (resident.grid, resident.region_code) == (district["grid_b"], "320684102001002")


def test_a_put_round_trip_keeps_the_masked_id_and_phone(api_for, worker, district):
    resident = grid_a(district)[0]
    api = api_for(worker)
    body = api.get(f"/api/residents/{resident.pk}/").json()
    body["address"] = "新地址9号"
    response = api.put(f"/api/residents/{resident.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    stored = Resident.objects.get(pk=resident.pk)
    assert (stored.address, stored.id_number, stored.phone) == ("新地址9号", resident.id_number, resident.phone)


def test_an_update_outside_the_jurisdiction_is_404_and_changes_nothing(api_for, outsider, district):
    resident = grid_a(district)[0]
    response = api_for(outsider).patch(f"/api/residents/{resident.pk}/", {"address": "x"}, format="json")
    assert response.status_code == 404
    resident.refresh_from_db()
    assert resident.address != "x"


def test_residents_cannot_be_deleted_through_the_api(api_for, admin_user, district):
    resident = grid_a(district)[0]
    assert api_for(admin_user).delete(f"/api/residents/{resident.pk}/").status_code == 405
    assert Resident.objects.filter(pk=resident.pk).exists()


@pytest.mark.parametrize("user_fixture", ["worker", "outsider"])
def test_households_are_scoped(api_for, request, user_fixture, district):
    from wangge.people.models import Household

    Household.objects.create(key="H-A-1", grid=district["grid_a"], region_code=district["grid_a"].code)
    keys = [row["key"] for row in api_for(request.getfixturevalue(user_fixture)).get("/api/households/")
            .json()["results"]]
    assert keys == (["H-A-1"] if user_fixture == "worker" else [])


def test_the_browsable_api_masks_too(client, admin_user, district):
    resident = grid_a(district)[0]
    client.force_login(admin_user)
    for url in ("/api/residents/", f"/api/residents/{resident.pk}/"):
        html = client.get(url, HTTP_ACCEPT="text/html").content.decode()
        assert mask_id(resident.id_number) in html
        assert resident.id_number not in html and resident.phone not in html


def test_moving_a_resident_to_another_grid_moves_their_scope(district, worker, outsider):
    resident = district["residents"][district["grid_a"].code][0]
    resident.grid = district["grid_b"]
    resident.save()
    assert Resident.objects.restrict(outsider).filter(pk=resident.pk).exists()
    assert not Resident.objects.restrict(worker).filter(pk=resident.pk).exists()
