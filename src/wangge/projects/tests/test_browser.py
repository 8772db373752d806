"""The public 晒单 page on a 375-px phone, without login: the published list with progress, and an evaluation with
the code a grid worker handed out; the same code a second time is refused with the reason."""

import datetime

import pytest

from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, PHONE, TIMEOUT_MS, no_horizontal_overflow, sync_playwright

browser = test_browser.browser
pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="browser tests need the playwright package"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"browser tests need chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


def test_the_public_list_and_an_evaluation_with_a_code_on_a_phone(browser, live_server, district, cadre):
    from wangge.projects import actions
    from wangge.projects.models import Evaluation, Project

    project = Project.objects.create(region=district["village"], quarter="2021Q3", title="老旧小区加装电梯",
                                     category="老旧小区", status="in_progress", progress=60, published=True,
                                     published_on=datetime.date(2021, 7, 5))
    Project.objects.create(region=district["village"], quarter="2021Q3", title="草案不公开")
    code, = actions.do_issue_codes(cadre, project, count=1)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"/public/projects/{district['village'].code}/2021Q3/")
    assert "login" not in page.url
    body = page.inner_text("body")
    assert "老旧小区加装电梯" in body and "60%" in body and "草案不公开" not in body
    assert no_horizontal_overflow(page, PHONE["width"])
    card = page.locator(f"#project-{project.pk}")
    card.locator("summary").click()
    card.locator("input[name=code]").fill(code.code.lower())
    card.locator("label.choice").nth(0).click()
    card.locator("textarea[name=comment]").fill("电梯装得好")
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".thanks")
    assert Evaluation.objects.filter(project=project, rating="satisfied").count() == 1
    assert "100" in page.locator(f"#project-{project.pk} .satisfaction").inner_text()
    assert no_horizontal_overflow(page, PHONE["width"])
    card = page.locator(f"#project-{project.pk}")
    card.locator("summary").click()
    card.locator("input[name=code]").fill(code.code)
    card.locator("label.choice").nth(2).click()
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".error")
    assert code.code not in page.locator(".error").inner_text() and Evaluation.objects.count() == 1
    context.close()
