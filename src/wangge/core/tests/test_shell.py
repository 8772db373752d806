"""The shell around every page: where each role lands after login, and the grouped main menu (what it shows a role,
in which order, and that it works with a keyboard, on a 375-px phone and without JavaScript)."""

import re

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import navigation
from wangge.core.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    browser,
    no_horizontal_overflow,
    open_page,
    sync_playwright,
)

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine
    expect = None

PHONE_SE = {"width": 375, "height": 667}
WIDE = {"width": 1280, "height": 800}

BROWSER_MARKS = [
    pytest.mark.skipif(sync_playwright is None, reason="browser tests need the playwright package"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"browser tests need Debian's chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


def browser_test(test):
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


# role, level of its jurisdiction in the `district` fixture, the page it lands on, and that page's region
LANDINGS = [
    (Role.DISTRICT_ADMIN, "district", "dashboard:level"),
    (Role.TOWN_CADRE, "town", "dashboard:level"),
    (Role.VILLAGE_CADRE, "village", "dashboard:level"),
    (Role.GRID_LEADER, "village", "dashboard:level"),
    (Role.GRID_WORKER, "grid_a", "followup:my-tasks"),
    (Role.HOTLINE_OPERATOR, "district", "hotline:intake"),
    (Role.DEPARTMENT_HANDLER, "district", "hotline:inbox"),
    (Role.SAMPLING_STAFF, "town", "labtests:register"),
    (Role.VOLUNTEER, "grid_a", "volunteers:my"),  # "policies:list" until the volunteers app's pages are wired
    (Role.ENTERPRISE_LIAISON, "town", "policies:list"),
]


def nav_html(response) -> str:
    content = response.content.decode()
    start = content.index('<nav id="site-nav"')
    return content[start:content.index("</nav>", start)]


def nav_groups(html: str) -> list[str]:
    return re.findall(r'data-nav-group="([a-z]+)"', html)


def nav_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', html.split('<div class="user-box">')[0])


def declared_urls() -> dict[str, str]:
    """url → permission of every menu entry declared by the apps whose page exists."""
    urls = {}
    for _group, _label, url_name, perm, _app in navigation.declared_items():
        try:
            urls[reverse(url_name)] = perm
        except NoReverseMatch:
            continue
    return urls


def login_only_pages() -> set[str]:
    """Pages that ask only for a login although the menu offers them only to some roles (none any more: every
    page asks for the permission its menu entry names)."""
    return set()


# ------------------------------------------------------------------------------------------------------- landing


@pytest.mark.parametrize(("role", "place", "url_name"), LANDINGS, ids=[r[0].value for r in LANDINGS])
def test_each_role_lands_where_its_work_is(client, district, role, place, url_name):
    try:
        reverse(url_name)
    except NoReverseMatch:  # an app whose pages are still to come: its users read the policies in force
        url_name = "policies:list"
    user = make_user("someone", role, district[place])
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "the home page redirects"
    assert resolve(response.request["PATH_INFO"]).view_name == url_name
    if url_name == "dashboard:level":  # the command centre of their own jurisdiction
        assert response.context["region"] == district[place]


def test_a_grid_leader_on_a_grid_lands_on_the_command_centre_of_that_grid(client, district):
    client.force_login(make_user("leader", Role.GRID_LEADER, district["grid_a"]))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert resolve(response.request["PATH_INFO"]).view_name == "dashboard:level"
    assert response.context["region"] == district["grid_a"]


def test_logging_in_through_the_form_lands_on_the_role_page(client, district):
    make_user("operator", Role.HOTLINE_OPERATOR, district["district"])
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": "pw-operator"},
                           follow=True)
    assert response.status_code == 200
    assert resolve(response.request["PATH_INFO"]).view_name == "hotline:intake"


# ---------------------------------------------------------------------------------------------------------- menu


def test_a_grid_worker_menu_has_the_day_tasks_and_no_hotline_or_command_centre(client, worker):
    client.force_login(worker)
    html = nav_html(client.get(reverse("followup:my-tasks")))
    assert "我的今日任务" in html
    links = nav_links(html)
    assert reverse("followup:my-tasks") in links
    assert "hotline" not in nav_groups(html) and "command" not in nav_groups(html)
    assert not [url for url in links if url.startswith(("/hotline/", "/dashboard/"))]
    # the current page is marked, in its group
    assert re.search(r'<a href="/followup/" class="active" aria-current="page">', html)
    assert re.search(r'class="nav-group active" data-nav-group="grid"', html)


def test_a_hotline_operator_menu_has_the_hotline_and_no_epidemic_registry(client, district):
    operator = make_user("operator", Role.HOTLINE_OPERATOR, district["district"])
    client.force_login(operator)
    html = nav_html(client.get(reverse("hotline:intake")))
    groups = nav_groups(html)
    assert "hotline" in groups and "command" not in groups
    links = nav_links(html)
    assert reverse("hotline:intake") in links and reverse("hotline:kpis") in links
    registry = ("/people/", "/followup/", "/labtests/", "/vaccination/")
    assert not [url for url in links if url.startswith(registry) or url == reverse("screening:run-list")]
    # the public notices (policies in force, risk areas) are the only epidemic items
    assert reverse("policies:list") in links


def test_the_groups_come_in_the_fixed_order(client, admin_user):
    client.force_login(admin_user)
    html = nav_html(client.get(reverse("regions:tree")))
    groups = nav_groups(html)
    assert groups[:4] == ["epidemic", "grid", "hotline", "command"]  # then 企业 · 志愿者 · 治理 as their apps arrive
    order = [key for key, _label in navigation.GROUPS]
    assert groups == [key for key in order if key in groups]
    labels = re.findall(r'class="nav-group-label"[^>]*>([^<]+)<', html)
    assert labels == [str(dict(navigation.GROUPS)[key]) for key in groups]


def test_a_group_none_of_whose_pages_a_role_may_use_is_not_shown(district):
    liaison = make_user("liaison", Role.ENTERPRISE_LIAISON, district["town"])
    menu = navigation.menu_for(liaison)
    # The enterprise liaison works on enterprises (and reads their help requests' work orders); nothing of the
    # command centre, the duty roster or the governance registers is theirs, so those groups are not shown.
    assert [g["key"] for g in menu] == ["epidemic", "grid", "hotline", "enterprise"]
    assert all(item["url"] in (reverse("policies:list"), reverse("screening:riskarea-list"), reverse("regions:tree"))
               for g in menu if g["key"] in ("epidemic", "grid") for item in g["items"])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM], ids=lambda r: r.value)
