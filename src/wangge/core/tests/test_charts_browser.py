"""Every chart draws the figures of its page's table, and a screenshot shows the finished chart.

The convention (static/js/charts.js): a chart container carries `data-chart-table="ID"`; that table carries
`data-chart-layout` ("series-rows" or "category-rows") and `data-value` on each element showing a charted number;
`window.wgChart(el, option)` stores the ECharts instance as `el.wgChart` and draws without animation under
`?static=1`, when printing and under a test driver.

`assert_charts_match_tables(page)` is meant for every page with charts; other modules import it:

    from wangge.core.tests.test_charts_browser import assert_charts_match_tables, assert_charts_still
"""

import datetime
import math
import random
import re

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_resident, make_user
from wangge.core.tests import test_browser
from wangge.core.tests.test_browser import CHROMIUM, DESKTOP, PHONE, TIMEOUT_MS, sync_playwright

__all__ = ["assert_charts_match_tables", "assert_charts_still", "read_charts", "chart_problems"]

browser, open_page = test_browser.browser, test_browser.open_page  # the fixtures of the browser tests
pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]

# What the page holds: per chart container, the ECharts option's series (numbers or null), its category labels, and
# the referenced table's rows of data-value cells with their shown text.
READ_CHARTS = r"""() => {
  function num(v) {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.length ? num(v[v.length - 1]) : null;
    if (typeof v === "object") return num(v.value);
    if (typeof v === "number") return isFinite(v) ? v : null;
    var s = String(v).trim();
    if (s === "" || s === "-") return null;
    var n = Number(s);
    return isFinite(n) ? n : String(v);
  }
  function label(v) {
    if (v === null || v === undefined) return null;
    return String(typeof v === "object" && !Array.isArray(v) ? v.value : v);
  }
  return Array.from(document.querySelectorAll("[data-chart-table]")).map(function (el, i) {
    var out = {chart: el.id ? "#" + el.id : "chart " + (i + 1), table: el.getAttribute("data-chart-table"),
               only: el.getAttribute("data-chart-series")};
    var c = el.wgChart;
    out.instance = !!(c && typeof c.getOption === "function" && !c.isDisposed());
    if (out.instance) {
      var o = c.getOption();
      out.animation = o.animation === undefined ? null : o.animation;
      out.width = c.getWidth();
      out.height = c.getHeight();
      out.series = (o.series || []).map(function (s) {
        var data = s.data || [];
        return {name: s.name === undefined || s.name === null ? null : String(s.name), type: s.type,
                data: data.map(num),
                names: data.map(function (d) {
                  return d && typeof d === "object" && !Array.isArray(d) && d.name != null ? String(d.name) : null;
                })};
      });
      var axes = [].concat(o.xAxis || [], o.yAxis || [], o.angleAxis || [], o.radiusAxis || []);
      var axis = axes.filter(function (a) { return a && a.type === "category" && a.data; })[0];
      out.categories = axis ? axis.data.map(label) : null;
    }
    var t = out.table ? document.getElementById(out.table) : null;
    out.found = !!t;
    if (t) {
      out.layout = t.getAttribute("data-chart-layout");
      out.columnKeys = Array.from(t.querySelectorAll("thead [data-chart-key]")).map(function (th) {
        return th.getAttribute("data-chart-key");
      });
      out.rows = Array.from(t.querySelectorAll("tbody tr")).map(function (tr) {
        return {key: tr.getAttribute("data-chart-key"),
                cells: Array.from(tr.querySelectorAll("[data-value]")).map(function (cell) {
                  return {value: cell.getAttribute("data-value"), text: cell.textContent.trim()};
                })};
      }).filter(function (r) { return r.cells.length; });
    }
    return out;
  });
}"""

SHOWN_NUMBER = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")


