/* Charts on Wangge pages: one convention, so that every chart draws the figures of a table on the same page and a
 * screenshot or a printout shows the finished chart.
 *
 * Loading
 *   <script src="{% static 'vendor/echarts/echarts.min.js' %}"></script>
 *   <script src="{% static 'js/charts.js' %}"></script>
 *   <script src="{% static '<app>/<page>.js' %}"></script>        (all three with or all three without `defer`)
 *   and static/css/charts.css for the .chart / .charts / .chart-figures classes (no inline style= heights).
 *
 * Drawing
 *   window.wgChart(el, option[, settings]) -> the ECharts instance (null when ECharts or the element is missing)
 *     el       the chart container, or its id
 *     option   an ECharts option; it replaces whatever the chart drew before (calling again redraws in place,
 *              e.g. after an auto-refresh, on the same instance: register click handlers once)
 *     settings {theme: "dark", renderer: "canvas" | "svg"}, used when the instance is first made
 *   It initialises ECharts on el once, stores the instance as el.wgChart, resizes it on window resize and before
 *   printing, and turns animation off (option.animation = false) when the chart must be still:
 *     the page was opened with ?static=1 (screenshots for the README and reports), it is being printed (print media,
 *     beforeprint), it is a print layout (<body data-print-layout> or <html class="print">), or the browser is
 *     driven by a test (navigator.webdriver). window.wgChart.still() answers that question for other scripts (maps, …).
 *
 * The table of the same figures (the browser test core/tests/test_charts_browser.py reads both and compares them)
 *   chart container  data-chart-table="ID"              the id of the table on the page printing the same figures
 *   that table       data-chart-layout="series-rows"    one <tbody> row per series (in the chart's series order),
 *                                                       one number per category (in the axis order)
 *                 or data-chart-layout="category-rows"  one <tbody> row per category, one number per series
 *   the numbers      data-value="RAW"                   on each element (a <td>, or a <span> inside a cell) that
 *                                                       shows a charted number: the raw number as the chart has
 *                                                       it (no thousands separator); data-value="" = no value
 *                                                       (a gap in the chart: null or "-"). The element's text
 *                                                       shows the number rounded to the decimals it prints.
 *                                                       Rows without any data-value (totals, notes) are skipped.
 *   optional keys    data-chart-key="LABEL"             on a <tbody> row: the category label (category-rows) or the
 *                                                       series name (series-rows); on <thead> cells, the series
 *                                                       names (category-rows) or the categories (series-rows).
 *                                                       Compared with the chart's axis labels / series names.
 *   pie charts       one series whose items are the categories (either layout fits). Without a category axis
 *                    (pie, map) the categories are the first series' item names.
 *   only some series data-chart-series="0,2" on the container: the table holds these series only (e.g. a map's
 *                    regions, not the points drawn over them); default all, in order.
 *   A chart with no figures at all goes with a table without any data-value (better: show neither, say so).
 */
(function () {
  "use strict";
  var charts = [];
  var PRINT_WIDTH = 640; // px: an A4 page's 17 cm at 96 dpi

  function printing() {
    return !!(window.matchMedia && window.matchMedia("print").matches);
  }

  function still() {
    return /[?&]static=1(?:&|#|$)/.test(window.location.search) || navigator.webdriver === true || printing() ||
      !!(document.body && document.body.hasAttribute("data-print-layout")) ||
      document.documentElement.classList.contains("print");
  }

  function live() {
    charts = charts.filter(function (c) { return !c.isDisposed(); });
    return charts;
  }

  function wgChart(el, option, settings) {
    if (typeof el === "string") { el = document.getElementById(el); }
    if (!el || !window.echarts) { return null; }
    var chart = el.wgChart && !el.wgChart.isDisposed() ? el.wgChart : null;
    if (!chart) {
      settings = settings || {};
      chart = window.echarts.init(el, settings.theme || null, { renderer: settings.renderer || "canvas" });
      el.wgChart = chart;
      charts.push(chart);
    }
    var drawn = {};
    Object.keys(option || {}).forEach(function (k) { drawn[k] = option[k]; });
    if (still()) { drawn.animation = false; }
    chart.setOption(drawn, true);
    return chart;
  }

  function stop() {
    live().forEach(function (c) { c.setOption({ animation: false }); });
  }

  wgChart.still = still;
  window.wgChart = wgChart;

  window.addEventListener("resize", function () { live().forEach(function (c) { c.resize(); }); });
  // Before printing the layout is still the screen's: charts take at most the paper's width, then come back.
  window.addEventListener("beforeprint", function () {
    stop();
    live().forEach(function (c) {
      var width = Number(c.getDom().getAttribute("data-print-width")) || PRINT_WIDTH;
      c.resize({ width: Math.min(c.getDom().clientWidth || width, width) });
    });
  });
  window.addEventListener("afterprint", function () { live().forEach(function (c) { c.resize(); }); });
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    var changed = function (event) {
      if (event.matches) { stop(); }
      live().forEach(function (c) { c.resize(); });
    };
    if (media.addEventListener) { media.addEventListener("change", changed); } else if (media.addListener) {
      media.addListener(changed);
    }
  }
})();
