from wangge.core.models import ChangeEvent
from wangge.people.models import Resident
from wangge.regions.models import Region


def test_a_grid_worker_sees_only_the_residents_of_the_grid(district, worker):
    seen = set(Resident.objects.restrict(worker).values_list("region_code", flat=True))
    assert seen == {district["grid_a"].code}


def test_a_town_cadre_sees_the_town_subtree(district, cadre):
    regions = set(Region.objects.restrict(cadre).values_list("code", flat=True))
    assert district["grid_a"].code in regions and district["grid_b"].code in regions
    assert district["grid_c"].code not in regions
    assert Resident.objects.restrict(cadre).count() == 6


def test_the_district_admin_sees_everything(district, admin_user):
    assert Resident.objects.restrict(admin_user).count() == 9


def test_anonymous_and_unassigned_users_see_nothing(district, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert Resident.objects.restrict(AnonymousUser()).count() == 0
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert Resident.objects.restrict(nobody).count() == 0


def test_a_change_is_logged_with_before_and_after_and_personal_data_masked(district, worker):
    from wangge.core.context import acting_as

    resident = district["residents"][district["grid_a"].code][0]
    old_phone = resident.phone
    with acting_as(worker):
        resident.address = "新地址1号"
        resident.save()
    event = ChangeEvent.objects.filter(object_id=str(resident.pk), action="update").get()
    assert event.user == worker
    assert event.after["address"] == "新地址1号"
    assert event.before["address"] != "新地址1号"
    assert event.after["phone"] == old_phone[:3] + "****" + old_phone[-4:]
    assert event.after["id_number"].count("*") == 8