def test_the_menu_shows_a_role_exactly_the_pages_it_may_open(client, district, role):
    place = {Role.DISTRICT_ADMIN: "district", Role.HOTLINE_OPERATOR: "district",
             Role.DEPARTMENT_HANDLER: "district"}.get(role, "village")
    user = make_user("someone", role, district[place])
    client.force_login(user)
    shown = {item["url"] for group in navigation.menu_for(user) for item in group["items"]}
    for url in declared_urls():
        status = client.get(url).status_code
        if url in shown:
            assert status == 200, f"{role}: the menu shows {url} but it answers {status}"
        elif url not in login_only_pages():
            assert status in (403, 404), f"{role}: {url} answers {status} but the menu hides it"


def test_an_entry_of_an_undeclared_group_goes_under_more_and_a_bad_entry_is_named(district, admin_user, monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    config = apps.get_app_config("regions")
    monkeypatch.setattr(config, "nav_items", [("lighthouses", "Lighthouses", "regions:tree", None)], raising=False)
    menu = navigation.menu_for(admin_user)
    assert menu[-1]["key"] == "other" and menu[-1]["items"][0]["label"] == "Lighthouses"
    monkeypatch.setattr(config, "nav_items", [("Lighthouses", "regions:tree", None)], raising=False)
    with pytest.raises(ImproperlyConfigured, match="wangge.regions"):
        navigation.menu_for(admin_user)


def test_nobody_logged_out_gets_a_menu(client, district):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200 and b'id="site-nav"' not in response.content


# ------------------------------------------------------------------------------------------------------- browser


@browser_test
def test_on_a_phone_the_menu_opens_and_a_group_expands_without_horizontal_scroll(open_page, district):  # noqa: F811
    make_user("worker", Role.GRID_WORKER, district["grid_a"])
    page = open_page("worker", "pw-worker", PHONE_SE)
    assert page.url.endswith(reverse("followup:my-tasks"))
    assert no_horizontal_overflow(page, PHONE_SE["width"])

    toggle = page.locator("[data-menu-toggle]")
    epidemic = page.locator("#site-nav [data-nav-group=epidemic] > .nav-group-toggle")
    policies = page.locator(f"#site-nav a[href='{reverse('policies:list')}']")
    expect(epidemic).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(epidemic).to_be_visible()
    # the current page's group is open, the others folded
    expect(page.locator("#site-nav a[href='/followup/']")).to_be_visible()
    expect(epidemic).to_have_attribute("aria-expanded", "false")
    expect(policies).to_be_hidden()
    epidemic.click()
    expect(epidemic).to_have_attribute("aria-expanded", "true")
    expect(policies).to_be_visible()
    box = policies.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_SE["width"]
    assert no_horizontal_overflow(page, PHONE_SE["width"])
    epidemic.click()
    expect(policies).to_be_hidden()
    epidemic.click()
    policies.click()
    page.wait_for_url(f"**{reverse('policies:list')}")
    assert no_horizontal_overflow(page, PHONE_SE["width"])


@browser_test
def test_on_a_wide_screen_a_dropdown_opens_with_the_keyboard(open_page, district):  # noqa: F811
    make_user("operator", Role.HOTLINE_OPERATOR, district["district"])
    page = open_page("operator", "pw-operator", WIDE)
    assert page.url.endswith(reverse("hotline:intake"))
    hotline = page.locator("#site-nav [data-nav-group=hotline] > .nav-group-toggle")
    kpis = page.locator(f"#site-nav a[href='{reverse('hotline:kpis')}']")
    first = page.locator("#site-nav [data-nav-group=hotline] .nav-list a").first
    expect(hotline).to_be_visible()
    expect(kpis).to_be_hidden()

    # Tab from the brand reaches the first group's button; Tab again the next group
    page.focus(".brand")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-nav-group]').dataset.navGroup") == "epidemic"
    for _step in range(10):
        if page.evaluate("document.activeElement.closest('[data-nav-group]')?.dataset.navGroup") == "hotline":
            break
        page.keyboard.press("Tab")
    expect(hotline).to_be_focused()
    page.keyboard.press("Enter")
    expect(hotline).to_have_attribute("aria-expanded", "true")
    expect(kpis).to_be_visible()
    # a dropdown: it floats over the page instead of pushing it down
    assert kpis.bounding_box()["y"] > hotline.bounding_box()["y"]
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(hotline).to_be_focused()
    expect(hotline).to_have_attribute("aria-expanded", "false")
    expect(kpis).to_be_hidden()

    # ArrowDown opens it too; opening another group closes this one; a click elsewhere closes all
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    page.locator("#site-nav [data-nav-group=epidemic] > .nav-group-toggle").click()
    expect(kpis).to_be_hidden()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(page.locator("#site-nav .nav-group.open")).to_have_count(0)
    # and a link in the dropdown leads to its page
    hotline.click()
    kpis.click()
    page.wait_for_url(f"**{reverse('hotline:kpis')}")
    assert no_horizontal_overflow(page, WIDE["width"])


@browser_test
def test_without_javascript_the_menu_is_a_plain_list(browser, live_server, district):  # noqa: F811
    make_user("operator", Role.HOTLINE_OPERATOR, district["district"])
    for viewport in (WIDE, PHONE_SE):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url,
                                      java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", "operator")
            page.fill("input[name=password]", "pw-operator")
            page.click("form button[type=submit]")
            page.wait_for_url(f"**{reverse('hotline:intake')}")
            assert page.locator("#site-nav .nav-group-toggle").count() == 0
            for url in (reverse("hotline:kpis"), reverse("policies:list")):
                expect(page.locator(f"#site-nav a[href='{url}']")).to_be_visible()
            assert no_horizontal_overflow(page, viewport["width"])
        finally:
            context.close()
