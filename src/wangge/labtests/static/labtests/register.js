// The registration terminal (采样登记): scan a tube, then ID cards; events are queued on the device
// (localStorage) and synced in batches; the ID check digit (GB 11643, ISO 7064 MOD 11-2) is checked here,
// so a misread card is refused at once with the person named; a service worker keeps the page for offline use.
//
// The offline mechanism is shared with the other pages that work at a post without the network (the checkpoint
// check): this file also defines
//   window.WanggeIds                 ID-number helpers (check digit, 15 → 18 digits, masking)
//   window.WanggeQueue(options)      a queue of events kept in localStorage and sent in batches to an idempotent
//                                    sync endpoint answering {accepted, pending, duplicates, rejected: [{event_id,
//                                    reason, field}]} (labtests' do_sync_batch, checkpoints' do_sync_checks)
//   window.WanggeQueue.keepOffline(workerUrl)  registers the service worker (register-sw.js, served under the
//                                    page's own path) that keeps the page and its assets for offline use
(function () {
  "use strict";
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECKS = "10X98765432";

  function checkDigit(body17) {
    var s = 0;
    for (var i = 0; i < 17; i++) s += parseInt(body17.charAt(i), 10) * WEIGHTS[i];
    return CHECKS.charAt(s % 11);
  }
  // A 15-digit legacy number becomes 18 digits (19 before the year, the check digit appended).
  function normalizeId(value) {
    var v = String(value || "").trim().toUpperCase();
    if (/^\d{15}$/.test(v)) { var body = v.slice(0, 6) + "19" + v.slice(6); return body + checkDigit(body); }
    return v;
  }
  function isValidId(value) {
    var v = normalizeId(value);
    return /^\d{17}[\dX]$/.test(v) && checkDigit(v.slice(0, 17)) === v.charAt(17);
  }
  function maskId(v) { v = String(v || ""); return v.length >= 10 ? v.slice(0, 6) + "********" + v.slice(-4) : v; }
  window.WanggeIds = {checkDigit: checkDigit, isValidId: isValidId, normalizeId: normalizeId, maskId: maskId};

  function load(key, fallback) { try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; } }
  function csrfFrom(fallback) { return (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || fallback || ""; }

  // options: key (localStorage), url (the sync endpoint), body(batch) → the JSON to POST (default {events}),
  // size (events per batch, 50), csrf (token when the cookie is missing), onSynced(batch, response, doneIds),
  // onOffline(), onChange(queue length). Each event must carry a unique `event_id`; the endpoint is idempotent,
  // so a batch sent twice (an answer lost on the way back) is harmless.
  function WanggeQueue(options) {
    var key = options.key, size = options.size || 50, items = load(key, []), busy = false;
    var body = options.body || function (batch) { return {events: batch}; };
    function save() { localStorage.setItem(key, JSON.stringify(items)); if (options.onChange) options.onChange(items.length); }
    function uid() { return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10); }
    function push(ev) { ev.event_id = ev.event_id || uid(); items.push(ev); save(); return ev; }
    function sync() {
      if (busy || !items.length) return Promise.resolve(null);
      busy = true;
      var batch = items.slice(0, size);
      return fetch(options.url, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrfFrom(options.csrf)},
        body: JSON.stringify(body(batch))})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (res) {
          var done = {};
          (res.accepted || []).concat(res.pending || [], res.duplicates || []).forEach(function (id) { done[id] = true; });
          (res.rejected || []).forEach(function (r) { done[r.event_id] = true; });
          items = items.filter(function (e) { return !done[e.event_id]; });
          save();
          if (options.onSynced) options.onSynced(batch, res, done);
          return res;
        })
        .catch(function () { if (options.onOffline) options.onOffline(); return null; })
        .finally(function () {
          busy = false;
          if (items.length && navigator.onLine !== false) setTimeout(sync, 1000);
        });
    }
    setInterval(sync, 5000); window.addEventListener("online", sync);
    return {push: push, sync: sync, uid: uid, save: save,
            length: function () { return items.length; }, items: function () { return items.slice(); }};
  }

  // Offline: the service worker (served under the page's path) keeps the page and the assets it names.
  WanggeQueue.keepOffline = function (workerUrl) {
    if (!("serviceWorker" in navigator) || !workerUrl) return;
    navigator.serviceWorker.register(workerUrl).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var assets = [location.pathname];
      document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
        assets.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      if (reg.active) reg.active.postMessage({cache: assets});
      document.body.setAttribute("data-offline-ready", "1");
    }).catch(function () { /* no worker (private mode, http): the page still works while open */ });
  };
  WanggeQueue.load = load;
  window.WanggeQueue = WanggeQueue;

  var form = document.getElementById("reg");
  if (!form) return;
  var T = document.getElementById("reg-text").dataset;
  var KEY = "wangge-scan-queue", STATE = "wangge-scan-state", PEOPLE = "wangge-scan-people";
  var state = load(STATE, {tube: null, count: 0, pool: 0});
  var people = load(PEOPLE, {});  // event id -> "name masked-ID", to name the person of a refused scan
  function show() {
    document.getElementById("cur-tube").textContent = state.tube || "—";
    document.getElementById("cur-count").textContent = state.count + (state.pool ? " / " + state.pool : "");
    document.getElementById("queued").textContent = queue.length();
  }
  function save() {
    localStorage.setItem(STATE, JSON.stringify(state)); localStorage.setItem(PEOPLE, JSON.stringify(people)); show();
  }
  function log(text, cls) {
    var li = document.createElement("li"); li.textContent = text; if (cls) li.className = cls;
    var ul = document.getElementById("log"); ul.insertBefore(li, ul.firstChild);
  }
  var queue = WanggeQueue({
    key: KEY, url: T.syncUrl, csrf: T.csrf,
    body: function (batch) { return {terminal: batch[0].terminal, events: batch}; },
    onChange: function () { if (document.getElementById("queued")) show(); },
    onOffline: function () { document.getElementById("status").textContent = T.offline; },
    onSynced: function (batch, res, done) {
      res.rejected.forEach(function (r) {
        var ev = batch.filter(function (e) { return e.event_id === r.event_id; })[0];
        var who = people[r.event_id];
        // The server names the person; add the local label when it did not (a refusal before parsing).
        var text = T.rejected + ": " + (who && r.reason.indexOf(who) < 0 ? who + ": " : "") + r.reason;
        log(text, "rejected");
        // A refused member does not count toward the pool size of the tube still being filled.
        if (ev && ev.type === "add_person" && ev.barcode === state.tube && state.count > 0) state.count -= 1;
      });
      batch.forEach(function (e) { if (done[e.event_id]) delete people[e.event_id]; });
      document.getElementById("status").textContent = T.synced; save();
    }
  });
  function push(ev) {
    ev.at = new Date().toISOString(); ev.terminal = document.getElementById("terminal").value;
    return queue.push(ev);
  }
  var sync = queue.sync;
  function closeTube() {
    if (state.tube) { push({type: "close_tube", barcode: state.tube}); state.tube = null; state.count = 0; save(); }
  }
  // A scan is an ID number, optionally followed by the name ("320684…,张三" from a card reader), or a barcode.
  function parsePerson(v) {
    var parts = v.split(/[,，\s]+/);
    var id = normalizeId(parts[0]);
    if (!/^(\d{17}[\dX]|\d{15})$/.test(id) && !/^\d{15}$/.test(parts[0])) return null;
    return {id: id, name: parts.slice(1).join("")};
  }
  document.getElementById("scan").addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    e.preventDefault();
    var v = this.value.trim(); this.value = "";
    if (!v) return;
    var person = parsePerson(v);
    if (person) {
      var label = (person.name ? person.name + " " : "") + maskId(person.id);
      if (!isValidId(person.id)) { log(T.badid + ": " + label, "rejected"); return; }
      if (!state.tube) { log(T.notube); return; }
      if (state.count >= state.pool) { log(T.full); return; }
      var ev = {type: "add_person", barcode: state.tube, id_number: person.id};
      if (person.name) ev.name = person.name;
      ev = push(ev); people[ev.event_id] = label; state.count += 1; save(); log("+ " + label);
      if (state.count >= state.pool) closeTube();
    } else {
      if (state.tube) push({type: "close_tube", barcode: state.tube});
      state.pool = parseInt(document.getElementById("pool").value, 10);
      push({type: "open_tube", barcode: v, pool_size: state.pool}); state.tube = v; state.count = 0; save(); log("▣ " + v);
    }
    sync();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("close-tube").addEventListener("click", function () { closeTube(); sync(); });
  show(); sync();

  WanggeQueue.keepOffline(T.workerUrl);
})();
