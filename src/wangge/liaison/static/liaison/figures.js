// The liaison figures page: enterprises linked versus visited, problems collected versus solved, per region. Each
// chart has the figures of a table on the page (#table-visits, #table-problems).
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  function bars(id, title, a, b, da, db) {
    window.wgChart(id, {
      title: { text: title, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
      grid: { top: 60, left: 50, right: 20, bottom: 60 },
      xAxis: { type: "category", data: d.regions, axisLabel: { rotate: 30, interval: 0 } }, yAxis: { type: "value" },
      series: [{ name: a, type: "bar", data: da }, { name: b, type: "bar", data: db }]
    });
  }
  bars("chart-visits", L.visits, L.assigned, L.visited, d.assigned, d.visited);
  bars("chart-problems", L.problems, L.collected, L.solved, d.problems, d.solved);
})();
