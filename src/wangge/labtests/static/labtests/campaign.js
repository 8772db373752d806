// The campaign page's hourly chart: people sampled per site, on the campaign's own hours.
(function () {
  var data = document.getElementById("chart-data");
  if (!window.echarts || !data) return;
  var d = JSON.parse(data.textContent);
  if (!d.hours.length) return;
  echarts.init(document.getElementById("chart-hours")).setOption({
    title: {text: d.title, textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"}, legend: {top: 24, type: "scroll"},
    grid: {top: 60, left: 50, right: 20}, xAxis: {type: "category", data: d.hours}, yAxis: {type: "value"},
    series: d.series
  });
})();
