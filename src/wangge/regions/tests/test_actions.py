"""Regions' actions: staffing a grid inside one's jurisdiction, importing the territory."""

import pytest

from wangge.core.errors import Invalid, NotFound, NotPermitted
from wangge.regions.actions import do_add_staff, do_import_regions, do_remove_staff
from wangge.regions.models import GridStaff, Region


def test_the_admin_adds_a_grid_worker_with_a_checked_phone(admin_user, district):
    member = do_add_staff(admin_user, district["grid_a"], name="王五", role="worker", phone="13912345678")
    assert member.grid == district["grid_a"] and member.phone == "13912345678"
    with pytest.raises(Invalid) as refused:
        do_add_staff(admin_user, district["grid_a"], name="赵六", role="worker", phone="12345")
    assert refused.value.field == "phone"
    with pytest.raises(Invalid) as refused:
        do_add_staff(admin_user, district["grid_a"], name="王五", role="worker")
    assert refused.value.field == "name"


def test_staff_belong_to_a_grid_inside_the_actors_jurisdiction(admin_user, district):
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    with pytest.raises(Invalid) as refused:
        do_add_staff(admin_user, district["village"], name="王五", role="worker")
    assert refused.value.field == "grid"
    town_admin = make_user("ta", Role.DISTRICT_ADMIN, district["town"])
    with pytest.raises(Invalid):
        do_add_staff(town_admin, district["grid_c"], name="王五", role="worker")
    far = GridStaff.objects.create(grid=district["grid_c"], name="远方", role="worker")
    with pytest.raises(NotFound):
        do_remove_staff(town_admin, far)
    assert GridStaff.objects.filter(pk=far.pk).exists()


def test_a_grid_worker_may_not_change_the_team(worker, district):
    with pytest.raises(NotPermitted):
        do_add_staff(worker, district["grid_a"], name="王五", role="worker")
    with pytest.raises(NotPermitted):
        do_add_staff(None, district["grid_a"], name="王五", role="worker")


def test_the_import_action_needs_a_role_that_may_add_regions(worker, admin_user, district, tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("code,name,level,parent_code\n320684102002,新村,village,320684102\n", encoding="utf-8")
    with pytest.raises(NotPermitted):
        do_import_regions(worker, path)
    assert do_import_regions(admin_user, path).imported == 1
    assert Region.objects.get(code="320684102002").parent == district["town"]
