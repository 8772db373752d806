"""The product in a real browser: Debian's chromium driven by Playwright against pytest-django's live server.

Skipped (with the reason) when /usr/bin/chromium or the playwright package is missing; never downloads a browser.
Set WANGGE_CHROMIUM to use another chromium binary.
"""

import datetime
import os
import time
from pathlib import Path

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = Path(os.environ.get("WANGGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between page steps
    # are still synchronous, so Django's async-safety guard is lifted for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """`open_page(user, password, viewport)` → a page logged in through the login form."""
    contexts = []

    def login(username, password, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url,
                                      is_mobile=viewport["width"] < 800, has_touch=viewport["width"] < 800)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield login
    for context in contexts:
        context.close()


def no_horizontal_overflow(page, width):
    return page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_grid_worker_on_a_phone_sees_only_their_grid(open_page, district, worker):
    page = open_page("worker", "pw-worker", PHONE)
    assert no_horizontal_overflow(page, PHONE["width"])

    # The menu is folded behind the toggle on a phone.
    residents_link = page.locator("#site-nav a[href='/people/residents/']")
    expect(residents_link).to_be_hidden()
    page.click("[data-menu-toggle]")
    expect(page.locator("[data-menu-toggle]")).to_have_attribute("aria-expanded", "true")
    expect(residents_link).to_be_visible()
    residents_link.click()
    page.wait_for_url("**/people/residents/")

    own = district["residents"][district["grid_a"].code]
    others = district["residents"][district["grid_b"].code] + district["residents"][district["grid_c"].code]
    for resident in own:
        expect(page.locator(f"a[href='/people/residents/{resident.pk}/']")).to_be_visible()
    for resident in others:
        assert page.locator(f"a[href='/people/residents/{resident.pk}/']").count() == 0
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == len(own)
    # Masked on the way out.
    assert own[0].id_number not in page.content()
    assert no_horizontal_overflow(page, PHONE["width"])


def sampling_today(district, terminal: str, username: str):
    """A one-day campaign of today with one site and terminal, and a sampling-staff login `username`."""
    from wangge.labtests.models import Campaign, SamplingSite, Terminal

    today = datetime.date.today()
    campaign = Campaign.objects.create(name=f"全员核酸检测 {terminal}", region=district["district"],
                                       start_date=today, end_date=today)
    site = SamplingSite.objects.create(campaign=campaign, name="大石村采样点", region=district["village"])
    Terminal.objects.create(code=terminal, site=site)
    make_user(username, Role.SAMPLING_STAFF, district["town"])


def test_sampling_registration_keeps_scans_offline_and_syncs_later(open_page, district):
    from wangge.labtests.models import Sample, Tube

    sampling_today(district, "T-0001", "sampler")
    people = district["residents"][district["grid_a"].code][:2]

    page = open_page("sampler", "pw-sampler", PHONE)
    page.goto("/labtests/register/")
    page.route("**/api/labtests/sync/", lambda route: route.abort())
    scan = page.locator("#scan")
    for value in ["TB20210803001", people[0].id_number, people[1].id_number]:
        scan.fill(value)
        scan.press("Enter")

    queued = page.locator("#queued")
    expect(queued).to_have_text("3")
    expect(page.locator("#cur-tube")).to_have_text("TB20210803001")
    expect(page.locator("#status")).not_to_be_empty()  # the offline notice
    assert not Tube.objects.exists() and not Sample.objects.exists()
    assert no_horizontal_overflow(page, PHONE["width"])

    page.unroute("**/api/labtests/sync/")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # what the browser fires when the network is back
    expect(queued).to_have_text("0")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while Sample.objects.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(Sample.objects.values_list("id_number", flat=True)) == sorted(p.id_number for p in people)
    assert Tube.objects.get().barcode == "TB20210803001"


def test_admin_reveal_shows_the_full_id_and_is_logged(open_page, district, admin_user):
    from wangge.core.models import AccessEvent

    resident = district["residents"][district["grid_a"].code][0]
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto(f"/people/residents/{resident.pk}/")
    assert resident.id_number not in page.content()
    assert not AccessEvent.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())  # "this will be recorded in the access log"
    page.click(f"form[action='/people/residents/{resident.pk}/reveal/'] button[type=submit]")
    expect(page.locator(".revealed").first).to_have_text(resident.id_number)
    event = AccessEvent.objects.get()
    assert event.user_id == admin_user.pk
    assert event.object_id == str(resident.pk)


def test_the_registration_page_reopens_offline_and_refuses_a_bad_id_on_the_device(open_page, district):
    sampling_today(district, "T-0002", "sampler2")
    person = district["residents"][district["grid_a"].code][0]

    page = open_page("sampler2", "pw-sampler2", PHONE)
    page.goto("/labtests/register/")
    expect(page.locator("body")).to_have_attribute("data-offline-ready", "1")
    page.route("**/api/labtests/sync/", lambda route: route.abort())
    scan = page.locator("#scan")
    scan.fill("TB20210803009")
    scan.press("Enter")
    bad = person.id_number[:17] + ("0" if person.id_number[17] != "0" else "1")
    scan.fill(bad)
    scan.press("Enter")
    expect(page.locator("#log li.rejected").first).to_be_visible()
    scan.fill(person.id_number)
    scan.press("Enter")
    expect(page.locator("#queued")).to_have_text("2")  # the tube and the one accepted person

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#scan")).to_be_visible()
    expect(page.locator("#queued")).to_have_text("2")
    assert no_horizontal_overflow(page, PHONE["width"])
