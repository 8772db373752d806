"""The map in a real browser (Debian's chromium, as in core/tests/test_browser.py), on a test-only page that holds
only the map component: it draws the village's grids coloured by the chosen indicator with the same figures as
the figures API, names the unit in its legend, and a click on a grid opens that grid's daily board."""

import pytest
from django.test import Client

from wangge.accounts.choices import Role
from wangge.conftest import GRID_A, GRID_B, VILLAGE, make_user
from wangge.core.tests.test_browser import PHONE, browser, no_horizontal_overflow, open_page, pytestmark  # noqa: F401
from wangge.dashboard import registry
from wangge.dashboard.registry import Indicator, Section, count_by_region
from wangge.people.models import Resident
from wangge.regions.boundaries import store_boundaries
from wangge.regions.models import Region

pytestmark = [*pytestmark, pytest.mark.urls("wangge.dashboard.tests.map_test_urls")]


def _residents(region_code, day, length):
    return count_by_region(Resident.objects.all(), "region_code", region_code, length)


def _men(region_code, day, length):
    return count_by_region(Resident.objects.filter(sex="M"), "region_code", region_code, length)


MAP_INDICATORS = (
    Indicator("map.residents", "Map residents", unit="people", section=Section.GRID, perm="people.view_resident",
              values=_residents, higher_is_better=None, definition="Everyone in the registry."),
    Indicator("map.men", "Map men", unit="people", section=Section.GRID, perm="people.view_resident",
              values=_men, higher_is_better=False),
)


@pytest.fixture(autouse=True)
def only_map_indicators(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {i.key: i for i in MAP_INDICATORS})


def square(lon, lat, size=0.01):
    from shapely.geometry import box

    return box(lon, lat, lon + size, lat + size)


@pytest.fixture
def mapped_village(district):
    Resident.objects.filter(region_code=GRID_B).update(sex="M")
    Resident.objects.filter(region_code=GRID_A).update(sex="F")
    store_boundaries({GRID_A: square(121.17, 31.89), GRID_B: square(121.18, 31.89),
                      VILLAGE: square(121.17, 31.89, 0.02)})
    return make_user("vcadre", Role.VILLAGE_CADRE, district["village"])


def drawn_map(page):
    page.wait_for_selector(".wg-map[data-map-state=drawn]")
    return page.locator(".wg-map")


def test_the_map_draws_the_villages_grids_with_the_apis_figures_and_a_click_opens_the_grid(
        open_page, mapped_village):  # noqa: F811
    page = open_page("vcadre", "pw-vcadre")
    page.goto(f"/test-map/?region={VILLAGE}&level=grid")
    el = drawn_map(page)
    page.select_option("[data-indicator-select]", "map.residents")
    page.wait_for_function("document.querySelector('.wg-map').wgIndicator === 'map.residents'")
    values = el.evaluate("el => el.wgValues")
    api = Client()
    api.force_login(mapped_village)
    figures = api.get("/api/dashboard/figures/", {"region": VILLAGE, "level": "grid"}).json()
    assert values == {GRID_A: figures["values"]["map.residents"][GRID_A],
                      GRID_B: figures["values"]["map.residents"][GRID_B]} == {GRID_A: 3, GRID_B: 3}
    option = el.evaluate("el => { const o = el.wgChart.getOption(); return {"
                         "data: o.series[0].data.map(d => [d.name, d.value]), text: o.visualMap[0].text,"
                         "animation: o.animation}; }")
    assert sorted(option["data"]) == [[GRID_A, 3], [GRID_B, 3]]
    assert all("people" in t for t in option["text"])  # the unit in the legend
    # another indicator: the grids are coloured by it
    page.select_option("[data-indicator-select]", "map.men")
    page.wait_for_function("document.querySelector('.wg-map').wgIndicator === 'map.men'")
    assert el.evaluate("el => el.wgValues") == {GRID_A: 0, GRID_B: 3}
    # a click in grid A's square opens its daily board
    box = page.locator("[data-map-canvas]").bounding_box()
    x, y = el.evaluate("el => el.wgChart.convertToPixel({geoIndex: 0}, [121.175, 31.895])")
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(f"**/followup/board/?region={GRID_A}")


def test_a_region_without_an_outline_is_named_and_a_still_map_has_no_animation(
        open_page, mapped_village):  # noqa: F811
    Region.objects.filter(code=GRID_B).update(boundary=None, boundary_display=None, label_point=None)
    page = open_page("vcadre", "pw-vcadre", PHONE)
    page.goto(f"/test-map/?region={VILLAGE}&level=grid&static=1")
    el = drawn_map(page)
    assert el.evaluate("el => Object.keys(el.wgValues)") == [GRID_A]
    assert el.evaluate("el => el.wgChart.getOption().animation") is False
    missing = page.locator("[data-map-missing]")
    assert missing.is_visible() and "大石村第二网格" in missing.inner_text()
    assert no_horizontal_overflow(page, PHONE["width"])
