"""Accounts' actions: opening accounts inside one's jurisdiction, the reveal grant, the system actor."""

import pytest
from django.core.management import call_command

from wangge.accounts.actions import do_change_account, do_create_account, do_deactivate_account, do_set_reveal
from wangge.accounts.choices import Role
from wangge.accounts.models import User
from wangge.accounts.selectors import system_actor
from wangge.core.errors import Conflict, Invalid, NotFound, NotPermitted
from wangge.people.models import Resident


def test_an_account_opened_without_an_actor_is_refused(district):
    with pytest.raises(NotPermitted):
        do_create_account(None, username="x", role=Role.GRID_WORKER, region=district["grid_a"])
    assert not User.objects.filter(username="x").exists()


def test_the_admin_opens_a_grid_worker_account_that_cannot_log_in_without_a_password(admin_user, district):
    user = do_create_account(admin_user, username="zhang", role=Role.GRID_WORKER, region=district["grid_a"],
                             display_name=" 张三 ")
    assert user.display_name == "张三" and not user.has_usable_password()
    with pytest.raises(Invalid) as refused:
        do_create_account(admin_user, username="zhang", role=Role.GRID_WORKER, region=district["grid_a"])
    assert refused.value.field == "username"


def test_nobody_can_give_the_system_role_to_a_person(admin_user, district):
    with pytest.raises(Invalid) as refused:
        do_create_account(admin_user, username="sys2", role=Role.SYSTEM, region=district["district"])
    assert refused.value.field == "role"


def test_a_grid_worker_may_not_open_accounts_nor_change_a_colleague(worker, outsider, district):
    with pytest.raises(NotPermitted):
        do_create_account(worker, username="y", role=Role.VOLUNTEER, region=district["grid_a"])
    with pytest.raises(NotPermitted):
        do_change_account(worker, outsider, role=Role.GRID_LEADER, region=district["grid_b"])


def test_an_account_outside_the_actors_jurisdiction_is_not_found(admin_user, district):
    far = User.objects.create_user(username="far", role=Role.GRID_WORKER, region=district["grid_c"])
    town_admin = User.objects.create_user(username="ta", role=Role.DISTRICT_ADMIN, region=district["town"])
    with pytest.raises(NotFound):
        do_deactivate_account(town_admin, far)
    with pytest.raises(Invalid) as refused:
        do_create_account(town_admin, username="z", role=Role.GRID_WORKER, region=district["grid_c"])
    assert refused.value.field == "region"
    do_deactivate_account(admin_user, far)
    far.refresh_from_db()
    assert not far.is_active
    with pytest.raises(Conflict):
        do_deactivate_account(admin_user, far)


def test_the_reveal_is_granted_to_a_person_by_someone_who_holds_it(admin_user, cadre):
    assert not cadre.can_reveal
    do_set_reveal(admin_user, cadre, granted=True)
    assert User.objects.get(pk=cadre.pk).can_reveal
    town_admin = User.objects.create_user(username="ta", role=Role.DISTRICT_ADMIN, region=cadre.region)
    with pytest.raises(NotPermitted):
        do_set_reveal(town_admin, cadre, granted=False)
    call_command("grant_reveal", "cadre", "--withdraw", stdout=open("/dev/null", "w"))
    assert not User.objects.get(pk=cadre.pk).can_reveal


def test_the_system_actor_sees_every_resident_and_cannot_log_in(district, client):
    actor = system_actor()
    assert Resident.objects.restrict(actor).count() == 9
    assert actor.has_perm("people.change_resident") and not actor.can_reveal
    assert not actor.is_active and not actor.has_usable_password()
    assert system_actor().pk == actor.pk
    assert not client.login(username="system", password="")
