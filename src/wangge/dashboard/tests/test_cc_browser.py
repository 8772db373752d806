"""The command centre in a real browser: the big screen fits the wall and refreshes in place, and every chart on
the level page and the big screen draws the figures of its table."""

import datetime
import random

import pytest
from django.utils import timezone

from wangge.accounts.choices import Role
from wangge.conftest import make_resident, make_user
from wangge.core import clock
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, sync_playwright
from wangge.core.tests.test_charts_browser import assert_charts_match_tables
from wangge.dashboard import figures, registry
from wangge.dashboard.registry import Indicator, Section, count_by_region
from wangge.people.models import Resident

browser, open_page = test_browser.browser, test_browser.open_page
pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="browser tests need the playwright package"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"browser tests need Debian's chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]
WALL = {"width": 1920, "height": 1080}


def _residents(region_code, day, length):
    return count_by_region(Resident.objects.all(), "region_code", region_code, length)


@pytest.fixture
def wall_indicators(monkeypatch):
    """One key figure the test can move (the live server runs in this process, so it sees the same registry)."""
    indicator = Indicator("test.residents", "Residents on the wall", unit="people", section=Section.GRID,
                          perm="people.view_resident", values=_residents, headline=True)
    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, indicator.key: indicator})


@pytest.fixture
def town_cadre(district):
    return make_user("towncadre", Role.TOWN_CADRE, district["town"])


def _store_two_days():
    today = clock.today()
    figures.refresh(today - datetime.timedelta(days=1))
    figures.refresh(today)


def test_big_screen_fits_the_wall_and_refreshes_without_reloading(open_page, town_cadre, district, wall_indicators):
    _store_two_days()
    page = open_page("towncadre", "pw-towncadre", WALL)
    page.goto("/dashboard/screen/")
    card = page.locator('.screen-card[data-key="test.residents"] [data-value]')
    town_count = Resident.objects.filter(region_code__startswith=district["town"].code).count()
    assert card.inner_text() == str(town_count)
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                         " window.innerWidth, window.innerHeight]")
    assert size[0] <= size[2] and size[1] <= size[3], f"the wall scrolls: {size}"
    # The wall shows the command centre's time (the server's zone), whatever the wall computer's zone is.
    shown = page.locator("[data-screen-clock]").inner_text()[:5]
    server = timezone.localtime(clock.now())
    assert shown in {server.strftime("%H:%M"), (server + datetime.timedelta(minutes=1)).strftime("%H:%M")}
    assert_charts_match_tables(page, minimum=1)

    page.evaluate("window.wgStillHere = true")
    rng = random.Random(5)
    for _ in range(4):
        make_resident(district["grid_a"], rng)
    figures.refresh(clock.today())
    page.evaluate("document.body.wgPoll()")
    page.wait_for_function("n => document.querySelector('.screen-card[data-key=\"test.residents\"] [data-value]')"
                           ".textContent === String(n)", arg=town_count + 4)
    assert page.evaluate("window.wgStillHere") is True  # new figures, same page: no reload
    assert_charts_match_tables(page, minimum=1)


def test_level_page_charts_draw_the_tables_figures(open_page, town_cadre, district, wall_indicators):
    _store_two_days()
    page = open_page("towncadre", "pw-towncadre")
    page.goto("/dashboard/")
    assert "三星镇" in page.locator("h1").inner_text()
    assert_charts_match_tables(page, minimum=1)
