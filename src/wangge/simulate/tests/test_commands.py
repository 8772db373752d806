"""`generate_district` loads exactly what the generator yields; `--out` writes CSV without the database and the
CSV imports back; `demo --no-serve` creates one login per role and is idempotent."""

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from wangge.accounts.choices import PERSON_ROLES, Role
from wangge.accounts.models import User
from wangge.core.models import ChangeAction, ChangeEvent
from wangge.people.models import Household, Resident
from wangge.regions.models import GridStaff, Region
from wangge.simulate import district as gen
from wangge.simulate.demo import DEMO_LOGINS

GRIDS = 2  # 大石村's first two grids: about 1,800 residents


def generate(*args):
    out = io.StringIO()
    call_command("generate_district", "--grids", str(GRIDS), "--no-progress", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan():
    return gen.plan_district("haimen", "small").first_grids(GRIDS)


@pytest.fixture
def fresh_content_types():
    """`demo --reset` flushes the database, content types included: forget their cached ids afterwards."""
    yield
    ContentType.objects.clear_cache()


def test_generate_district_loads_exactly_the_generated_rows(db, plan):
    generate("--seed", "9")
    assert sorted(Region.objects.values_list("code", flat=True)) == sorted(r.code for r in plan.regions)
    assert Region.objects.get(name="大石村").industrial
    rows = list(gen.iter_residents(plan, seed=9))
    assert Resident.objects.count() == len(rows)
    assert Household.objects.count() == len({r.household for r in rows})
    first = Resident.objects.get(id_number=rows[0].id_number)
    assert (first.name, first.phone, first.region_code, first.grid.code, first.household.key) == (
        rows[0].name, rows[0].phone, rows[0].grid_code, rows[0].grid_code, rows[0].household)
    assert (first.birth_date, first.sex, first.id_last4) == (rows[0].birth_date, rows[0].sex, rows[0].id_number[-4:])


def test_every_grid_leader_and_worker_has_an_account_in_the_grid(db, plan):
    generate()
    for member in GridStaff.objects.exclude(role="volunteer").select_related("user", "grid"):
        assert member.user is not None and member.user.region == member.grid
        assert member.user.role == {"leader": Role.GRID_LEADER, "worker": Role.GRID_WORKER}[member.role]
        assert not member.user.has_usable_password()
    assert not GridStaff.objects.filter(role="volunteer", user__isnull=False).exists()
    assert User.objects.filter(role=Role.VILLAGE_CADRE, region__name="大石村").count() == 2
    assert User.objects.filter(role=Role.TOWN_CADRE, region__name="三星镇").count() == 3
    assert User.objects.filter(role=Role.DISTRICT_ADMIN, region__code="320614").exists()


def test_each_model_gets_one_bulk_change_event_under_the_acting_user(db, plan):
    User.objects.create_user("operator", role=Role.DISTRICT_ADMIN)
    generate("--as", "operator")
    events = ChangeEvent.objects.filter(action=ChangeAction.BULK)
    models = sorted(e.content_type.model for e in events)
    assert models == ["gridstaff", "household", "region", "resident", "user"]
    assert events.get(content_type__model="resident").count == plan.population
    assert {e.user_name for e in events} == {"operator"}


def test_a_second_run_refuses_to_duplicate_the_district(db):
    generate()
    with pytest.raises(CommandError, match="320614"):
        generate()
    assert Resident.objects.count() == gen.plan_district("haimen", "small").first_grids(GRIDS).population


def test_an_unknown_acting_user_is_refused(db):
    with pytest.raises(CommandError):
        generate("--as", "nobody")
    assert not Region.objects.exists()


def test_a_shared_password_can_be_given_to_the_generated_accounts(db, plan):
    generate("--password", "secret-123")
    username = f"g{plan.grids[0].code}w1"
    assert authenticate(username=username, password="secret-123") is not None


def test_out_writes_the_csv_without_touching_the_database(tmp_path):
    # No `db` fixture: any query would fail this test.
    generate("--out", str(tmp_path), "--district", "tongzhou")
    header = (tmp_path / "residents.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id_number,name,phone,grid_code,address,residence_type,household,no_smartphone"
    assert (tmp_path / "regions.csv").read_text(encoding="utf-8").startswith("code,name,level,parent_code\n320612,")


def test_the_csv_imports_back_into_the_same_registry(db, tmp_path, plan):
    generate("--out", str(tmp_path), "--seed", "4")
    call_command("import_regions", str(tmp_path / "regions.csv"), "--no-progress", stdout=io.StringIO())
    call_command("import_residents", str(tmp_path / "residents.csv"), "--no-progress", stdout=io.StringIO())
    assert Region.objects.count() == len(plan.regions)
    rows = {r.id_number: r for r in gen.iter_residents(plan, seed=4)}
    stored = Resident.objects.values_list("id_number", "name", "phone", "region_code", "residence_type",
                                          "household__key", "no_smartphone")
    assert {s[0]: s[1:] for s in stored} == {
        k: (r.name, r.phone, r.grid_code, r.residence_type, r.household, r.no_smartphone) for k, r in rows.items()}
    assert not (tmp_path / "residents.csv.rejected.csv").exists() or \
        len((tmp_path / "residents.csv.rejected.csv").read_text().splitlines()) <= 1


def demo(*args):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--grids", str(GRIDS), *args, verbosity=0, stdout=out)
    return out.getvalue()


def test_demo_creates_one_login_per_role_and_prints_them(db):
    output = demo()
    for role in PERSON_ROLES:
        user = User.objects.get(username=DEMO_LOGINS[role][0])
        assert user.role == role.value and user.username in output
        assert authenticate(username=user.username, password="wangge-demo") is not None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.can_reveal and admin.region.code == "320614"
    assert User.objects.get(username="town_cadre").region.name == "三星镇"
    assert User.objects.get(username="village_cadre").region.name == "大石村"
    worker = User.objects.get(username="grid_worker")
    assert worker.region.level == "grid" and worker.region.parent.name == "大石村"
    assert "wangge-demo" in output


def test_demo_twice_duplicates_nothing(db):
    demo()
    counts = [m.objects.count() for m in (Region, Resident, Household, GridStaff, User)]
    demo()
    assert [m.objects.count() for m in (Region, Resident, Household, GridStaff, User)] == counts


def test_demo_reset_wipes_and_regenerates(transactional_db, fresh_content_types):
    demo()
    Resident.objects.filter(pk=Resident.objects.order_by("pk").first().pk).delete()
    population = gen.plan_district("haimen", "small").first_grids(GRIDS).population
    demo("--reset")
    assert Resident.objects.count() == population
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_demo_serves_without_the_reloader_and_stops_the_worker_with_the_server(monkeypatch):
    from wangge.simulate.management.commands import demo as demo_command

    calls, workers = [], []

    class FakeWorker:
        pid = 4242

        def __init__(self, args):
            self.args, self.terminated = args, False
            workers.append(self)

        def terminate(self):
            self.terminated = True

        def wait(self, timeout):
            return 0

    def fake_call_command(name, *args, **options):
        calls.append((name, args, options))
        raise KeyboardInterrupt  # the user pressed Ctrl-C

    monkeypatch.setattr(demo_command, "call_command", fake_call_command)
    monkeypatch.setattr(demo_command.subprocess, "Popen", FakeWorker)
    monkeypatch.setattr(demo_command, "get_commands", lambda: {"worker": "wangge.followup", "demo": "x"})
    monkeypatch.setattr(demo_command.signal, "signal", lambda *args: None)
    with pytest.raises(KeyboardInterrupt):
        demo_command.Command(stdout=io.StringIO(), stderr=io.StringIO())._serve("127.0.0.1:8001")
    assert calls == [("runserver", ("127.0.0.1:8001",), {"use_reloader": False})]
    assert workers[0].args[-1] == "worker" and workers[0].terminated
