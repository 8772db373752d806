// The joint-punishment figures page: cases per phase per region, cases found and corrected per month, measures per
// department. Each chart draws the numbers of its own table (category-rows: one row per category, one
// data-value per series), so chart and table cannot disagree (static/js/charts.js, wgChart).
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;

  function read(id) {
    var table = document.getElementById(id);
    var series = [], categories = [], values = [];
    if (!table) { return null; }
    table.querySelectorAll("thead th[data-chart-key]").forEach(function (th) { series.push(th.dataset.chartKey); });
    table.querySelectorAll("tbody tr[data-chart-key]").forEach(function (tr) {
      var cells = tr.querySelectorAll("[data-value]");
      if (!cells.length) { return; }
      categories.push(tr.dataset.chartKey);
      values.push(Array.prototype.map.call(cells, function (c) {
        return c.dataset.value === "" ? null : Number(c.dataset.value);
      }));
    });
    return { series: series, categories: categories, values: values };
  }

  function draw(id, tableId, title, type, stack) {
    var t = read(tableId);
    if (!t || !t.categories.length) { return; }
    window.wgChart(id, {
      title: { text: title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, legend: { top: 24, type: "scroll" },
      grid: { top: 64, left: 44, right: 16 },
      xAxis: { type: "category", data: t.categories }, yAxis: { type: "value", minInterval: 1 },
      series: t.series.map(function (name, i) {
        return { name: name, type: type, stack: stack || undefined,
                 data: t.values.map(function (row) { return row[i]; }) };
      })
    });
  }

  draw("chart-phases", "table-phases", L.phases, "bar", "phases");
  draw("chart-months", "table-months", L.months, "line");
  draw("chart-measures", "table-measures", L.measures, "bar", "measures");
})();
