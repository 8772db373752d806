// The inspection figures page: findings open / closed / overdue per child region, drawn from #table-findings
// (static/js/charts.js, window.wgChart and the data-chart-table convention).
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  window.wgChart("chart-findings", {
    title: { text: L.findings, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24 },
    grid: { top: 64, left: 44, right: 16 },
    xAxis: { type: "category", data: d.regions }, yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: L.open, type: "bar", data: d.open, itemStyle: { color: "#d35400" } },
      { name: L.closed, type: "bar", data: d.closed, itemStyle: { color: "#1e7d4f" } },
      { name: L.overdue, type: "bar", data: d.overdue, itemStyle: { color: "#b71c1c" } }
    ]
  });
})();
