// The duty figures page: places needed versus filled per shift start, hours per team, no-shows per day. Each chart
// draws the figures of a table on the page (#table-fill, #table-teams, #table-absences) — static/js/charts.js.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!window.wgChart || !node) { return; }
  var d = JSON.parse(node.textContent), L = d.labels;
  if (d.slots.length) {
    window.wgChart("chart-fill", {
      title: { text: L.fill, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
      grid: { top: 60, left: 50, right: 20 }, xAxis: { type: "category", data: d.slots }, yAxis: { type: "value" },
      series: [{ name: L.needed, type: "bar", data: d.needed }, { name: L.filled, type: "bar", data: d.filled }]
    });
  }
  if (d.teams.length) {
    window.wgChart("chart-teams", {
      title: { text: L.teams, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
      grid: { top: 60, left: 50, right: 20, bottom: 80 },
      xAxis: { type: "category", data: d.teams, axisLabel: { rotate: 40, interval: 0 } }, yAxis: { type: "value" },
      series: [{ name: L.hours, type: "bar", data: d.hours }, { name: L.approved, type: "bar", data: d.approved }]
    });
  }
  window.wgChart("chart-absences", {
    title: { text: L.absences, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
    grid: { top: 60, left: 50, right: 20 }, xAxis: { type: "category", data: d.days }, yAxis: { type: "value" },
    series: [{ name: L.absent, type: "line", data: d.absent }]
  });
})();
