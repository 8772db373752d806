"""The command-centre level pages, the big screen and the figures API: scoped to the user's region, drawn from the
day's stored figures, the same numbers on the cards, the tables and the API."""

import datetime

import pytest
from django.urls import reverse

from wangge.accounts.choices import Role
from wangge.conftest import GRID_A, GRID_B, OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, make_resident, make_user
from wangge.core import clock
from wangge.dashboard import figures, registry
from wangge.dashboard.registry import Indicator, Section, count_by_region
from wangge.people.models import Resident

pytestmark = pytest.mark.django_db


def _residents(region_code, day, length):
    return count_by_region(Resident.objects.all(), "region_code", region_code, length)


def _elderly(region_code, day, length):
    born_by = day.replace(year=day.year - 60)
    return count_by_region(Resident.objects.filter(birth_date__lte=born_by), "region_code", region_code, length)


TEST_INDICATORS = (
    Indicator("test.residents", "Test residents", unit="people", section=Section.GRID, perm="people.view_resident",
              values=_residents, headline=True, definition="Everyone in the registry."),
    Indicator("test.elderly", "Test elderly", unit="people", section=Section.GRID, perm="people.view_resident",
              values=_elderly),
    Indicator("test.elderly_share", "Test elderly share", section=Section.GRID, numerator="test.elderly",
              denominator="test.residents", headline=True),
    Indicator("test.calls", "Test calls", section=Section.HOTLINE, perm="hotline.view_workorder",
              values=_residents, headline=True),
)


@pytest.fixture(autouse=True)
def only_test_indicators(monkeypatch):
    """The pages show exactly these indicators, whatever the apps declare."""
    monkeypatch.setattr(registry, "_REGISTRY", {i.key: i for i in TEST_INDICATORS})


@pytest.fixture
def village_cadre(district):
    return make_user("vcadre", Role.VILLAGE_CADRE, district["village"])


def _count(prefix):
    return Resident.objects.filter(region_code__startswith=prefix).count()


