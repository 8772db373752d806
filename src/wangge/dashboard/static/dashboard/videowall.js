/* The video wall and a monitoring point's player.
 *
 * Each `.vw-tile` carries its stream (data-stream-url, data-stream-type "hls" or "video") and whether the point is
 * online. An online tile plays: HLS through hls.js (static/vendor/hls.js) where the browser has Media Source
 * Extensions, else the browser's own HLS player (Safari on iOS), and a direct video URL in the <video> element
 * itself. An offline tile says so ("离线 12 分钟") and loads nothing; a stream that fails, or shows no picture
 * within STALL_MS, says so too instead of spinning. Every POLL_MS the page asks the API for its points' state
 * (data-status-url) and starts or stops tiles that changed. `data-rotate` (seconds) moves to the next page of the
 * wall (`data-rotate-url`). The wall can go full screen.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-video-tiles]");
  if (!root) { return; }
  var textsEl = document.getElementById("vw-texts");
  var texts = textsEl ? textsEl.dataset : {};
  var POLL_MS = 30000;
  var STALL_MS = 20000;
  var tiles = {};

  function Tile(el) {
    this.el = el;
    this.code = el.getAttribute("data-code");
    this.url = el.getAttribute("data-stream-url");
    this.isHls = el.getAttribute("data-stream-type") === "hls";
    this.video = el.querySelector("video");
    this.overlay = el.querySelector("[data-overlay]");
    this.overlayText = el.querySelector("[data-overlay-text]");
    this.stateEl = el.querySelector("[data-state]");
    this.hls = null;
    this.timer = null;
    this.running = false;
    var self = this;
    this.video.addEventListener("playing", function () { self.setMode("playing"); });
    this.video.addEventListener("error", function () { if (self.running && !self.hls) { self.fail(texts.unavailable); } });
  }

  Tile.prototype.setMode = function (mode, text) {
    var el = this.el;
    el.classList.toggle("is-playing", mode === "playing");
    el.classList.toggle("is-failed", mode === "failed");
    el.classList.toggle("is-offline", mode === "offline");
    el.classList.toggle("is-online", mode !== "offline");
    el.setAttribute("data-mode", mode);
    if (text !== undefined && this.overlayText) { this.overlayText.textContent = text; }
    if (mode === "playing" && this.timer) { window.clearTimeout(this.timer); this.timer = null; }
  };

  Tile.prototype.start = function () {
    if (this.running) { return; }
    var self = this;
    var video = this.video;
    this.running = true;
    this.setMode("connecting", texts.connecting);
    video.muted = true;
    video.loop = true;
    var play = function () {
      var promise = video.play();
      if (promise && promise.catch) { promise.catch(function () { /* autoplay refused: the user can press play */ }); }
    };
    if (this.isHls && window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 2, fragLoadingMaxRetry: 3,
                                 backBufferLength: 30 });
      this.hls = hls;
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data && data.fatal) { self.fail(texts.unavailable); }
      });
      hls.on(window.Hls.Events.MANIFEST_PARSED, play);
      hls.loadSource(this.url);
      hls.attachMedia(video);
    } else if (!this.isHls || video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = this.url;
      play();
    } else {
      this.fail(texts.unsupported);
      return;
    }
    this.timer = window.setTimeout(function () {
      if (self.el.getAttribute("data-mode") === "connecting") { self.fail(texts.stalled); }
    }, STALL_MS);
  };

  Tile.prototype.release = function () {
    if (this.timer) { window.clearTimeout(this.timer); this.timer = null; }
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    this.video.pause();
    if (this.video.hasAttribute("src")) {
      this.video.removeAttribute("src");
      this.video.load();
    }
    this.running = false;
  };

  Tile.prototype.fail = function (text) {
    this.release();
    this.setMode("failed", text || texts.unavailable);
  };

  Tile.prototype.offline = function (text) {
    this.release();
    this.setMode("offline", text);
  };

  Tile.prototype.update = function (point) {
    if (this.stateEl) {
      this.stateEl.textContent = point.status_text;
      this.stateEl.classList.toggle("is-online", point.online);
      this.stateEl.classList.toggle("is-offline", !point.online);
    }
    var detailState = document.querySelector("[data-detail-state]");
    if (detailState) {
      detailState.textContent = point.status_text;
      detailState.classList.toggle("is-online", point.online);
      detailState.classList.toggle("is-offline", !point.online);
    }
    if (point.stream_url && point.stream_url !== this.url) {
      this.release();
      this.url = point.stream_url;
      this.isHls = point.stream_type === "hls";
    }
    this.el.setAttribute("data-online", point.online ? "true" : "false");
    if (point.online) {
      if (!this.running) { this.start(); }  // a failed stream is tried again at every poll
    } else {
      this.offline(point.status_text);
    }
  };

  root.querySelectorAll(".vw-tile[data-code]").forEach(function (el) {
    var tile = new Tile(el);
    tiles[tile.code] = tile;
    if (el.getAttribute("data-online") === "true") {
      tile.start();
    } else {
      tile.setMode("offline");
    }
  });

  // Follow the points' state without reloading the page.
  var statusUrl = root.getAttribute("data-status-url");
  function poll() {
    if (!statusUrl || !window.fetch) { return; }
    window.fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        (data.results || data).forEach(function (point) {
          var tile = tiles[point.code];
          if (tile) { tile.update(point); }
        });
      })
      .catch(function () { /* the next poll tries again */ });
  }
  if (statusUrl) { window.setInterval(poll, POLL_MS); }

  // Rotation through the wall's pages.
  var rotate = parseInt(root.getAttribute("data-rotate") || "0", 10);
  var rotateUrl = root.getAttribute("data-rotate-url");
  if (rotate > 0 && rotateUrl) {
    window.setTimeout(function () { window.location.assign(rotateUrl); }, rotate * 1000);
  }

  // The controls apply as soon as they change.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });

  // Full screen for the wall.
  var fullscreen = document.querySelector("[data-fullscreen]");
  if (fullscreen && root.requestFullscreen) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { root.requestFullscreen(); }
    });
  }

  // Nothing keeps streaming after the page is left (a wall runs for days).
  window.addEventListener("pagehide", function () {
    Object.keys(tiles).forEach(function (code) { tiles[code].release(); });
  });
}());
