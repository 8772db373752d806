"""The liaison figures page in a real browser: each chart draws the figures of its table, on a desktop and a phone."""

import datetime

import pytest

from wangge.core import clock
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import DESKTOP, PHONE, sync_playwright
from wangge.core.tests.test_charts_browser import assert_charts_match_tables

browser, open_page = test_browser.browser, test_browser.open_page
pytestmark = [pytest.mark.skipif(sync_playwright is None, reason="browser tests need playwright"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visited(district, admin_user):
    from wangge.enterprises.models import Enterprise
    from wangge.liaison import actions

    today = clock.today()
    for i, grid in enumerate((district["grid_a"], district["grid_b"], district["grid_c"])):
        enterprise = Enterprise.objects.create(uscc=f"91320684MA1AAAA{i}0A", name=f"企业{i}", region=grid)
        actions.do_save_assignment(admin_user, None, cadre=admin_user, enterprise=enterprise,
                                   start_date=today - datetime.timedelta(days=3))
        if i:
            actions.do_record_visit(admin_user, enterprise=enterprise, problems=["p"] * i)
    return district


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_the_figures_charts_draw_their_tables(open_page, visited, viewport):
    page = open_page("admin", "pw-admin", viewport)
    page.goto(f"/liaison/figures/?region={visited['district'].code}")
    charts = {c["chart"]: c for c in assert_charts_match_tables(page, minimum=2)}
    assert set(charts) == {"#chart-visits", "#chart-problems"}
    linked, seen = (s["data"] for s in charts["#chart-visits"]["series"])
    assert linked == [2, 1] and seen == [1, 1]
    collected, solved = (s["data"] for s in charts["#chart-problems"]["series"])
    assert collected == [1, 2] and solved == [0, 0]
