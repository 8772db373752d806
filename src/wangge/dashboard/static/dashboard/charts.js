/* Command-centre trend charts: each draws the series of the table printed under it (the same JSON), so the chart
   and the table cannot disagree. Animation is off for printing and screenshots (?static=1). */
(function () {
  "use strict";
  var node = document.getElementById("cc-trends");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var still = /[?&]static=1/.test(window.location.search) ||
    (window.matchMedia && window.matchMedia("print").matches);
  var charts = [];
  document.querySelectorAll("[data-chart=trend]").forEach(function (el) {
    var series = data.series[Number(el.getAttribute("data-series"))];
    if (!series) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: !still,
      grid: { left: 44, right: 12, top: 12, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.days.map(function (d) { return d.slice(5); }) },
      yAxis: { type: "value", minInterval: series.ratio ? 0 : 1 },
      series: [{ type: "line", name: series.label, data: series.values, connectNulls: false, symbolSize: 5,
                 areaStyle: { opacity: 0.12 } }]
    });
    el.wgChart = chart;
    el.wgValues = series.values;
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
