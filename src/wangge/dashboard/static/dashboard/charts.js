/* Command-centre trend charts: each draws the series of the table printed under it (the same JSON), so the chart
   and the table cannot disagree (static/js/charts.js: wgChart, data-chart-table). */
(function () {
  "use strict";
  var node = document.getElementById("cc-trends");
  if (!node || !window.wgChart) { return; }
  var data = JSON.parse(node.textContent);
  document.querySelectorAll("[data-chart=trend]").forEach(function (el) {
    var series = data.series[Number(el.getAttribute("data-series"))];
    if (!series) { return; }
    window.wgChart(el, {
      grid: { left: 44, right: 12, top: 12, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.days.map(function (d) { return d.slice(5); }) },
      yAxis: { type: "value", minInterval: series.ratio ? 0 : 1 },
      series: [{ type: "line", name: series.label, data: series.values, connectNulls: false, symbolSize: 5,
                 areaStyle: { opacity: 0.12 } }]
    });
  });
})();