def test_village_cadre_sees_their_village_and_its_grids(client_for, village_cadre):
    page = client_for(village_cadre).get(reverse("dashboard:level"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "大石村" in body and "大石村第一网格" in body and "大石村第二网格" in body
    # The key figures show their numbers (the town's count of residents in the card, formatted).
    assert f'data-key="test.residents" data-value="{_count(VILLAGE)}' in body
    assert f'<div class="cc-card-value">{_count(VILLAGE)}<span class="cc-unit">' in body
    assert "常乐" not in body  # the other town's names never appear
    section = next(s for s in page.context["sections"] if s["key"] == Section.GRID)
    col = [c.key for c in section["columns"]].index("test.residents")
    rows = {r["code"]: r["cells"][col]["value"] for r in section["rows"]}
    assert rows == {GRID_A: _count(GRID_A), GRID_B: _count(GRID_B)}
    assert section["total"][col]["value"] == _count(VILLAGE)
    # Grid rows lead to the grid's daily board (the grid level of the command centre).
    assert all(r["url"].startswith(reverse("followup:board")) for r in section["rows"])


def test_drilling_into_a_neighbouring_or_higher_region_is_a_404(client_for, village_cadre):
    client = client_for(village_cadre)
    assert client.get(reverse("dashboard:level"), {"region": OTHER_VILLAGE}).status_code == 404
    assert client.get(reverse("dashboard:level"), {"region": TOWN}).status_code == 404
    assert client.get("/api/dashboard/figures/", {"region": OTHER_VILLAGE}).status_code == 404


def test_town_cadre_drills_down_to_the_village(client_for, cadre):
    client = client_for(cadre)
    town = client.get(reverse("dashboard:level"))
    rows = next(s for s in town.context["sections"] if s["key"] == Section.GRID)["rows"]
    assert [r["code"] for r in rows] == [VILLAGE]
    village = client.get(rows[0]["url"])
    assert village.status_code == 200 and village.context["region"].code == VILLAGE


def test_ratio_is_worked_out_at_every_level_not_summed(client_for, admin_user, district):
    rng = __import__("random").Random(3)
    make_resident(district["grid_a"], rng, birth_date=datetime.date(1930, 1, 1))
    page = client_for(admin_user).get(reverse("dashboard:level"), {"region": VILLAGE})
    section = next(s for s in page.context["sections"] if s["key"] == Section.GRID)
    share_col = [c.key for c in section["columns"]].index("test.elderly_share")
    born_by = clock.today().replace(year=clock.today().year - 60)
    for row in section["rows"]:
        people = Resident.objects.filter(region_code=row["code"])
        expected = round(100 * people.filter(birth_date__lte=born_by).count() / people.count(), 1)
        assert row["cells"][share_col]["value"] == expected
    village = Resident.objects.filter(region_code__startswith=VILLAGE)
    assert section["total"][share_col]["value"] == round(
        100 * village.filter(birth_date__lte=born_by).count() / village.count(), 1)


def test_a_grid_worker_has_no_command_centre(client_for, worker):
    assert client_for(worker).get(reverse("dashboard:level")).status_code == 403
    assert client_for(worker).get(reverse("dashboard:screen")).status_code == 403


def test_indicators_a_role_may_not_see_are_not_shown(client_for, village_cadre):
    page = client_for(village_cadre).get(reverse("dashboard:level"))
    keys = {c.indicator.key for c in page.context["all_cards"]}
    assert "test.residents" in keys and "test.calls" not in keys  # a village cadre does not read work orders


def test_figures_api_answers_every_grid_and_names_bad_fields(api_for, cadre):
    api = api_for(cadre)
    answer = api.get("/api/dashboard/figures/", {"level": "grid"})
    assert answer.status_code == 200
    data = answer.json()
    assert [r["code"] for r in data["regions"]] == [GRID_A, GRID_B]
    assert data["values"]["test.residents"] == {GRID_A: _count(GRID_A), GRID_B: _count(GRID_B)}
    bad = api.get("/api/dashboard/figures/", {"level": "province"})
    assert bad.status_code == 400 and "level" in bad.json()
    future = api.get("/api/dashboard/figures/", {"day": (clock.today() + datetime.timedelta(days=2)).isoformat()})
    assert future.status_code == 400 and "day" in future.json()
    assert api.get("/api/dashboard/figures/", {"indicators": "nope.none"}).status_code == 400
    assert api.get("/api/dashboard/figures/", {"region": OTHER_TOWN}).status_code == 404


def test_figures_come_from_the_days_snapshot_until_refreshed(client_for, admin_user, district):
    client = client_for(admin_user)
    first = client.get(reverse("dashboard:level"), {"region": GRID_A})
    before = next(c for c in first.context["cards"] if c.indicator.key == "test.residents").value
    make_resident(district["grid_a"], __import__("random").Random(9))
    again = client.get(reverse("dashboard:level"), {"region": GRID_A})
    assert next(c for c in again.context["cards"] if c.indicator.key == "test.residents").value == before
    response = client.post(reverse("dashboard:refresh"), {"next": f"/dashboard/?region={GRID_A}"})
    assert response.status_code == 302 and response["Location"] == f"/dashboard/?region={GRID_A}"
    after = client.get(reverse("dashboard:level"), {"region": GRID_A})
    assert next(c for c in after.context["cards"] if c.indicator.key == "test.residents").value == before + 1
    # An outside `next` is not followed.
    assert client.post(reverse("dashboard:refresh"), {"next": "https://evil.example/"})["Location"] == "/dashboard/"


def test_yesterday_and_the_trend_read_the_stored_days(client_for, admin_user):
    today = clock.today()
    figures.refresh(today - datetime.timedelta(days=1))
    page = client_for(admin_user).get(reverse("dashboard:level"))
    card = next(c for c in page.context["cards"] if c.indicator.key == "test.residents")
    assert card.previous == card.value == Resident.objects.count()
    series = next(s for s in page.context["trends"]["series"] if s["key"] == "test.residents")
    assert series["values"][-2:] == [Resident.objects.count()] * 2
    assert series["values"][0] is None  # no figures stored for two weeks ago: a gap, not a zero


def test_big_screen_page_and_its_data(client_for, cadre):
    client = client_for(cadre)
    page = client.get(reverse("dashboard:screen"))
    assert page.status_code == 200 and b"site-nav" not in page.content  # full screen: no menu
    data = client.get("/api/dashboard/screen/").json()
    cards = {c["key"]: c for c in data["cards"]}
    assert cards["test.residents"]["value"] == _count(TOWN)
    assert data["region"]["code"] == TOWN and len(data["trends"]["days"]) == 14


def test_bad_day_on_a_page_is_a_message_not_an_error(client_for, cadre):
    page = client_for(cadre).get(reverse("dashboard:level"), {"day": "2021-13-45"})
    assert page.status_code == 200
    assert page.context["day"] == clock.today()
