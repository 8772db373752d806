// The campaign page's hourly chart: people sampled per site, on the campaign's own hours. It draws the figures of
// the table #table-hours under it (static/js/charts.js: window.wgChart and the data-chart-table convention).
(function () {
  "use strict";
  var data = document.getElementById("chart-data");
  var el = document.getElementById("chart-hours");
  if (!window.wgChart || !data || !el) { return; }
  var d = JSON.parse(data.textContent);
  window.wgChart(el, {
    title: { text: d.title, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
    legend: { top: 24, type: "scroll" },
    grid: { top: 60, left: 50, right: 20 }, xAxis: { type: "category", data: d.hours }, yAxis: { type: "value" },
    series: d.series
  });
})();
