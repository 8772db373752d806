// The checkpoint figures page: people checked per hour at each checkpoint (one series per checkpoint), and the
// decisions per checkpoint. Each chart draws the figures of its table (#table-hours, #table-decisions):
// static/js/charts.js, window.wgChart and the data-chart-table convention.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  var COLOURS = {pass: "#1e7d4f", nat_required: "#d35400", persuade_back: "#e0b100", fever: "#7d3c98",
                 isolate: "#b71c1c"};
  window.wgChart("chart-hours", {
    title: { text: L.per_hour, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24, type: "scroll" },
    grid: { top: 64, left: 44, right: 16 },
    xAxis: { type: "category", data: d.hours }, yAxis: { type: "value", minInterval: 1 },
    series: d.checkpoints.map(function (name, i) {
      return { name: name, type: "bar", stack: "checks", data: d.per_hour[i] };
    })
  });
  window.wgChart("chart-decisions", {
    title: { text: L.decisions, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { top: 24, type: "scroll" },
    grid: { top: 64, left: 44, right: 16 },
    xAxis: { type: "category", data: d.checkpoints }, yAxis: { type: "value", minInterval: 1 },
    series: d.decisions.map(function (name, i) {
      return { name: name, type: "bar", stack: "decisions", data: d.by_decision[i],
               itemStyle: { color: COLOURS[d.decision_keys[i]] } };
    })
  });
})();
