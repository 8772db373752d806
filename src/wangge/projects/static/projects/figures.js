// The project figures page: projects by status per village (stacked), and progress and satisfaction per village.
// Each chart draws the figures of #table-rollup (static/js/charts.js, window.wgChart, data-chart-table).
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  var COLOURS = ["#9e9e9e", "#d35400", "#1e7d4f", "#5d6d7e"];
  window.wgChart("chart-status", {
    title: { text: L.status, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24, type: "scroll" }, grid: { top: 64, left: 44, right: 16 },
    xAxis: { type: "category", data: d.regions }, yAxis: { type: "value", minInterval: 1 },
    series: d.statuses.map(function (name, i) {
      return { name: name, type: "bar", stack: "status", data: d.by_status[i], itemStyle: { color: COLOURS[i] } };
    })
  });
  window.wgChart("chart-progress", {
    title: { text: L.progress, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24 }, grid: { top: 64, left: 44, right: 16 },
    xAxis: { type: "category", data: d.regions }, yAxis: { type: "value", max: 100 },
    series: [{ name: L.progress_series, type: "bar", data: d.progress, itemStyle: { color: "#1e7d4f" } },
             { name: L.satisfaction_series, type: "line", data: d.satisfaction, itemStyle: { color: "#b71c1c" } }]
  });
})();
