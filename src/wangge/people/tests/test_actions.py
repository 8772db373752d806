"""People's actions: who may import, add and edit residents, and what a resident's record must agree with."""

import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.accounts.selectors import system_actor
from wangge.conftest import make_user
from wangge.core.errors import Invalid, NotFound, NotPermitted
from wangge.people.actions import do_create_resident, do_import_residents, do_update_resident
from wangge.people.models import Resident
from wangge.simulate.synth import make_id


def test_an_action_called_without_an_actor_refuses_and_writes_nothing(district):
    person = district["residents"][district["grid_a"].code][0]
    with pytest.raises(NotPermitted):
        do_update_resident(None, person, name="改名")
    with pytest.raises(NotPermitted):
        do_create_resident(None, id_number=make_id("320684", datetime.date(1990, 1, 1), 5), name="新人",
                           grid=district["grid_a"])
    person.refresh_from_db()
    assert person.name != "改名" and Resident.objects.count() == 9


def test_the_grid_worker_cannot_move_a_resident_into_a_grid_outside_their_jurisdiction(district, worker):
    person = district["residents"][district["grid_a"].code][0]
    with pytest.raises(Invalid) as refused:
        do_update_resident(worker, person, grid=district["grid_b"])
    assert refused.value.field == "grid"
    person.refresh_from_db()
    assert person.region_code == district["grid_a"].code


def test_the_outsider_cannot_edit_a_resident_of_grid_a(district, outsider):
    person = district["residents"][district["grid_a"].code][0]
    with pytest.raises(NotFound):
        do_update_resident(outsider, person, address="别处")


def test_the_cadre_moving_a_resident_moves_their_scope_and_the_birth_date_follows_the_id(district, cadre):
    person = district["residents"][district["grid_a"].code][0]
    moved = do_update_resident(cadre, person, grid=district["grid_b"], address="大石村二组5号")
    assert moved.region_code == district["grid_b"].code
    new_id = make_id("320684", datetime.date(1961, 3, 4), 11)
    changed = do_update_resident(cadre, moved, id_number=new_id)
    assert changed.birth_date == datetime.date(1961, 3, 4) and changed.sex == "M"


def test_a_birth_date_or_sex_that_contradicts_the_id_number_is_refused_with_the_field(district, cadre):
    person = district["residents"][district["grid_a"].code][0]
    for fields, field in (({"birth_date": datetime.date(2001, 1, 1)}, "birth_date"),
                          ({"sex": "F" if person.sex == "M" else "M"}, "sex"),
                          ({"name": "0"}, "name")):
        with pytest.raises(Invalid) as refused:
            do_update_resident(cadre, person, **fields)
        assert refused.value.field == field
    person.refresh_from_db()
    assert person.name != "0"


def test_a_second_resident_with_the_same_id_number_is_refused(district, cadre):
    person = district["residents"][district["grid_a"].code][0]
    with pytest.raises(Invalid) as refused:
        do_create_resident(cadre, id_number=person.id_number, name="重复", grid=district["grid_a"])
    assert refused.value.field == "id_number"


def test_a_volunteer_may_not_import_residents_but_the_system_actor_may(district, tmp_path):
    volunteer = make_user("vol", Role.VOLUNTEER, district["grid_a"])
    path = tmp_path / "residents.csv"
    id_number = make_id("320684", datetime.date(1985, 6, 1), 21)
    path.write_text(f"id_number,name,grid_code\n{id_number},新居民,{district['grid_a'].code}\n", encoding="utf-8")
    with pytest.raises(NotPermitted):
        do_import_residents(volunteer, path)
    assert not Resident.objects.filter(id_number=id_number).exists()
    result = do_import_residents(system_actor(), path)
    assert result.imported == 1 and Resident.objects.get(id_number=id_number).name == "新居民"
