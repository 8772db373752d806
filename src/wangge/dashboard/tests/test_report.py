"""The district daily report (信息日报): scoped to the user's region, today's figures beside yesterday's from the stored
snapshots, the same figures on the page, the print layout and the xlsx, the hotline's report as its hotline section,
and bad days answered with the reason."""

import datetime
import io
import random
import re

import pytest
from django.urls import reverse

from wangge.accounts.choices import Role
from wangge.conftest import DISTRICT, GRID_A, OTHER_TOWN, OTHER_VILLAGE, TOWN, VILLAGE, make_resident, make_user
from wangge.core import clock
from wangge.core.models import AccessEvent, AccessKind
from wangge.dashboard import figures, registry
from wangge.dashboard.models import Snapshot
from wangge.dashboard.registry import Indicator, Section, count_by_region
from wangge.people.models import Resident

pytestmark = pytest.mark.django_db


def _residents(region_code, day, length):
    return count_by_region(Resident.objects.all(), "region_code", region_code, length)


def _elderly(region_code, day, length):
    born_by = day.replace(year=day.year - 60)
    return count_by_region(Resident.objects.filter(birth_date__lte=born_by), "region_code", region_code, length)


def _orders(region_code, day, length):
    from wangge.hotline.models import WorkOrder

    return count_by_region(WorkOrder.objects.filter(received_at__gte=clock.start_of(day),
                                                    received_at__lt=clock.start_of(day + datetime.timedelta(1))),
                           "region_code", region_code, length)


TEST_INDICATORS = (
    Indicator("reporttest.residents", "Report residents", unit="people", section=Section.GRID,
              perm="people.view_resident", values=_residents, headline=True, higher_is_better=True,
              definition="Everyone in the registry on the day."),
    Indicator("reporttest.elderly", "Report elderly", unit="people", section=Section.PREVENTION,
              perm="people.view_resident", values=_elderly, higher_is_better=False, headline=True,
              definition="Residents aged 60 or more."),
    Indicator("reporttest.elderly_share", "Report elderly share", section=Section.PREVENTION,
              numerator="reporttest.elderly", denominator="reporttest.residents",
              definition="Elderly residents per hundred residents."),
    Indicator("reporttest.orders", "Report work orders", unit="orders", section=Section.HOTLINE,
              perm="hotline.view_workorder", values=_orders, headline=True, definition="Orders received."),
)
KEYS = [i.key for i in TEST_INDICATORS]


@pytest.fixture(autouse=True)
def report_indicators():
    """Registers the test indicators beside whatever the apps declare, and takes them out again afterwards."""
    registry.register(*TEST_INDICATORS)
    yield TEST_INDICATORS
    for key in KEYS:
        registry._REGISTRY.pop(key, None)


@pytest.fixture
def stored_days(district):
    """Yesterday's figures stored, then one resident more in grid A (aged 70), then today's figures stored."""
    today = clock.today()
    figures.refresh(today - datetime.timedelta(days=1))
    make_resident(district["grid_a"], random.Random(11), birth_date=today.replace(year=today.year - 70))
    figures.refresh(today)
    return today


@pytest.fixture
def other_cadre(district):
    return make_user("ocadre", Role.TOWN_CADRE, district["other_town"])


def _lines(response) -> dict:
    """{indicator key: (today, yesterday, change)} as the page's section tables show them."""
    return {card.indicator.key: (card.value, card.previous, card.change)
            for section in response.context["sections"] for card in section["rows"]}


def _count(prefix, elderly=False, day=None):
    qs = Resident.objects.filter(region_code__startswith=prefix)
    if elderly:
        day = day or clock.today()
        qs = qs.filter(birth_date__lte=day.replace(year=day.year - 60))
    return qs.count()


def test_a_town_cadre_sees_their_town_and_a_row_per_village(client_for, cadre, stored_days):
    page = client_for(cadre).get(reverse("dashboard:report"))
    assert page.status_code == 200
    body = page.content.decode()
    assert page.context["region"].code == TOWN
    assert page.context["report"].title in body and "海门区三星镇" in page.context["report"].title
    assert stored_days.isoformat() in body
    assert "常乐" not in body  # nothing of the other town
    assert [row["region"].code for row in page.context["by_region"]] == [VILLAGE]
    assert f'data-code="{VILLAGE}"' in body
    # A town cadre reads no work orders: no hotline section, no hotline figure.
    assert 'id="section-hotline"' not in body and "reporttest.orders" not in _lines(page)


