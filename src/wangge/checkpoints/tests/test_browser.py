"""The check page in a real browser on a 375-px phone: scan (type the ID number and press Enter, as a card reader
does), the decision, the verdict filling the screen in its colour; a red code entering anyway handed to the grid;
and a check made offline, decided on the device, kept and sent when the network is back."""

import time

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, PHONE, TIMEOUT_MS, no_horizontal_overflow, sync_playwright

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine
    expect = None

browser, open_page = test_browser.browser, test_browser.open_page  # the fixtures of the browser tests
pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]

GREEN, RED, YELLOW = "rgb(30, 125, 79)", "rgb(183, 28, 28)", "rgb(224, 177, 0)"


def wait_for(condition):
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def scan(page, id_number):
    field = page.locator("#cp-id")
    field.fill(id_number)
    field.press("Enter")


def test_scan_decide_and_the_colour_verdict_on_a_phone(open_page, district):
    from wangge.checkpoints.models import Check, Checkpoint
    from wangge.followup.models import FollowUp
    from wangge.policies.actions import ensure_shipped_policies

    ensure_shipped_policies()  # today: the last shipped version (F) is in force
    Checkpoint.objects.create(code="HW-SX-01", name="三星高速道口", kind="highway", region=district["village"])
    make_user("guard", Role.VOLUNTEER, district["town"])
    green_person, red_person = district["residents"][district["grid_a"].code][:2]

    page = open_page("guard", "pw-guard", PHONE)
    page.goto("/checkpoints/check/")
    expect(page.locator("body")).to_have_attribute("data-offline-ready", "1")
    assert no_horizontal_overflow(page, PHONE["width"])
    expect(page.locator("#cp-mask")).to_be_hidden()  # a highway exit: no five checks

    # A green code without a star: scan, and the screen turns green.
    scan(page, green_person.id_number)
    verdict = page.locator("#cp-verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_have_attribute("data-decision", "pass")
    expect(verdict).to_have_attribute("data-source", "server")
    assert verdict.evaluate("el => getComputedStyle(el).backgroundColor") == GREEN
    box = verdict.bounding_box()
    assert box["width"] >= PHONE["width"] - 1 and box["height"] >= PHONE["height"] - 1  # the whole screen
    word_size = page.locator("#cp-verdict-word").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert word_size >= 44  # readable at arm's length
    expect(page.locator("#cp-verdict-reasons li").first).to_be_visible()
    assert no_horizontal_overflow(page, PHONE["width"])
    assert wait_for(lambda: Check.objects.filter(id_number=green_person.id_number, decision="pass").exists())

    # Next person: a red code, handed over, who enters anyway — the grid is told at once.
    page.click("#cp-next")
    expect(verdict).to_be_hidden()
    expect(page.locator("#cp-id")).to_be_focused()
    page.click(".cp-colour-red")
    scan(page, red_person.id_number)
    expect(verdict).to_have_attribute("data-decision", "isolate")
    assert verdict.evaluate("el => getComputedStyle(el).backgroundColor") == RED
    page.click("#cp-entered")
    expect(page.locator("#cp-verdict-followup")).to_be_visible()
    followup = FollowUp.objects.get(resident=red_person)
    assert followup.source == "checkpoint" and followup.region_code == red_person.region_code
    assert f"#{followup.pk}" in page.locator("#cp-verdict-followup").inner_text()

    # Offline: the device decides from the policy it keeps, the check waits on the device and is sent later.
    page.click("#cp-next")
    page.route("**/api/checkpoint-checks/sync/", lambda route: route.abort())
    page.click(".cp-colour-yellow")
    scan(page, district["residents"][district["grid_b"].code][0].id_number)
    expect(verdict).to_have_attribute("data-decision", "persuade_back")
    expect(verdict).to_have_attribute("data-source", "device")
    expect(page.locator("#cp-verdict-offline")).to_be_visible()
    assert verdict.evaluate("el => getComputedStyle(el).backgroundColor") == YELLOW
    expect(page.locator("#queued")).to_have_text("1")
    stored = Check.objects.count()
    page.unroute("**/api/checkpoint-checks/sync/")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # what the browser fires when the network is back
    expect(page.locator("#queued")).to_have_text("0")
    expect(verdict).to_have_attribute("data-source", "server")
    assert wait_for(lambda: Check.objects.count() == stored + 1)

    # A misread card is refused on the device, before anything is sent.
    page.click("#cp-next")
    bad = green_person.id_number[:17] + ("0" if green_person.id_number[17] != "0" else "1")
    scan(page, bad)
    expect(page.locator("#cp-id-error")).to_be_visible()
    expect(verdict).to_be_hidden()
    assert Check.objects.count() == stored + 1


def test_the_figures_page_charts_draw_the_figures_of_its_tables(open_page, district):
    from wangge.accounts.selectors import system_actor
    from wangge.checkpoints.actions import do_record_check
    from wangge.checkpoints.intake import parse_check
    from wangge.checkpoints.models import Checkpoint
    from wangge.core.tests.test_browser import DESKTOP
    from wangge.core.tests.test_charts_browser import assert_charts_match_tables, assert_charts_still
    from wangge.policies.actions import ensure_shipped_policies

    ensure_shipped_policies()
    checkpoints = [Checkpoint.objects.create(code=f"CP-{n}", name=f"卡口{n}", kind="road", region=district["village"])
                   for n in (1, 2)]
    actor = system_actor()
    for n, colour in enumerate(["green", "green", "yellow", "red", "green"]):
        do_record_check(actor, checkpoints[n % 2], data=parse_check(
            {"event_id": f"fig-{n}", "phone": f"1380013800{n}", "health_code": colour}))
    make_user("town_cadre", Role.TOWN_CADRE, district["town"])
    page = open_page("town_cadre", "pw-town_cadre", DESKTOP)
    page.goto("/checkpoints/figures/")
    charts = assert_charts_match_tables(page, minimum=2)
    assert sum(v for s in charts[0]["series"] for v in s["data"] if isinstance(v, int | float)) == 5
    assert_charts_still(page, minimum=2)
