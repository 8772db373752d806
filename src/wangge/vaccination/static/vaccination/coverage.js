// The coverage page's charts: doses per day and coverage by age band.
(function () {
  if (!window.echarts) return;
  var d = JSON.parse(document.getElementById("chart-data").textContent), L = d.labels;
  echarts.init(document.getElementById("chart-days")).setOption({
    title: {text: L.per_day, textStyle: {fontSize: 14}},
    tooltip: {trigger: "axis"}, legend: {top: 24, data: [L.daily, L.cumulative]},
    grid: {top: 60, left: 60, right: 60},
    xAxis: {type: "category", data: d.days},
    yAxis: [{type: "value"}, {type: "value"}],
    series: [{name: L.daily, type: "bar", data: d.daily},
             {name: L.cumulative, type: "line", yAxisIndex: 1, data: d.cumulative}]
  });
  echarts.init(document.getElementById("chart-bands")).setOption({
    title: {text: L.bands, textStyle: {fontSize: 14}},
    tooltip: {trigger: "axis"}, legend: {top: 24},
    grid: {top: 60, left: 50, right: 20},
    xAxis: {type: "category", data: d.bands}, yAxis: {type: "value", max: 100},
    series: [{name: L.first, type: "bar", data: d.first},
             {name: L.full, type: "bar", data: d.full},
             {name: L.booster, type: "bar", data: d.booster}]
  });
})();
