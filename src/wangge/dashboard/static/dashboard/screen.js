/* 大屏: a clock, and every minute new figures from the screen API written into the page in place (no reload). */
(function () {
  "use strict";
  var body = document.body;
  var clock = document.querySelector("[data-screen-clock]");
  // The command centre's clock (the server's time and time zone), not the wall computer's.
  var skew = (Number(body.getAttribute("data-now")) || Date.now()) - Date.now();
  var zone = Number(body.getAttribute("data-tz")) || 0;
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var t = new Date(Date.now() + skew + zone * 60000);
    clock.textContent = [t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()].map(pad).join(":");
  }
  tick();
  window.setInterval(tick, 1000);

  var trendEl = document.querySelector("[data-screen-trend]");
  var trendRows = document.querySelector("[data-screen-trend-rows]");

  function drawTrend(data) {
    var series = data.trends.series.slice(0, 4);
    // The chart's table (hidden on the wall, read by screen readers and the tests) first, from the same data.
    if (trendRows) {
      trendRows.innerHTML = "";
      series.forEach(function (s) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-chart-key", s.label);
        var th = document.createElement("th");
        th.textContent = s.label;
        tr.appendChild(th);
        s.values.forEach(function (v) {
          var td = document.createElement("td");
          td.setAttribute("data-value", v === null ? "" : String(v));
          td.textContent = v === null ? "—" : String(v);
          tr.appendChild(td);
        });
        trendRows.appendChild(tr);
      });
    }
    if (!window.wgChart || !trendEl) { return; }
    window.wgChart(trendEl, {
      textStyle: { color: "#d8e8ff" },
      legend: { top: 4, textStyle: { color: "#d8e8ff" } },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.trends.days.map(function (d) { return d.slice(5); }),
               axisLine: { lineStyle: { color: "#4f7db3" } } },
      yAxis: { type: "value", splitLine: { lineStyle: { color: "#173e6b" } } },
      series: series.map(function (s) { return { type: "line", name: s.label, data: s.values, symbolSize: 4 }; })
    });
  }

  function apply(data) {
    data.cards.forEach(function (card) {
      document.querySelectorAll('.screen-card[data-key="' + card.key + '"] [data-value]').forEach(function (el) {
        el.textContent = card.text;
      });
    });
    var actions = document.querySelector("[data-screen-actions]");
    if (actions && data.actions.length) {
      actions.innerHTML = "";
      data.actions.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = item.label + " ";
        var strong = document.createElement("strong");
        strong.textContent = item.value;
        li.appendChild(strong);
        actions.appendChild(li);
      });
    }
    var fresh = document.querySelector("[data-screen-fresh]");
    if (fresh && data.computed_at) {
      var at = new Date(new Date(data.computed_at).getTime() + zone * 60000);
      fresh.textContent = fresh.textContent.replace(/\d{1,2}:\d{2}/, pad(at.getUTCHours()) + ":" + pad(at.getUTCMinutes()));
    }
    drawTrend(data);
    body.setAttribute("data-updated", String(Date.now()));
    document.querySelectorAll(".wg-map").forEach(function (map) { if (map.wgReload) { map.wgReload(); } });
  }

  var initial = document.getElementById("screen-data");
  if (initial) { drawTrend(JSON.parse(initial.textContent)); }
  var seconds = Number(body.getAttribute("data-refresh")) || 60;
  function poll() {
    window.fetch(body.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* the wall keeps the last figures until the network is back */ });
  }
  body.wgPoll = poll;
  window.setInterval(poll, seconds * 1000);
})();