def test_another_town_or_the_district_is_a_404_for_a_town_cadre(client_for, cadre):
    client = client_for(cadre)
    for name in ("dashboard:report", "dashboard:report-print", "dashboard:report-xlsx"):
        assert client.get(reverse(name), {"region": OTHER_TOWN}).status_code == 404
        assert client.get(reverse(name), {"region": OTHER_VILLAGE}).status_code == 404
        assert client.get(reverse(name), {"region": DISTRICT}).status_code == 404


def test_a_grid_worker_has_no_daily_report(client_for, worker):
    client = client_for(worker)
    for name in ("dashboard:report", "dashboard:report-print", "dashboard:report-xlsx"):
        assert client.get(reverse(name)).status_code == 403


def test_today_and_yesterday_are_the_stored_snapshots(client_for, cadre, stored_days):
    page = client_for(cadre).get(reverse("dashboard:report"))
    lines = _lines(page)
    yesterday = stored_days - datetime.timedelta(days=1)
    stored = figures.values_for([registry.get(k) for k in KEYS[:3]], [TOWN], stored_days)
    stored_before = figures.values_for([registry.get(k) for k in KEYS[:3]], [TOWN], yesterday)
    for key in KEYS[:3]:
        assert lines[key][0] == stored[key][TOWN]
        assert lines[key][1] == stored_before[key][TOWN]
    assert lines["reporttest.residents"] == (_count(TOWN), _count(TOWN) - 1, 1)
    elderly = _count(TOWN, elderly=True)
    assert lines["reporttest.elderly"] == (elderly, elderly - 1, 1)
    # The snapshot, not the live rows: a resident added now changes nothing until the figures are refreshed.
    make_resident(Resident.objects.first().grid, random.Random(5))
    assert _lines(client_for(cadre).get(reverse("dashboard:report")))["reporttest.residents"][0] == _count(TOWN) - 1


def test_the_change_is_marked_and_coloured_by_whether_higher_is_better(client_for, cadre, stored_days):
    body = client_for(cadre).get(reverse("dashboard:report")).content.decode()

    def change_cell(key):
        row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', body, re.S).group(1)
        return re.search(r'<td class="num rp-change ([a-z]+)"[^>]*>([^<]*)</td>', row).groups()

    assert change_cell("reporttest.residents") == ("good", "↑1")  # more residents: higher is better
    assert change_cell("reporttest.elderly") == ("bad", "↑1")  # more elderly: higher is worse
    assert change_cell("reporttest.elderly_share")[0] == "flat"  # neutral
    assert "Residents aged 60 or more." in body and "people" in body  # definition and unit beside the figure


def test_sections_follow_the_registry_order_and_carry_their_definitions(client_for, admin_user, stored_days):
    page = client_for(admin_user).get(reverse("dashboard:report"))
    keys = [s["key"] for s in page.context["sections"]]
    assert keys == [s for s in Section.ORDER if s in keys]
    assert {Section.PREVENTION, Section.GRID, Section.HOTLINE} <= set(keys)


def test_a_snapshot_computed_after_its_day_says_so(client_for, cadre, stored_days):
    page = client_for(cadre).get(reverse("dashboard:report"))
    yesterday = stored_days - datetime.timedelta(days=1)
    notes = page.context["notes"]
    assert len(notes) == 1 and yesterday.isoformat() in notes[0]  # yesterday's was computed today
    assert notes[0] in page.content.decode()
    snapshot = Snapshot.objects.get(day=stored_days)
    assert page.context["computed_at"] is not None
    assert f'data-computed-at="{page.context["computed_at"].isoformat()}' in page.content.decode()
    # Computed on its own day: no note.
    Snapshot.objects.filter(day=yesterday).update(computed_at=clock.at(yesterday, 23, 50))
    assert client_for(cadre).get(reverse("dashboard:report")).context["notes"] == []
    # A day without stored figures before it: the report says yesterday's column is empty.
    earlier = yesterday - datetime.timedelta(days=3)
    old = client_for(cadre).get(reverse("dashboard:report"), {"day": earlier.isoformat()})
    assert old.status_code == 200
    assert all(line[1] is None for line in _lines(old).values())
    assert any((earlier - datetime.timedelta(days=1)).isoformat() in n for n in old.context["notes"])
    assert any(earlier.isoformat() in n for n in old.context["notes"])  # computed now, after that day
    assert snapshot.day == stored_days