def read_charts(page, timeout_ms: int = TIMEOUT_MS) -> list[dict]:
    """What READ_CHARTS finds, once every chart container has its instance (or after `timeout_ms`)."""
    try:
        page.wait_for_function("() => Array.from(document.querySelectorAll('[data-chart-table]'))"
                               ".every(el => el.wgChart)", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - a missing instance is reported below, chart by chart
        pass
    return page.evaluate(READ_CHARTS)


def _shown(text: str) -> tuple[float | None, float | None]:
    """(the number the cell shows, half a unit of its last shown decimal)."""
    match = SHOWN_NUMBER.search(text)
    if not match:
        return None, None
    decimals = len(match.group(1) or "")
    return float(match.group(0).replace(",", "")), 0.5 * 10 ** -decimals + 1e-9


def _raw(value: str) -> float | None:
    value = (value or "").strip()
    return None if value == "" else float(value)


def _own_tolerance(value: str) -> float:
    decimals = len(value.split(".")[1]) if "." in value else 0
    return 0.5 * 10 ** -decimals + 1e-9


def _categories(chart: dict, series: list[dict]) -> list[str] | None:
    """The category axis's labels; without one (pie, map) the first series' item names."""
    if chart.get("categories") is not None:
        return chart["categories"]
    if series and series[0]["names"] and all(n is not None for n in series[0]["names"]):
        return series[0]["names"]
    return None


def chart_problems(chart: dict, *, require_visible: bool = True) -> list[str]:
    """Why one chart (as read by READ_CHARTS) does not draw its table's figures; [] when it does."""
    name = f"{chart['chart']} → table #{chart['table']}"
    if not chart["table"]:
        return [f"{chart['chart']}: data-chart-table is empty (a chart must name the table of its figures)"]
    if not chart["found"]:
        return [f"{name}: no table with that id on the page"]
    if not chart["instance"]:
        return [f"{name}: no ECharts instance as el.wgChart (draw it with window.wgChart)"]
    if chart["layout"] not in ("series-rows", "category-rows"):
        return [f"{name}: data-chart-layout is {chart['layout']!r}, not 'series-rows' or 'category-rows'"]
    problems = []
    if require_visible and not (chart["width"] and chart["height"]):
        problems.append(f"{name}: drawn at {chart['width']}×{chart['height']} px")
    series, rows = chart["series"], chart["rows"]
    if chart.get("only"):
        try:
            indices = [int(i) for i in chart["only"].split(",")]
            series = [series[i] for i in indices]
        except (ValueError, IndexError):
            return problems + [f"{name}: data-chart-series={chart['only']!r} does not name series of the chart "
                               f"(it has {len(series)})"]
    points = sum(len(s["data"]) for s in series)
    cells = sum(len(r["cells"]) for r in rows)
    if points == 0 or cells == 0:
        if points != cells:
            problems.append(f"{name}: the chart has {points} figures, the table {cells}")
        return problems
    categories = _categories(chart, series)
    names = [s["name"] for s in series]
    # matrix[s][c] of the chart against the table read in its layout
    if chart["layout"] == "series-rows":
        if len(rows) != len(series):
            return problems + [f"{name}: {len(series)} series in the chart, {len(rows)} rows with data-value"]
        table = [r["cells"] for r in rows]
        row_keys, column_keys, row_what = names, categories, "series"
    else:
        lengths = {len(s["data"]) for s in series}
        if len(lengths) != 1 or lengths != {len(rows)}:
            return problems + [f"{name}: series of {sorted(lengths)} categories in the chart, "
                               f"{len(rows)} rows with data-value"]
        if any(len(r["cells"]) != len(series) for r in rows):
            return problems + [f"{name}: {len(series)} series in the chart, rows of "
                               f"{sorted({len(r['cells']) for r in rows})} data-value cells"]
        table = [[rows[c]["cells"][s] for c in range(len(rows))] for s in range(len(series))]
        row_keys, column_keys, row_what = categories, names, "category"
    for i, row in enumerate(rows):
        if row["key"] is not None and row_keys is not None and i < len(row_keys) and row["key"] != row_keys[i]:
            problems.append(f"{name}: row {i + 1} is {row_what} {row['key']!r}, the chart's is {row_keys[i]!r}")
    if chart["columnKeys"] and column_keys is not None and chart["columnKeys"] != list(column_keys):
        problems.append(f"{name}: the table's columns are {chart['columnKeys']}, the chart's {list(column_keys)}")
    for s, drawn_series in enumerate(series):
        if len(table[s]) != len(drawn_series["data"]):
            problems.append(f"{name}: series {drawn_series['name']!r} has {len(drawn_series['data'])} figures, "
                            f"its table row {len(table[s])}")
            continue
        for c, (drawn, cell) in enumerate(zip(drawn_series["data"], table[s], strict=True)):
            where = f"{name}: series {drawn_series['name']!r}, category {c + 1}"
            if categories is not None and c < len(categories):
                where += f" ({categories[c]})"
            try:
                value = _raw(cell["value"])
            except ValueError:
                problems.append(f"{where}: data-value {cell['value']!r} is not a number")
                continue
            shown, tolerance = _shown(cell["text"])
            if value is not None and shown is not None and abs(shown - value) > tolerance:
                problems.append(f"{where}: the table shows {cell['text']!r} but its data-value is {cell['value']}")
            if isinstance(drawn, str):
                problems.append(f"{where}: the chart has {drawn!r}, not a number")
            elif (drawn is None) != (value is None):
                problems.append(f"{where}: the chart has {drawn}, the table {cell['text']!r} "
                                f"(data-value {cell['value']!r})")
            elif drawn is not None:
                allowed = tolerance if tolerance is not None else _own_tolerance(cell["value"])
                if not math.isclose(drawn, value, abs_tol=allowed):
                    problems.append(f"{where}: the chart draws {drawn}, the table shows {cell['text']!r}")
    return problems


def assert_charts_match_tables(page, *, minimum: int = 1, require_visible: bool = True,
                               timeout_ms: int = TIMEOUT_MS) -> list[dict]:
    """For every chart on the page (`[data-chart-table]`), the figures of its ECharts instance equal the referenced
    table's `data-value` cells, in the table's layout, within the rounding of the decimals the table shows.
    Fails when a chart names no table or a missing one, has no instance, or when fewer than `minimum` charts are
    on the page. Returns what was read (per chart: series, categories, rows), for further checks."""
    charts = read_charts(page, timeout_ms)
    problems = [p for chart in charts for p in chart_problems(chart, require_visible=require_visible)]
    if len(charts) < minimum:
        problems.insert(0, f"{page.url}: {len(charts)} charts with data-chart-table, expected at least {minimum}")
    assert not problems, f"{page.url}: charts disagree with their tables:\n  " + "\n  ".join(problems)
    return charts


def assert_charts_still(page, *, minimum: int = 1) -> None:
    """Every chart on the page was drawn with animation off (what a screenshot or a printout needs)."""
    charts = read_charts(page)
    assert len(charts) >= minimum, f"{page.url}: {len(charts)} charts, expected at least {minimum}"
    moving = [c["chart"] for c in charts if not c["instance"] or c["animation"] is not False]
    assert not moving, f"{page.url}: charts drawn with animation on: {moving}"


def charted_total(chart: dict) -> float:
    return sum(v for s in chart["series"] for v in s["data"] if isinstance(v, (int, float)))


# Pretend to be a browser a person drives, so that only ?static=1 or printing stills the charts.
NOT_A_TEST_DRIVER = "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false});"


# ---- the mass-testing campaign page -----------------------------------------------------------------------------

CST = datetime.timezone(datetime.timedelta(hours=8))
DAY1 = datetime.date(2021, 8, 3)


def _scans(terminal: str, barcode: str, people, when: list[datetime.datetime]) -> list[dict]:
    events = [{"event_id": f"{terminal}-{barcode}-open", "type": "open_tube", "barcode": barcode, "pool_size": 10,
               "at": when[0].isoformat()}]
    for n, (person, at) in enumerate(zip(people, when, strict=True)):
        events.append({"event_id": f"{terminal}-{barcode}-{n}", "type": "add_person", "barcode": barcode,
                       "id_number": person.id_number, "at": at.isoformat()})
    events.append({"event_id": f"{terminal}-{barcode}-close", "type": "close_tube", "barcode": barcode,
                   "at": (when[-1] + datetime.timedelta(minutes=1)).isoformat()})
    return events


@pytest.fixture
def campaign_with_samples(district):
    """A two-day campaign with two sites; 7 people sampled in four different hours over both days."""
    from wangge.labtests.models import Campaign, SamplingSite, Terminal
    from wangge.labtests.sync import apply_batch

    campaign = Campaign.objects.create(name="第三轮全员核酸检测", region=district["district"], start_date=DAY1,
                                       end_date=DAY1 + datetime.timedelta(days=1))
    north = SamplingSite.objects.create(campaign=campaign, name="大石村采样点", region=district["village"],
                                        opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    south = SamplingSite.objects.create(campaign=campaign, name="常乐村采样点", region=district["grid_c"].parent,
                                        opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    Terminal.objects.create(code="T-N1", site=north)
    Terminal.objects.create(code="T-S1", site=south)
    sampler = make_user("sampler", Role.SAMPLING_STAFF, district["district"])
    people = [p for grid in district["residents"].values() for p in grid]

    def at(day: int, hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime.combine(DAY1 + datetime.timedelta(days=day), datetime.time(hour, minute), CST)

    for terminal, barcode, who, when in [
        ("T-N1", "TBN0000001", people[0:3], [at(0, 8, 5), at(0, 8, 40), at(0, 9, 15)]),
        ("T-S1", "TBS0000001", people[3:5], [at(0, 9, 20), at(0, 9, 50)]),
        ("T-N1", "TBN0000002", people[5:7], [at(1, 14, 0), at(1, 16, 30)]),
    ]:
        result = apply_batch(sampler, terminal, _scans(terminal, barcode, who, when))
        assert not result.rejected, result.rejected
    return campaign


def test_the_campaign_pages_hourly_chart_draws_its_table(open_page, campaign_with_samples, admin_user):
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto(f"/labtests/campaigns/{campaign_with_samples.pk}/")
    charts = assert_charts_match_tables(page)
    assert [c["chart"] for c in charts] == ["#chart-hours"]
    hours = charts[0]
    # Two sites, both days' opening hours (08:00–18:00), and every sample counted once.
    assert [s["name"] for s in hours["series"]] == ["大石村采样点", "常乐村采样点"]
    assert len(hours["categories"]) == 2 * 10 and hours["categories"][0] == "08-03 08:00"
    assert charted_total(hours) == 7
    by_hour = dict(zip(hours["categories"], zip(*[s["data"] for s in hours["series"]], strict=True), strict=True))
    assert by_hour["08-03 08:00"] == (2, 0) and by_hour["08-03 09:00"] == (1, 2)
    assert by_hour["08-04 14:00"] == (1, 0) and by_hour["08-04 16:00"] == (1, 0)
    # The figures are on the page for whoever opens them, not only in the canvas.
    page.click("details.chart-figures summary")
    row = page.locator("#table-hours tbody tr[data-chart-key='08-03 09:00'] td")
    assert [row.nth(i).inner_text() for i in range(4)] == ["08-03 09:00", "1", "2", "3"]


def test_a_campaign_without_samples_says_so_instead_of_an_empty_chart(open_page, district, admin_user):
    from wangge.labtests.models import Campaign

    campaign = Campaign.objects.create(name="第四轮全员核酸检测", region=district["district"], start_date=DAY1,
                                       end_date=DAY1)
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto(f"/labtests/campaigns/{campaign.pk}/")
    assert page.locator("[data-chart-table]").count() == 0
    assert page.locator(".chart-empty").is_visible()


# ---- the vaccination coverage page ------------------------------------------------------------------------------

@pytest.fixture
def doses(district, admin_user):
    """Doses on five days for residents of four age bands across both towns (11 doses; the bands' rates are
    3-11: 100/0/0, 12-17: 100/0/0, 18-59: 60/40/20, 60-79: 66.7/33.3/0, 80+: 0/0/0 for first/full/booster)."""
    from wangge.core import clock
    from wangge.vaccination import actions
    from wangge.vaccination.models import VaccineProduct

    today = clock.today()

    def born_aged(years):
        return today.replace(year=today.year - years) - datetime.timedelta(days=30)

    def ago(days):
        return today - datetime.timedelta(days=days)

    rng = random.Random(11)
    grid_a, grid_c = district["grid_a"], district["grid_c"]
    extra = [make_resident(grid_a, rng, birth_date=born_aged(8)), make_resident(grid_c, rng, birth_date=born_aged(12))]
    a, b, c = (district["residents"][g.code] for g in (grid_a, district["grid_b"], grid_c))
    for person, age in zip(a + b + c, [70, 45, 30, 50, 35, 72, 66, 81, 25], strict=True):
        person.birth_date = born_aged(age)
        person.save()
    # The browser tests flush the database between tests, the products of the data migration with it.
    product, _ = VaccineProduct.objects.get_or_create(code="sinovac", defaults={
        "name": "新冠病毒灭活疫苗（Vero细胞）", "manufacturer": "科兴中维", "full_course_doses": 2})
    plan = [(a[0], [40, 12]), (a[1], [40, 12, 3]), (a[2], [12]), (c[0], [30]), (c[2], [30, 3]), (extra[0], [3]),
            (extra[1], [1])]
    given = 0
    for person, days in plan:
        for number, days_ago in enumerate(days, start=1):
            actions.do_record_dose(admin_user, person, dose_number=number, date=ago(days_ago), product=product)
            given += 1
    return given


def test_the_coverage_pages_charts_draw_their_tables(open_page, doses, district, admin_user):
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto(f"/vaccination/?region={district['district'].code}")
    charts = {c["chart"]: c for c in assert_charts_match_tables(page, minimum=2)}
    assert set(charts) == {"#chart-days", "#chart-bands"}
    days = charts["#chart-days"]
    daily, cumulative = (s["data"] for s in days["series"])
    assert len(days["categories"]) == 5 and sum(daily) == doses and cumulative[-1] == doses
    bands = charts["#chart-bands"]
    assert bands["categories"] == ["3-11", "12-17", "18-59", "60-79", "80+"]
    assert {s["name"]: s["data"] for s in bands["series"]} == {
        "首剂": [100, 100, 60, 66.7, 0], "全程": [0, 0, 40, 33.3, 0], "加强针": [0, 0, 20, 0, 0]}


def test_the_coverage_page_on_a_phone_draws_the_same_figures(open_page, doses, district, admin_user):
    page = open_page("admin", "pw-admin", PHONE)
    page.goto(f"/vaccination/?region={district['town'].code}")
    charts = assert_charts_match_tables(page, minimum=2)
    assert all(c["width"] <= PHONE["width"] for c in charts)


def test_the_check_fails_when_a_chart_and_its_table_disagree(open_page, doses, district, admin_user):
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto("/vaccination/")
    assert_charts_match_tables(page, minimum=2)
    # The table holds both series of the doses chart: naming one of them only is a mismatch, naming both is not.
    page.evaluate("() => document.getElementById('chart-days').setAttribute('data-chart-series', '1')")
    with pytest.raises(AssertionError, match="1 series in the chart, rows of \\[2\\] data-value cells"):
        assert_charts_match_tables(page, minimum=2)
    page.evaluate("() => document.getElementById('chart-days').setAttribute('data-chart-series', '0,1')")
    assert_charts_match_tables(page, minimum=2)
    page.evaluate("""() => {
      const cell = document.querySelector('#table-days tbody tr [data-value]');
      cell.setAttribute('data-value', String(Number(cell.getAttribute('data-value')) + 1));
      cell.textContent = cell.getAttribute('data-value');
    }""")
    with pytest.raises(AssertionError, match="the chart draws"):
        assert_charts_match_tables(page, minimum=2)
    page.evaluate("() => document.getElementById('table-bands').removeAttribute('id')")
    with pytest.raises(AssertionError, match="no table with that id"):
        assert_charts_match_tables(page, minimum=2)
    page.evaluate("() => { const el = document.getElementById('chart-days'); el.wgChart.dispose(); "
                  "delete el.wgChart; }")
    with pytest.raises(AssertionError, match="no ECharts instance"):
        assert_charts_match_tables(page, minimum=2, timeout_ms=200)


# ---- still charts for screenshots and printing ------------------------------------------------------------------

def test_charts_are_still_for_screenshots_and_printing_and_animate_otherwise(open_page, doses, campaign_with_samples,
                                                                              admin_user):
    page = open_page("admin", "pw-admin", DESKTOP)
    page.context.add_init_script(NOT_A_TEST_DRIVER)
    for url in ["/vaccination/", f"/labtests/campaigns/{campaign_with_samples.pk}/"]:
        page.goto(url)
        assert all(c["animation"] is not False for c in read_charts(page)), "a person's browser animates"
        page.goto(url + ("&" if "?" in url else "?") + "static=1")
        assert_charts_still(page)
        assert_charts_match_tables(page)

    # What the screenshot shows at once is the finished chart: a second later it is the same picture.
    page.goto("/vaccination/?static=1")
    chart = page.locator("#chart-days")
    first = chart.screenshot()
    page.wait_for_timeout(1200)
    assert chart.screenshot() == first

    page.emulate_media(media="print")
    page.goto("/vaccination/")
    assert_charts_still(page, minimum=2)
    page.emulate_media(media="screen")
    page.goto("/vaccination/")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert_charts_still(page, minimum=2)


def test_a_test_driver_gets_still_charts_without_asking(open_page, doses, admin_user):
    page = open_page("admin", "pw-admin", DESKTOP)
    page.goto("/vaccination/")
    assert page.evaluate("navigator.webdriver") is True
    assert_charts_still(page, minimum=2)
