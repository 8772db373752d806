"""The grid worker's day on a 375-px phone in a real browser: a visit with a fever raises the alert at once, the
call button dials without the number ever being on the page, and the call is logged.

Uses the browser fixtures of core/tests/test_browser.py (skipped, with the reason, without Debian's chromium)."""

from wangge.core.models import AccessEvent
from wangge.core.tests.test_browser import PHONE, browser, no_horizontal_overflow, open_page  # noqa: F401
from wangge.core.tests.test_browser import pytestmark as browser_marks
from wangge.followup import actions
from wangge.followup.models import FollowUp, Task

pytestmark = browser_marks


def test_the_grid_worker_records_a_fever_on_the_phone_and_the_alert_is_raised(
        open_page, district, policy_a, today, make_flag, admin_user, worker):  # noqa: F811
    resident = district["residents"][district["grid_a"].code][0]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    followup = FollowUp.objects.get(resident=resident)
    actions.do_verify(worker, Task.objects.get(followup=followup, kind="verify"), outcome="reached")
    visit = Task.objects.get(followup=followup, kind="daily_visit")

    page = open_page("worker", "pw-worker", PHONE)
    page.goto("/followup/")
    assert resident.phone not in page.content()
    assert no_horizontal_overflow(page, PHONE["width"])
    form = page.locator(f"form[action$='/tasks/{visit.pk}/visit/']")
    form.locator("input[name=temperature]").fill("37.8")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "发热预警" in page.content()
    assert set(Task.objects.filter(followup=followup, kind="fever_alert").values_list("region_code", flat=True)) == {
        district["grid_a"].code, district["village"].code}
    assert no_horizontal_overflow(page, PHONE["width"])

    # The call: the page asks the server, which logs it and answers the number for the dialler only. The answer is
    # read here and kept from the page (a headless browser has no phone to dial).
    answers = []

    def keep_from_page(route):
        answers.append(route.fetch().json())
        route.fulfill(status=200, content_type="application/json", body="{}")

    page.route("**/call/", keep_from_page)
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.locator("form[data-call] button").first.click()
    page.wait_for_timeout(500)
    assert answers == [{"tel": resident.phone}]
    assert resident.phone not in page.content()
    event = AccessEvent.objects.get(kind="call")
    assert (event.user_id, event.object_id) == (worker.pk, str(followup.pk))


def test_the_village_cadre_drills_from_the_board_to_the_names_on_a_phone(
        open_page, district, policy_a, today, make_flag, admin_user, worker):  # noqa: F811
    from wangge.accounts.choices import Role
    from wangge.conftest import make_user

    resident = district["residents"][district["grid_a"].code][1]
    actions.do_open_from_flags(admin_user, [make_flag(resident, "medium")])
    make_user("village", Role.VILLAGE_CADRE, district["village"])

    page = open_page("village", "pw-village", PHONE)
    page.goto(f"/followup/board/?date={today.day.isoformat()}")
    assert no_horizontal_overflow(page, PHONE["width"])
    page.locator("a[href*='figure=pushed']").first.click()
    page.wait_for_url("**/followup/people/**")
    expect_name = FollowUp.objects.get(resident=resident).name
    assert expect_name in page.content()
    assert resident.id_number not in page.content()
    assert no_horizontal_overflow(page, PHONE["width"])
