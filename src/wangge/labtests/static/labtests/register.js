// The registration terminal (采样登记): scan a tube, then ID cards; events are queued on the device
// (localStorage) and synced in batches; the ID check digit (GB 11643, ISO 7064 MOD 11-2) is checked here,
// so a misread card is refused at once with the person named; a service worker keeps the page for offline use.
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

  var form = document.getElementById("reg");
  if (!form) return;
  var T = document.getElementById("reg-text").dataset;
  var KEY = "wangge-scan-queue", STATE = "wangge-scan-state", PEOPLE = "wangge-scan-people";
  function load(key, fallback) { try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; } }
  var queue = load(KEY, []);
  var state = load(STATE, {tube: null, count: 0, pool: 0});
  var people = load(PEOPLE, {});  // event id -> "name masked-ID", to name the person of a refused scan
  function csrf() { return (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || T.csrf || ""; }
  function uid() { return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10); }
  function show() {
    document.getElementById("cur-tube").textContent = state.tube || "—";
    document.getElementById("cur-count").textContent = state.count + (state.pool ? " / " + state.pool : "");
    document.getElementById("queued").textContent = queue.length;
  }
  function save() {
    localStorage.setItem(KEY, JSON.stringify(queue)); localStorage.setItem(STATE, JSON.stringify(state));
    localStorage.setItem(PEOPLE, JSON.stringify(people)); show();
  }
  function log(text, cls) {
    var li = document.createElement("li"); li.textContent = text; if (cls) li.className = cls;
    var ul = document.getElementById("log"); ul.insertBefore(li, ul.firstChild);
  }
  function push(ev) {
    ev.event_id = uid(); ev.at = new Date().toISOString(); ev.terminal = document.getElementById("terminal").value;
    queue.push(ev); save(); return ev;
  }
  var busy = false;
  function sync() {
    if (busy || !queue.length) return;
    busy = true;
    var batch = queue.slice(0, 50);
    fetch(T.syncUrl, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify({terminal: batch[0].terminal, events: batch})})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (res) {
        var done = {};
        res.accepted.concat(res.pending, res.duplicates).forEach(function (id) { done[id] = true; });
        res.rejected.forEach(function (r) {
          done[r.event_id] = true;
          var ev = batch.filter(function (e) { return e.event_id === r.event_id; })[0];
          var who = people[r.event_id];
          // The server names the person; add the local label when it did not (a refusal before parsing).
          var text = T.rejected + ": " + (who && r.reason.indexOf(who) < 0 ? who + ": " : "") + r.reason;
          log(text, "rejected");
          // A refused member does not count toward the pool size of the tube still being filled.
          if (ev && ev.type === "add_person" && ev.barcode === state.tube && state.count > 0) state.count -= 1;
        });
        batch.forEach(function (e) { if (done[e.event_id]) delete people[e.event_id]; });
        queue = queue.filter(function (e) { return !done[e.event_id]; });
        document.getElementById("status").textContent = T.synced; save();
      })
      .catch(function () { document.getElementById("status").textContent = T.offline; })
      .finally(function () { busy = false; if (queue.length && navigator.onLine !== false) setTimeout(sync, 1000); });
  }
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
  show(); setInterval(sync, 5000); window.addEventListener("online", sync); sync();

  // Offline: the service worker (served under this page's path) keeps the page and its assets.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(T.workerUrl).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var assets = [location.pathname];
      document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
        assets.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      if (reg.active) reg.active.postMessage({cache: assets});
      document.body.setAttribute("data-offline-ready", "1");
    }).catch(function () { /* no worker (private mode, http): the page still works while open */ });
  }
})();