def test_the_xlsx_holds_the_pages_figures(client_for, cadre, stored_days):
    from openpyxl import load_workbook

    client = client_for(cadre)
    page = client.get(reverse("dashboard:report"))
    response = client.get(reverse("dashboard:report-xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    first, by_region = book.worksheets[0], book.worksheets[1]
    rows = [[c.value for c in row] for row in first.iter_rows()]
    assert rows[0][0] == page.context["report"].title
    assert rows[1][1] == page.context["region"].full_name and rows[1][2] == TOWN
    assert rows[2][1].date() == stored_days
    labels = {str(registry.get(k).label): k for k in KEYS}
    sheet_lines = {labels[r[0]]: r for r in rows if r and r[0] in labels}
    page_lines = _lines(page)
    assert set(sheet_lines) == set(page_lines) & set(KEYS)
    for key, (today, yesterday, change) in page_lines.items():
        if key not in KEYS:
            continue
        line = sheet_lines[key]
        assert line[1:4] == [today, yesterday, change]
        assert line[4] == registry.get(key).display_unit and line[5] == str(registry.get(key).definition)
    # Sheet two: the same lines per child region, equal to the page's table by region.
    region_rows = {(r[0], labels[r[3]]): r for r in ([c.value for c in row] for row in by_region.iter_rows(min_row=3))
                   if r[3] in labels}
    for row in page.context["by_region"]:
        for card in (c for c in row["cards"] if c.indicator.key in KEYS):
            sheet = region_rows[(row["region"].code, card.indicator.key)]
            assert sheet[4:7] == [card.value, card.previous, card.change]
    assert region_rows[(VILLAGE, "reporttest.residents")][4] == _count(VILLAGE)


def test_the_xlsx_export_is_written_to_the_access_log(client_for, cadre, stored_days):
    before = AccessEvent.objects.filter(kind=AccessKind.EXPORT).count()
    client_for(cadre).get(reverse("dashboard:report-xlsx"), {"region": VILLAGE})
    event = AccessEvent.objects.filter(kind=AccessKind.EXPORT).latest("pk")
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT).count() == before + 1
    assert event.user_id == cadre.pk and f"region={VILLAGE}" in event.query
    assert "grid" in event.fields.split(",") and event.count >= 2 * len(KEYS[:3])  # village + its grids
    # The page itself is not an export.
    client_for(cadre).get(reverse("dashboard:report"))
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT).count() == before + 1


def test_the_print_layout_is_an_a4_page_without_the_menu(client_for, cadre, stored_days):
    from django.contrib.staticfiles import finders

    client = client_for(cadre)
    printed = client.get(reverse("dashboard:report-print"))
    page = client.get(reverse("dashboard:report"))
    assert printed.status_code == 200
    body = printed.content.decode()
    assert "site-nav" not in body and "topbar" not in body  # no menu
    assert "site-nav" in page.content.decode()  # (the page has one)
    assert "dashboard/report.css" in body and "data-print-layout" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", body)  # no inline script
    assert "onclick" not in body
    assert _lines(printed) == _lines(page)  # the same figures
    css = open(finders.find("dashboard/report.css"), encoding="utf-8").read()
    assert "@media print" in css and re.search(r"@page\s*{[^}]*A4", css)


def test_a_future_or_malformed_day_is_answered_with_the_reason(client_for, cadre, district):
    client = client_for(cadre)
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    for name in ("dashboard:report", "dashboard:report-print", "dashboard:report-xlsx"):
        future = client.get(reverse(name), {"day": tomorrow})
        assert future.status_code == 400, name
        assert future.context["error"] and future.context["error"] in future.content.decode()
        bad = client.get(reverse(name), {"day": "2021-13-45"})
        assert bad.status_code == 400 and bad.context["error"] != future.context["error"]
    assert not Snapshot.objects.filter(day__gt=clock.today()).exists()
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()


