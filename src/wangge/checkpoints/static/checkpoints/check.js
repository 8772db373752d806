// The check at the gate (卡口查验) on a phone: the person by ID number (a card reader types it and presses Enter),
// phone, or picked from the registry; colour, star, temperature, certificate; a vehicle and its passengers. Each
// check is an event with its own id, queued on the device and sent in batches by the sampling terminals' offline
// queue (labtests/register.js: window.WanggeQueue, window.WanggeIds); the server decides and answers. Without the
// network the device decides from the policy in force kept on the page (the same first-match table, the fever
// weighed on its own, the most severe decision winning) and says so; the server decides again when the check is sent.
(function () {
  "use strict";
  var form = document.getElementById("check-form");
  if (!form || !window.WanggeQueue || !window.WanggeIds) return;
  var T = document.getElementById("check-text").dataset;
  var POLICY = JSON.parse(document.getElementById("check-policy").textContent);
  var LABELS = POLICY.labels;
  var ACTIONS = {pass: "pass", need_nat_48h: "nat_required", persuade_back: "persuade_back",
                 medical_check: "fever", centralized_isolation: "isolate"};
  var SEVERITY = {pass: 0, nat_required: 1, persuade_back: 2, fever: 3, isolate: 4};
  var Ids = window.WanggeIds;
  var $ = function (id) { return document.getElementById(id); };

  // --- the queue (shared with the sampling terminals) -------------------------------------------------------------
  var waiting = null;      // the event whose verdict is on the screen, until the server's answer arrives
  var shown = null;        // {event, answer, offline}
  var labels = WanggeQueue.load("wangge-check-labels", {});  // event id → who, to name the person of a refusal
  var queue = WanggeQueue({
    key: "wangge-check-queue", url: T.syncUrl, csrf: T.csrf, size: 20,
    onChange: function (n) { $("queued").textContent = n; },
    onOffline: function () {
      $("status").textContent = T.offline;
      if (waiting) { showVerdict(waiting, localAnswer(waiting), true); waiting = null; }
    },
    onSynced: function (batch, res) {
      $("status").textContent = T.synced;
      Object.keys(res.answers || {}).forEach(function (id) {
        var answer = res.answers[id];
        if (shown && shown.event.event_id === id) {
          showVerdict(shown.event, answer, false);
        } else if (waiting && waiting.event_id === id) {
          showVerdict(waiting, answer, false);
        } else {
          log(T.server + ": " + (labels[id] || id) + " → " + overallLabel(answer));
        }
        if (waiting && waiting.event_id === id) waiting = null;
        delete labels[id];
      });
      (res.rejected || []).forEach(function (r) {
        log(T.rejected + ": " + (labels[r.event_id] ? labels[r.event_id] + ": " : "") + r.reason, "rejected");
        if (waiting && waiting.event_id === r.event_id) { waiting = null; fieldError(r.reason); }
        if (shown && shown.event.event_id === r.event_id) { hideVerdict(); fieldError(r.reason); }
        delete labels[r.event_id];
      });
      localStorage.setItem("wangge-check-labels", JSON.stringify(labels));
    }
  });
  $("queued").textContent = queue.length();

  function log(text, cls) {
    var li = document.createElement("li"); li.textContent = text; if (cls) li.className = cls;
    var ul = $("log"); ul.insertBefore(li, ul.firstChild);
    while (ul.children.length > 30) ul.removeChild(ul.lastChild);
  }

  // --- the form -------------------------------------------------------------------------------------------------
  var colour = "green", star = false, mask = true, picked = null;
  var select = $("cp-checkpoint");
  var wanted = new URLSearchParams(location.search).get("checkpoint") || localStorage.getItem("wangge-check-cp");
  if (wanted && select.querySelector("option[value='" + wanted.replace(/[^A-Za-z0-9_-]/g, "") + "']")) select.value = wanted;
  function isGate() { return select.options[select.selectedIndex].getAttribute("data-gate") === "1"; }
  function showGate() {
    document.querySelectorAll(".cp-gate-only").forEach(function (el) { el.hidden = !isGate(); });
    localStorage.setItem("wangge-check-cp", select.value);
  }
  select.addEventListener("change", showGate); showGate();

  function setColour(code) {
    colour = code;
    document.querySelectorAll(".cp-colour").forEach(function (b) {
      b.setAttribute("aria-checked", b.getAttribute("data-code") === code ? "true" : "false");
    });
  }
  document.querySelectorAll(".cp-colour").forEach(function (b) {
    b.addEventListener("click", function () { setColour(b.getAttribute("data-code")); });
  });
  function toggle(button, value) { button.setAttribute("aria-pressed", value ? "true" : "false"); return value; }
  $("cp-star").addEventListener("click", function () { star = toggle(this, !star); });
  $("cp-mask").addEventListener("click", function () { mask = toggle(this, !mask); });

  $("cp-add-passenger").addEventListener("click", function () { addPassenger(); });
  function addPassenger() {
    var li = $("cp-passenger-template").content.firstElementChild.cloneNode(true);
    li.querySelector(".cp-p-remove").addEventListener("click", function () { li.remove(); });
    $("cp-passengers").appendChild(li);
    li.querySelector(".cp-p-id").focus();
    return li;
  }

  function fieldError(text) {
    var p = $("cp-id-error"); p.textContent = text || ""; p.hidden = !text;
  }

  // A scan is the ID number, optionally followed by the name ("320684…,张三" from a card reader).
  function parseScan(value) {
    var parts = String(value || "").trim().split(/[,，\s]+/);
    return {id: Ids.normalizeId(parts[0] || ""), name: parts.slice(1).join("")};
  }
  function temperature(input) {
    var v = (input.value || "").trim();
    if (!v) return null;
    var n = parseFloat(v);
    if (!(n >= 34 && n <= 43)) throw new Error(T.badtemp);
    return n;
  }

  function person() {
    var scan = parseScan($("cp-id").value), phone = $("cp-phone").value.trim();
    var p = {health_code: colour, itinerary_star: star};
    if (scan.id) {
      if (!Ids.isValidId(scan.id)) throw new Error(T.badid);
      p.id_number = scan.id;
    }
    if (scan.name) p.name = scan.name;
    if (phone) p.phone = phone;
    if (picked) { p.resident = picked.id; p.name = p.name || picked.name; }
    if (!p.id_number && !p.phone && !p.resident) throw new Error(T.nokey);
    var t = temperature($("cp-temp")); if (t !== null) p.temperature = t;
    if ($("cp-cert").value) p.nat_certificate_at = $("cp-cert").value;
    if (isGate()) p.mask = mask;
    var stays = $("cp-stays").value.split(/[,，\s]+/).filter(Boolean);
    if (stays.length) p.stays = stays;
    return p;
  }
  function passengers() {
    return Array.prototype.map.call(document.querySelectorAll("#cp-passengers .cp-passenger"), function (li, i) {
      var scan = parseScan(li.querySelector(".cp-p-id").value);
      if (!scan.id || !Ids.isValidId(scan.id)) throw new Error(T.passenger + " " + (i + 1) + ": " + T.badid);
      var p = {id_number: scan.id, health_code: li.querySelector(".cp-p-code").value,
               itinerary_star: li.querySelector(".cp-p-star-box").checked};
      if (scan.name) p.name = scan.name;
      var t = temperature(li.querySelector(".cp-p-temp")); if (t !== null) p.temperature = t;
      return p;
    });
  }
  function who(ev) {
    return ev.name || (ev.id_number ? Ids.maskId(ev.id_number) : (ev.phone ? ev.phone.slice(0, 3) + "****" + ev.phone.slice(-4) : ""));
  }

  function send(ev) {
    ev.checkpoint = select.value;
    ev.checked_at = new Date().toISOString();
    queue.push(ev);
    labels[ev.event_id] = who(ev);
    localStorage.setItem("wangge-check-labels", JSON.stringify(labels));
    countOne();
    waiting = ev;
    queue.sync();
    // An answer takes a few hundred milliseconds; past two seconds the gate cannot wait: decide on the device.
    setTimeout(function () {
      if (waiting === ev) { showVerdict(ev, localAnswer(ev), true); waiting = null; }
    }, 2000);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    fieldError("");
    var ev;
    try {
      ev = person();
      var plate = $("cp-plate").value.trim();
      var list = passengers();
      if (plate || list.length) { ev.vehicle_plate = plate; ev.passengers = list; }
    } catch (err) { fieldError(err.message); $("cp-id").focus(); return; }
    send(ev);
  });
  $("cp-id").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });

  // --- deciding on the device (offline) -----------------------------------------------------------------------
  function matches(rule, p, fever, hours) {
    var when = rule.when;
    if (when.code !== undefined && [].concat(when.code).indexOf(p.health_code) < 0) return false;
    if (when.starred !== undefined && !!p.itinerary_star !== when.starred) return false;
    if (when.fever !== undefined && fever !== when.fever) return false;
    if (when.nat_within_hours !== undefined && (hours === null || hours < 0 || hours > when.nat_within_hours)) return false;
    return true;
  }
  function decideOne(p, at) {
    var table = POLICY.checkpoint, found = [];
    var hours = p.nat_certificate_at ? (at - new Date(p.nat_certificate_at).getTime()) / 3600000 : null;
    var fever = p.temperature !== undefined && p.temperature !== null && p.temperature >= table.fever_celsius;
    var codeRule = table.rules.filter(function (r) { return matches(r, p, false, hours); })[0];
    if (codeRule) found.push([ACTIONS[codeRule.action], codeRule.reason]);
    if (fever) {
      var feverRule = table.rules.filter(function (r) { return r.when.fever === true && matches(r, p, true, hours); })[0];
      found.push(feverRule ? [ACTIONS[feverRule.action], feverRule.reason] : ["fever", ""]);
    }
    found.sort(function (a, b) { return SEVERITY[b[0]] - SEVERITY[a[0]]; });
    var decision = found.length ? found[0][0] : "pass";
    var reasons = found.filter(function (f) { return f[1] && (f[0] !== "pass" || decision === "pass"); })
      .map(function (f) { return f[1]; });
    return {decision: decision, decision_label: LABELS[decision], reasons: reasons, latest_negative_at: null,
            hours_since_negative: hours, resident: null, followup_id: null};
  }
  function localAnswer(ev) {
    var at = new Date(ev.checked_at).getTime();
    var answer = decideOne(ev, at);
    if (ev.vehicle_plate !== undefined) {
      answer.passengers = (ev.passengers || []).map(function (p) { return decideOne(p, at); });
      var all = [answer].concat(answer.passengers).map(function (a) { return a.decision; });
      answer.vehicle_decision = all.sort(function (a, b) { return SEVERITY[b] - SEVERITY[a]; })[0];
      answer.vehicle_decision_label = LABELS[answer.vehicle_decision];
      answer.vehicle_plate = ev.vehicle_plate;
    }
    return answer;
  }

  // --- the verdict, full screen in its colour -------------------------------------------------------------------
  function overall(answer) { return answer.vehicle_decision || answer.decision; }
  function overallLabel(answer) { return answer.vehicle_decision_label || answer.decision_label || LABELS[overall(answer)]; }
  function showVerdict(ev, answer, offline) {
    shown = {event: ev, answer: answer, offline: offline};
    var box = $("cp-verdict"), decision = overall(answer);
    box.className = "cp-verdict cp-verdict-" + decision;
    box.setAttribute("data-decision", decision);
    box.setAttribute("data-source", offline ? "device" : "server");
    $("cp-verdict-offline").hidden = !offline;
    $("cp-verdict-word").textContent = overallLabel(answer);
    var vehicle = $("cp-verdict-vehicle");
    vehicle.hidden = !answer.vehicle_plate;
    vehicle.textContent = answer.vehicle_plate ? T.vehicle + " " + answer.vehicle_plate : "";
    var reasons = $("cp-verdict-reasons"); reasons.textContent = "";
    (answer.reasons || []).forEach(function (r) { var li = document.createElement("li"); li.textContent = r; reasons.appendChild(li); });
    var nat = [];
    if (answer.latest_negative_at) {
      nat.push(T.latest + " " + answer.latest_negative_at.slice(0, 16).replace("T", " ") + "（" +
               Number(answer.hours_since_negative).toFixed(1) + " " + T.hours + "）");
    } else if (!offline) { nat.push(T.nonegative); }
    if (answer.resident) nat.push(answer.resident.matched ? T.matched + (answer.resident.grid ? " · " + answer.resident.grid : "") : T.notmatched);
    $("cp-verdict-nat").textContent = nat.join(" · ");
    var followups = [answer].concat(answer.passengers || []).filter(function (a) { return a.followup_id; });
    $("cp-verdict-followup").hidden = !followups.length;
    $("cp-verdict-followup").textContent = followups.length ? T.followup + " " + followups.map(function (a) { return "#" + a.followup_id; }).join(", ") : "";
    var list = $("cp-verdict-passengers"); list.textContent = "";
    (answer.passengers || []).forEach(function (a, i) {
      var li = document.createElement("li");
      li.className = "cp-pv cp-pv-" + a.decision; li.setAttribute("data-decision", a.decision);
      li.textContent = T.passenger + " " + (i + 1) + "：" + (a.decision_label || LABELS[a.decision]);
      list.appendChild(li);
    });
    var mayEnter = [answer].concat(answer.passengers || []).some(function (a) {
      return (a.decision === "isolate" || a.decision === "persuade_back") && !a.entered;
    });
    $("cp-entered").hidden = !mayEnter || offline;
    box.hidden = false;
    document.body.classList.add("cp-verdict-open");
    $("cp-next").focus();
  }
  function hideVerdict() {
    $("cp-verdict").hidden = true; shown = null; document.body.classList.remove("cp-verdict-open");
  }
  function reset() {
    hideVerdict(); fieldError("");
    ["cp-id", "cp-phone", "cp-temp", "cp-cert", "cp-stays", "cp-plate"].forEach(function (id) { $(id).value = ""; });
    if ($("cp-search")) { $("cp-search").value = ""; $("cp-search-results").hidden = true; }
    unpick(); setColour("green"); star = toggle($("cp-star"), false); mask = toggle($("cp-mask"), true);
    $("cp-passengers").textContent = ""; $("cp-vehicle").open = false;
    $("cp-id").focus();
  }
  $("cp-next").addEventListener("click", reset);
  $("cp-entered").addEventListener("click", function () {
    if (!shown) return;
    // The same people again, now entering: a new check (its own event id) that hands them to the grid.
    var answer = shown.answer, again = JSON.parse(JSON.stringify(shown.event));
    delete again.event_id;
    var needs = function (a) { return a.decision === "isolate" || a.decision === "persuade_back"; };
    if (needs(answer)) again.entered = true;
    (again.passengers || []).forEach(function (p, i) { if (answer.passengers && needs(answer.passengers[i])) p.entered = true; });
    hideVerdict();
    send(again);
  });

  // --- picking from the registry (cadres: a resident of the jurisdiction) ----------------------------------------
  var search = $("cp-search"), timer = null;
  function unpick() { picked = null; if ($("cp-picked")) { $("cp-picked").hidden = true; $("cp-picked").textContent = ""; } }
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var q = search.value.trim();
      if (q.length < 2) { $("cp-search-results").hidden = true; return; }
      timer = setTimeout(function () {
        fetch(search.getAttribute("data-url") + "?limit=8&q=" + encodeURIComponent(q), {credentials: "same-origin",
          headers: {"Accept": "application/json"}})
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (data) {
            var ul = $("cp-search-results"); ul.textContent = "";
            (data.results || []).forEach(function (r) {
              var li = document.createElement("li"), b = document.createElement("button");
              b.type = "button"; b.className = "link-button";
              b.textContent = r.name + " · " + (r.id_number || "") + (r.grid_name ? " · " + r.grid_name : "");
              b.addEventListener("click", function () {
                picked = {id: r.id, name: r.name};
                $("cp-picked").textContent = "✔ " + b.textContent; $("cp-picked").hidden = false;
                ul.hidden = true; search.value = "";
              });
              li.appendChild(b); ul.appendChild(li);
            });
            ul.hidden = !ul.children.length;
          }).catch(function () { $("cp-search-results").hidden = true; });
      }, 300);
    });
  }

  // --- this device's count of the day -----------------------------------------------------------------------------
  function countOne() {
    var today = new Date().toDateString(), c = WanggeQueue.load("wangge-check-count", {day: today, n: 0});
    if (c.day !== today) c = {day: today, n: 0};
    c.n += 1; localStorage.setItem("wangge-check-count", JSON.stringify(c)); $("cp-count").textContent = c.n;
  }
  (function () {
    var c = WanggeQueue.load("wangge-check-count", {}); $("cp-count").textContent = c.day === new Date().toDateString() ? c.n : 0;
  })();

  queue.sync();
  WanggeQueue.keepOffline(T.workerUrl);
})();
