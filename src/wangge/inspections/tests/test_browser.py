"""The inspection form in a real browser on a 375-px phone: a cadre answers 五有 on the spot, one item fails with a
photo taken on the phone (set_input_files), a deadline and the person responsible; the inspection page then shows
the finding and the photo, and the findings list has it."""

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, PHONE, no_horizontal_overflow, sync_playwright

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine
    expect = None

browser, open_page = test_browser.browser, test_browser.open_page
pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_inspection_on_a_phone_with_a_photo(open_page, district):
    import datetime

    from wangge.core import clock
    from wangge.enterprises.models import Enterprise
    from wangge.inspections.actions import ensure_shipped_checklists
    from wangge.inspections.models import Checklist, Finding

    ensure_shipped_checklists()
    firm = Enterprise.objects.create(name="三星纺织有限公司", kind="industrial", region=district["village"])
    wuyou = Checklist.objects.get(code="wuyou", version=1)
    make_user("liaison", Role.TOWN_CADRE, district["town"])
    deadline = (clock.today() + datetime.timedelta(days=5)).isoformat()

    page = open_page("liaison", "pw-liaison", PHONE)
    page.goto(f"/inspections/new/?enterprise={firm.pk}&checklist={wuyou.pk}")
    assert no_horizontal_overflow(page, PHONE["width"])
    items = list(wuyou.items.all())
    for item in items:
        value = "fail" if item.position == 3 else "pass"
        page.locator(f"input[name=item_{item.pk}_answer][value={value}]").check()
    failed = items[2]
    page.fill(f"#note-{failed.pk}", "口罩储备不足一周")
    page.set_input_files(f"#photos-{failed.pk}", files=[{"name": "shelf.png", "mimeType": "image/png",
                                                         "buffer": PNG}])
    page.fill(f"#deadline-{failed.pk}", deadline)
    page.fill(f"#responsible-{failed.pk}", "张经理")
    page.click("#insp-submit")
    page.wait_for_url(lambda url: "/inspections/new/" not in url)
    expect(page.locator("#findings + .table-wrap")).to_contain_text("口罩储备不足一周")
    expect(page.locator("#findings + .table-wrap")).to_contain_text("张经理")
    expect(page.locator("img.insp-thumb")).to_have_count(1)
    assert page.evaluate("document.querySelector('img.insp-thumb').complete")
    assert no_horizontal_overflow(page, PHONE["width"])
    assert Finding.objects.get().responsible == "张经理"
    page.goto("/inspections/findings/")
    expect(page.locator("table")).to_contain_text("有防护物资储备")
