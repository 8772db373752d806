// The service figures page: orders by status and by rating, and job seekers / trained / placed per region. Each
// chart draws the figures of a table on the page (#table-status, #table-rating, #table-places) — static/js/charts.js.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  function bars(id, title, categories, series) {
    window.wgChart(id, {
      title: { text: title, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
      grid: { top: 60, left: 50, right: 20, bottom: 60 },
      xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 }, series: series
    });
  }
  bars("chart-status", L.status, d.statuses, [{ name: L.orders, type: "bar", data: d.status_counts }]);
  bars("chart-rating", L.rating, d.ratings, [{ name: L.orders, type: "bar", data: d.rating_counts }]);
  if (document.getElementById("chart-jobs")) {
    bars("chart-jobs", L.jobs, d.places, [{ name: L.seekers, type: "bar", data: d.seekers },
      { name: L.trained, type: "bar", data: d.trained }, { name: L.placed, type: "bar", data: d.placed }]);
  }
})();
