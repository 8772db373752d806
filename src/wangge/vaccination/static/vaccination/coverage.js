// The coverage page's charts: doses per day (with the cumulative count) and coverage by age band. Each draws the
// figures of a table on the page (#table-days, #table-bands) — static/js/charts.js: window.wgChart and the
// data-chart-table convention.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  window.wgChart("chart-days", {
    title: { text: L.per_day, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24, data: [L.daily, L.cumulative] },
    grid: { top: 60, left: 60, right: 60 },
    xAxis: { type: "category", data: d.days },
    yAxis: [{ type: "value" }, { type: "value" }],
    series: [{ name: L.daily, type: "bar", data: d.daily },
             { name: L.cumulative, type: "line", yAxisIndex: 1, data: d.cumulative }]
  });
  window.wgChart("chart-bands", {
    title: { text: L.bands, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24 },
    grid: { top: 60, left: 50, right: 20 },
    xAxis: { type: "category", data: d.bands }, yAxis: { type: "value", max: 100 },
    series: [{ name: L.first, type: "bar", data: d.first },
             { name: L.full, type: "bar", data: d.full },
             { name: L.booster, type: "bar", data: d.booster }]
  });
})();
