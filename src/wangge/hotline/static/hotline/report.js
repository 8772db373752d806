// Daily report charts (Apache ECharts, vendored). The data comes from the page's json_script.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("report-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var charts = [];
    // No animation on paper, on the district report's print layout, or for screenshots (?static=1).
    var still = document.body.hasAttribute("data-print-layout") || /[?&]static=1/.test(window.location.search) ||
      (window.matchMedia && window.matchMedia("print").matches);
    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var c = window.echarts.init(el);
      option.animation = !still;
      c.setOption(option);
      charts.push(c);
    }
    chart("chart-channels", {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.channels, label: { formatter: "{b}: {c}" } }]
    });
    var bars = function (rows, title) {
      return {
        tooltip: { trigger: "axis" }, legend: { data: [title[0], title[1]] },
        grid: { left: 110, right: 20, top: 30, bottom: 20 },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[0]; }) },
        series: [
          { name: title[0], type: "bar", data: rows.map(function (r) { return r[1]; }) },
          { name: title[1], type: "bar", data: rows.map(function (r) { return r[2]; }) }
        ]
      };
    };
    var labels = [document.documentElement.lang.indexOf("zh") === 0 ? "今日" : "Today",
                  document.documentElement.lang.indexOf("zh") === 0 ? "昨日" : "Yesterday"];
    chart("chart-categories", bars(data.categories, labels));
    chart("chart-keywords", bars(data.keywords.slice(0, 12), labels));
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    // On paper the charts take the A4 page's width (17 cm ≈ 640 px at 96 dpi), then return to the screen's.
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize({ width: 640 }); }); });
    window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
