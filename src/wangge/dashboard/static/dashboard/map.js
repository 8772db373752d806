/* The command-centre map: the regions of one level drawn from our own GeoJSON, coloured by the indicator the user
   picks, with a legend in the indicator's unit; a click drills down (a grid opens its daily board).

   Markup (dashboard/includes/map.html):
     <div class="wg-map" data-geo-url="/api/dashboard/map/?region=X&level=grid"
          data-figures-url="/api/dashboard/figures/?region=X&level=grid"
          data-drill-url="/dashboard/?region=" data-grid-url="/followup/board/?region="
          [data-points-url="/api/monitoring-points/geojson/?region=X"]>
       <select data-indicator-select>…</select>
       <div data-map-canvas></div>
     </div>
   Regions without a figure are grey; regions without an outline are named under the map. Animation is off for
   printing and screenshots (html.print, ?static=1). For tests and the big screen the element carries the chart
   (el.wgChart), the figures drawn ({code: value}, el.wgValues), the indicator drawn (el.wgIndicator) and
   el.wgReload() (fetch the figures again and redraw). */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var echarts = window.echarts;
  var NO_VALUE = "#d9d9d9";
  var PALETTES = {  // low → high
    good: ["#e8f5e9", "#81c784", "#2e7d32"],      // more is better: greener
    bad: ["#fff8e1", "#ffb74d", "#c62828"],       // more is worse: redder
    neutral: ["#e3f2fd", "#64b5f6", "#1565c0"]
  };
  var counter = 0;

  function still() {
    return document.documentElement.classList.contains("print") || /[?&]static=1(&|$)/.test(window.location.search);
  }

  function text(el, name, fallback) {
    return el.getAttribute("data-text-" + name) || fallback;
  }

  function getJSON(url) {
    return window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
  }

  function formatValue(value) {
    if (value === null || value === undefined || isNaN(value)) { return null; }
    return Number.isInteger(value) ? value.toLocaleString("zh-CN") : value.toFixed(1);
  }

  function WgMap(el) {
    this.el = el;
    this.canvas = el.querySelector("[data-map-canvas]") || el;
    this.select = el.querySelector("[data-indicator-select]");
    this.definition = el.querySelector("[data-indicator-definition]");
    this.missingNote = el.querySelector("[data-map-missing]");
    this.status = el.querySelector("[data-map-status]");
    this.name = "wg-map-" + (++counter);
    this.dark = el.classList.contains("wg-map-dark");
    this.geo = null;
    this.figures = null;
    this.points = [];
    this.names = {};
    this.levels = {};
    this.chart = null;
  }

  WgMap.prototype.say = function (message) {
    if (this.status) {
      this.status.textContent = message || "";
      this.status.hidden = !message;
    }
  };

  WgMap.prototype.load = function () {
    var self = this;
    var el = this.el;
    var pointsUrl = el.getAttribute("data-points-url");
    var points = pointsUrl ? getJSON(pointsUrl).catch(function () { return null; }) : Promise.resolve(null);
    return Promise.all([getJSON(el.getAttribute("data-geo-url")), getJSON(el.getAttribute("data-figures-url")), points])
      .then(function (answers) {
        self.geo = answers[0];
        self.figures = answers[1];
        self.points = answers[2] && answers[2].features ? answers[2].features : [];
        self.geo.features.forEach(function (f) {
          self.names[f.properties.code] = f.properties.name;
          self.levels[f.properties.code] = f.properties.level;
        });
        self.showMissing();
        if (!self.geo.features.length) {
          self.say(text(el, "empty", "No boundaries have been imported for this area yet."));
          el.setAttribute("data-map-state", "empty");
          return;
        }
        echarts.registerMap(self.name, self.geo);
        self.fillSelect();
        self.draw();
      })
      .catch(function (error) {
        self.say(text(el, "error", "The map could not be loaded."));
        el.setAttribute("data-map-state", "error");
        if (window.console) { window.console.warn(error); }
      });
  };

  WgMap.prototype.reload = function () {
    var self = this;
    if (!this.geo) { return this.load(); }
    return getJSON(this.el.getAttribute("data-figures-url")).then(function (figures) {
      self.figures = figures;
      self.fillSelect();
      self.draw();
    }).catch(function () { /* keep the last figures until the network is back */ });
  };

  WgMap.prototype.fillSelect = function () {
    // The options come from the page; an indicator the figures API does not give (not permitted) is removed, and
    // without a select element the first indicator is drawn.
    var known = {};
    this.figures.indicators.forEach(function (i) { known[i.key] = i; });
    if (!this.select) { return; }
    Array.prototype.slice.call(this.select.options).forEach(function (option) {
      if (!known[option.value]) { option.remove(); }
    });
    if (!this.select.options.length) {
      var select = this.select;
      this.figures.indicators.forEach(function (i) {
        var option = document.createElement("option");
        option.value = i.key;
        option.textContent = i.unit ? i.label + "（" + i.unit + "）" : i.label;
        select.appendChild(option);
      });
    }
  };

  WgMap.prototype.indicator = function () {
    var indicators = this.figures.indicators;
    var key = this.select && this.select.value;
    for (var n = 0; n < indicators.length; n++) {
      if (indicators[n].key === key) { return indicators[n]; }
    }
    return indicators[0] || null;
  };

  WgMap.prototype.showMissing = function () {
    if (!this.missingNote) { return; }
    var missing = this.geo.missing || [];
    if (!missing.length) { this.missingNote.hidden = true; return; }
    var names = missing.slice(0, 12).map(function (m) { return m.name; }).join("、");
    if (missing.length > 12) { names += text(this.el, "and-more", " …"); }
    this.missingNote.textContent = text(this.el, "missing", "No boundary yet:").replace("%(count)s", missing.length) +
      " " + names;
    this.missingNote.hidden = false;
  };

  WgMap.prototype.draw = function () {
    var self = this;
    var el = this.el;
    var indicator = this.indicator();
    var table = indicator ? (this.figures.values[indicator.key] || {}) : {};
    var values = {};
    var data = [];
    var present = [];
    this.geo.features.forEach(function (f) {
      var code = f.properties.code;
      var value = table[code];
      value = value === undefined ? null : value;
      values[code] = value;
      if (value !== null) {
        data.push({ name: code, value: value });
        present.push(value);
      }
    });
    var unit = indicator ? indicator.unit || "" : "";
    var low = present.length ? Math.min.apply(null, present) : 0;
    var high = present.length ? Math.max.apply(null, present) : 1;
    if (low > 0 && !indicator.ratio) { low = 0; }
    if (high <= low) { high = low + 1; }
    var palette = PALETTES[indicator && indicator.higher_is_better === true ? "good" :
      indicator && indicator.higher_is_better === false ? "bad" : "neutral"];
    var labelled = this.geo.features.length <= 40;
    var option = {
      animation: !still(),
      backgroundColor: "transparent",
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          if (params.seriesType === "scatter") {
            var p = params.data.properties;
            return echarts.format.encodeHTML(p.name) + "<br>" + echarts.format.encodeHTML(p.kind_label || p.kind || "") +
              (p.status_text ? " · " + echarts.format.encodeHTML(p.status_text) : "");
          }
          var code = params.name;
          var shown = formatValue(values[code]);
          return echarts.format.encodeHTML(self.names[code] || code) + "<br>" +
            echarts.format.encodeHTML(indicator ? indicator.label : "") + "：" +
            (shown === null ? echarts.format.encodeHTML(text(el, "no-value", "no figure")) :
              "<strong>" + shown + "</strong> " + echarts.format.encodeHTML(unit));
        }
      },
      geo: {
        map: this.name,
        aspectScale: this.aspect(),
        nameProperty: "code",
        roam: true,
        scaleLimit: { min: 0.8, max: 12 },
        selectedMode: false,
        itemStyle: { areaColor: NO_VALUE, borderColor: this.dark ? "#0b1a33" : "#ffffff", borderWidth: 1 },
        emphasis: { itemStyle: { areaColor: "#ffe082" }, label: { show: true, color: "#222" } },
        label: {
          show: labelled,
          fontSize: 11,
          color: "#1f2d3d",  // dark text with a light halo: readable on every colour of the scale
          textBorderColor: "rgba(255,255,255,0.85)",
          textBorderWidth: 2,
          formatter: function (params) { return self.names[params.name] || params.name; }
        }
      },
      series: [{
        type: "map",
        map: this.name,
        nameProperty: "code",  // regions are keyed by code (two villages may share a name), on geo and series
        geoIndex: 0,
        name: indicator ? indicator.label : "",
        data: data
      }]
    };
    if (indicator && present.length) {
      option.visualMap = {
        type: "continuous",
        seriesIndex: 0,
        min: low,
        max: high,
        calculable: false,
        left: 8,
        bottom: 8,
        itemHeight: 110,
        text: [formatValue(high) + " " + unit, formatValue(low) + " " + unit],
        textStyle: { color: this.dark ? "#e0e8f5" : "#333" },
        inRange: { color: palette },
        outOfRange: { color: NO_VALUE }
      };
    }
    if (this.points.length) {
      option.series.push({
        type: "scatter",
        coordinateSystem: "geo",
        name: text(el, "points", "Monitoring points"),
        symbolSize: 9,
        z: 5,
        data: this.points.map(function (p) {
          return { name: p.properties.code, value: p.geometry.coordinates, properties: p.properties,
                   itemStyle: { color: p.properties.online ? "#2e7d32" : "#9e9e9e", borderColor: "#fff",
                                borderWidth: 1 } };
        })
      });
    }
    if (!this.chart) {
      this.chart = echarts.init(this.canvas, this.dark ? "dark" : null, { renderer: "canvas" });
      this.chart.on("click", function (params) { self.click(params); });
    }
    this.chart.setOption(option, true);
    this.say(present.length ? "" : text(el, "no-figures", "No figures for this indicator on this day."));
    if (this.definition) { this.definition.textContent = indicator ? indicator.definition || "" : ""; }
    el.wgChart = this.chart;
    el.wgValues = values;
    el.wgIndicator = indicator ? indicator.key : null;
    el.setAttribute("data-map-state", "drawn");
  };

  WgMap.prototype.aspect = function () {
    // A degree of longitude is shorter than one of latitude by cos(latitude): ~0.85 in Jiangsu.
    var lats = this.geo.features.map(function (f) { return f.properties.cp ? f.properties.cp[1] : null; })
      .filter(function (lat) { return lat !== null; });
    if (!lats.length) { return 0.85; }
    var mean = lats.reduce(function (a, b) { return a + b; }, 0) / lats.length;
    return Math.cos(mean * Math.PI / 180);
  };

  WgMap.prototype.click = function (params) {
    if (params.seriesType === "scatter") {
      var url = params.data && params.data.properties && params.data.properties.url;
      if (url) { window.location.assign(url); }
      return;
    }
    var code = params.name;
    if (!code || !this.names[code]) { return; }
    var grid = this.levels[code] === "grid";  // the grid level is the daily board
    var base = this.el.getAttribute(grid ? "data-grid-url" : "data-drill-url");
    if (base) { window.location.assign(base + encodeURIComponent(code)); }
  };

  function start(el) {
    if (el.wgMap) { return; }
    var map = new WgMap(el);
    el.wgMap = map;
    el.wgReload = function () { return map.reload(); };
    if (map.select) { map.select.addEventListener("change", function () { if (map.figures) { map.draw(); } }); }
    map.load();
  }

  function resizeAll() {
    document.querySelectorAll(".wg-map").forEach(function (el) { if (el.wgChart) { el.wgChart.resize(); } });
  }

  document.querySelectorAll(".wg-map").forEach(start);
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
})();