def test_the_hotline_section_is_the_hotlines_daily_report(client_for, admin_user, district):
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.hotline.models import WorkOrder
    from wangge.simulate.hotline import generate

    ensure_catalogue([district["town"], district["other_town"]])
    today = clock.today()
    generate(1, today, seed=3, per_day=30)
    client = client_for(admin_user)
    page = client.get(reverse("dashboard:report"))
    body = page.content.decode()
    assert 'id="section-hotline"' in body and "data-hotline-report" in body
    assert "hotline/report.js" in body and "hotline/hotline.css" in body
    hotline_page = client.get(reverse("hotline:report"))
    received = re.search(r'id="fig-received">(\d+)<', hotline_page.content.decode()).group(1)
    assert re.search(r'id="fig-received">(\d+)<', body).group(1) == received
    assert int(received) == WorkOrder.objects.filter(received_at__gte=clock.start_of(today)).count() > 0
    # At a town the section counts the town's orders only.
    town = client.get(reverse("dashboard:report"), {"region": OTHER_TOWN}).content.decode()
    in_town = WorkOrder.objects.filter(received_at__gte=clock.start_of(today), region_code__startswith=OTHER_TOWN)
    assert re.search(r'id="fig-received">(\d+)<', town).group(1) == str(in_town.count())
    # The hotline's own page links to this section of the district report.
    assert "#section-hotline" in hotline_page.content.decode()
    # The xlsx carries the hotline's sheets after the report's two.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("dashboard:report-xlsx")).content))
    assert len(book.sheetnames) == 2 + 6


def test_the_hotline_section_needs_the_hotline_centre_permission(client_for, district, monkeypatch):
    """A role with the command centre and the work-order figures but not the hotline centre sees no hotline
    section at all (granted through the role table, as roles.py does)."""
    from wangge.accounts import roles

    table = dict(roles.ROLE_PERMISSIONS)
    table[Role.TOWN_CADRE] = roles.ROLE_PERMISSIONS[Role.TOWN_CADRE] | {roles.COMMAND_CENTRE, "hotline.view_workorder"}
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", table)
    user = make_user("hcadre", Role.TOWN_CADRE, district["town"])
    assert user.has_perm(roles.COMMAND_CENTRE) and user.has_perm("hotline.view_workorder")
    assert not user.has_perm(roles.HOTLINE_CENTRE)
    page = client_for(user).get(reverse("dashboard:report"))
    assert page.status_code == 200
    assert "reporttest.orders" not in _lines(page) and "reporttest.residents" in _lines(page)
    assert 'id="section-hotline"' not in page.content.decode()


def test_the_report_of_a_grid_has_no_table_by_region(client_for, cadre, stored_days):
    page = client_for(cadre).get(reverse("dashboard:report"), {"region": GRID_A})
    assert page.status_code == 200 and page.context["by_region"] == []
    assert _lines(page)["reporttest.residents"][0] == _count(GRID_A)


# --- in a browser: the print layout's charts draw the table's figures, without animation ---------------------------

from wangge.core.tests.test_browser import CHROMIUM, browser, open_page, sync_playwright  # noqa: E402, F401


@pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason="needs playwright and chromium")
@pytest.mark.django_db(transaction=True)
def test_the_printed_reports_charts_draw_the_tables_figures_without_animation(open_page, district):  # noqa: F811
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.simulate.hotline import generate

    ensure_catalogue([district["town"], district["other_town"]])
    generate(1, clock.today(), seed=4, per_day=25)
    make_user("radmin", Role.DISTRICT_ADMIN, district["district"])
    page = open_page("radmin", "pw-radmin")
    page.goto(reverse("dashboard:report-print"))
    page.wait_for_function("window.echarts && echarts.getInstanceByDom(document.getElementById('chart-channels'))")
    chart = page.evaluate("""() => {
        const option = echarts.getInstanceByDom(document.getElementById('chart-channels')).getOption();
        return {animation: option.animation, data: option.series[0].data.map(d => [d.name, d.value])};
    }""")
    table = page.evaluate("""() => [...document.querySelectorAll('.hotline-report table.print-only tr')]
        .map(tr => [tr.cells[0].textContent.trim(), Number(tr.cells[1].textContent)])""")
    assert chart["animation"] is False
    assert chart["data"] == table and sum(v for _n, v in table) > 0
    assert page.locator("#site-nav").count() == 0
    page.emulate_media(media="print")
    assert page.locator(".rp-print-tools").is_hidden()
