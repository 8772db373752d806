"""The volunteer's check-in on a 375-px phone, in Debian's chromium (fixtures of core/tests/test_browser.py): the post's
QR code opens the page, one tap checks in, the next scan checks out; another post's code is refused in words."""

from urllib.parse import urlencode

from wangge.core import clock
from wangge.core.tests.test_browser import PHONE, browser, no_horizontal_overflow, open_page  # noqa: F401
from wangge.core.tests.test_browser import pytestmark as browser_marks
from wangge.volunteers import actions
from wangge.volunteers.models import SignUp

from .helpers import at

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the marks below skip the test
    expect = None

pytestmark = browser_marks


def test_the_volunteer_checks_in_and_out_by_the_posts_qr_code_on_a_phone(roster, open_page):  # noqa: F811
    signup = actions.do_plan_shift(roster["leader"], roster["gate"], start=at(8), end=at(16),
                                   volunteers=[roster["vol"]]).signups[0]
    scanned = "/volunteers/checkin/?" + urlencode({"t": actions.post_token(roster["gate"])})
    with clock.frozen(at(7, 50)):
        page = open_page("vol", "pw-vol", PHONE)
        page.goto(scanned)  # what the phone's camera opens from the poster
        expect(page.locator(".checkin-post")).to_have_text("大石村卡口")
        button = page.locator("[data-checkin=in]")
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 48  # a thumb's target
        assert no_horizontal_overflow(page, PHONE["width"])
        button.click()
        expect(page.locator(".message.success")).to_contain_text("07:50")
        expect(page.locator("[data-checkin=out]")).to_be_visible()
    signup.refresh_from_db()
    assert signup.checked_in_at == at(7, 50)

    with clock.frozen(at(9)):
        page.goto("/volunteers/checkin/?" + urlencode({"t": actions.post_token(roster["exit"])}))
        refusal = page.locator(".checkin-refusal")
        expect(refusal).to_contain_text("海门东高速道口")
        expect(refusal).to_contain_text("大石村卡口")
        assert page.locator("[data-checkin]").count() == 0
        assert no_horizontal_overflow(page, PHONE["width"])

    with clock.frozen(at(16, 3)):
        page.goto(scanned)
        page.locator("[data-checkin=out]").click()
        expect(page.locator(".message.success")).to_contain_text("8.22")
    assert SignUp.objects.get(pk=signup.pk).hours is not None
