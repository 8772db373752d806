"""The region tree as the four personas: scoped drill-down, grouped counts, no N+1."""

import datetime

import pytest
from django.urls import reverse

from wangge.regions.models import GridStaff


@pytest.fixture
def staffed(district):
    GridStaff.objects.create(grid=district["grid_a"], name="甲格网格员", phone="13800001234", role="worker")
    GridStaff.objects.create(grid=district["grid_b"], name="乙格网格员", phone="13900005678", role="leader")
    return district


def test_the_home_page_takes_a_grid_worker_to_the_days_tasks(client_for, worker):
    response = client_for(worker).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("followup:my-tasks")


def test_anonymous_users_are_sent_to_login(client, district):
    response = client.get(reverse("regions:tree"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["admin_user", "cadre", "worker", "outsider"])
def test_the_tree_renders_for_every_persona(request, client_for, persona, staffed):
    response = client_for(request.getfixturevalue(persona)).get(reverse("regions:tree"))
    assert response.status_code == 200
    assert "居民" in response.content.decode()


def test_the_admin_tree_counts_every_town(client_for, admin_user, staffed):
    response = client_for(admin_user).get(reverse("regions:tree"))
    children = {c["region"].name: c["figures"] for c in response.context["children"]}
    assert set(children) == {"三星镇", "常乐镇"}
    assert children["三星镇"]["residents"] == 6 and children["三星镇"]["grids"] == 2
    assert children["三星镇"]["staff"] == 2 and children["常乐镇"]["residents"] == 3
    assert response.context["total"]["residents"] == 9


def test_the_cadre_starts_at_the_town_and_cannot_climb(client_for, cadre, staffed):
    client = client_for(cadre)
    response = client.get(reverse("regions:tree"))
    assert response.context["node"].code == "320684102"
    assert [c["region"].name for c in response.context["children"]] == ["大石村"]
    assert client.get(reverse("regions:detail", args=["320684"])).status_code == 404
    assert client.get(reverse("regions:detail", args=["320684103"])).status_code == 404


def test_the_village_rows_count_migrants_and_offline_elderly(client_for, admin_user, staffed):
    people = staffed["residents"][staffed["grid_a"].code]
    people[0].residence_type = "migrant"
    people[0].save()
    people[1].birth_date, people[1].no_smartphone = datetime.date(1940, 5, 1), True
    people[1].save()
    people[2].birth_date, people[2].no_smartphone = datetime.date(2000, 5, 1), True  # young: not counted
    people[2].save()
    response = client_for(admin_user).get(reverse("regions:detail", args=["320684102001"]))
    grids = {c["region"].code: c["figures"] for c in response.context["children"]}
    assert grids["320684102001001"]["migrants"] == 1
    assert grids["320684102001001"]["elderly_offline"] == 1
    assert grids["320684102001002"]["migrants"] == 0


def test_the_outsider_sees_only_grid_b(client_for, outsider, staffed):
    client = client_for(outsider)
    html = client.get(reverse("regions:tree")).content.decode()
    assert "乙格网格员" in html and "甲格网格员" not in html
    assert "139****5678" in html and "13900005678" not in html
    assert client.get(reverse("regions:detail", args=["320684102001001"])).status_code == 404
    assert client.get(reverse("regions:detail", args=["320684102001"])).status_code == 404


def test_the_grid_page_lists_its_staff_masked(client_for, worker, staffed):
    html = client_for(worker).get(reverse("regions:tree")).content.decode()
    assert "甲格网格员" in html and "138****1234" in html and "13800001234" not in html


def test_the_tree_query_count_does_not_grow_with_regions(client_for, admin_user, staffed,
                                                        django_assert_max_num_queries):
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("regions:tree"))
    with django_assert_max_num_queries(12):
        client.get(reverse("regions:detail", args=["320684102001"]))


def test_a_superuser_without_jurisdiction_starts_at_the_districts(client, staffed):
    from wangge.accounts.models import User

    boss = User.objects.create_superuser("boss", password="x")
    client.force_login(boss)
    response = client.get(reverse("regions:tree"))
    assert [c["region"].name for c in response.context["children"]] == ["海门区"]
    assert response.context["total"]["residents"] == 9


def test_the_elderly_link_filters_by_age_as_well(client_for, admin_user, staffed):
    person = staffed["residents"][staffed["grid_a"].code][0]
    person.birth_date, person.no_smartphone = datetime.date(1940, 5, 1), True
    person.save()
    html = client_for(admin_user).get(reverse("regions:tree")).content.decode()
    assert "no_smartphone=true&amp;born_before=" in html


def test_cached_figures_follow_every_change(client_for, admin_user, staffed, monkeypatch):
    import random

    from wangge.conftest import make_resident
    from wangge.regions import views

    monkeypatch.setattr(views, "CACHE_MIN_RESIDENTS", 0)
    client = client_for(admin_user)
    assert client.get(reverse("regions:tree")).context["total"]["residents"] == 9
    make_resident(staffed["grid_c"], random.Random(1))
    assert client.get(reverse("regions:tree")).context["total"]["residents"] == 10


def _queries_of(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_tree_costs_the_same_queries_with_ten_times_the_villages_grids_and_residents(
        client_for, admin_user, staffed):
    """Measured at two sizes of the tree: a query per child region would show as growth."""
    import random

    from wangge.conftest import make_region, make_resident
    from wangge.regions.choices import RegionLevel

    client = client_for(admin_user)
    urls = (reverse("regions:tree"), reverse("regions:detail", args=["320684102"]))
    small = [_queries_of(client, url) for url in urls]
    rng, town = random.Random(3), staffed["town"]
    for v in range(2, 12):
        village = make_region(f"{town.code}{v:03d}", f"新村{v}", RegionLevel.VILLAGE, town)
        for g in range(1, 4):
            grid = make_region(f"{village.code}{g:03d}", f"第{g}网格", RegionLevel.GRID, village)
            GridStaff.objects.create(grid=grid, name=f"网格员{v}-{g}", role="worker")
            for _ in range(2):
                make_resident(grid, rng)
    large = [_queries_of(client, url) for url in urls]
    assert large == small
    html = client.get(urls[1]).content.decode()
    assert "新村11" in html


def test_a_grid_page_names_the_grid_without_doubling_the_village(client_for, admin_user, staffed):
    html = client_for(admin_user).get(reverse("regions:detail", args=[staffed["grid_a"].code])).content.decode()
    assert "大石村大石村" not in html
    assert "海门区三星镇大石村第一网格" in html
    assert staffed["grid_a"].full_name == "海门区三星镇大石村第一网格"
