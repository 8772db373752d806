/* Wangge: the few behaviours the pages need, in plain JavaScript. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  // Collapsible main menu on narrow screens.
  document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) { return; }
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  // Only the longest matching menu entry is the current page (/followup/ and /followup/board/ both match).
  var active = Array.prototype.slice.call(document.querySelectorAll(".nav-list a.active"));
  if (active.length > 1) {
    active.sort(function (a, b) { return b.getAttribute("href").length - a.getAttribute("href").length; });
    active.slice(1).forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
  }
  // Phones: a filter form shows its search box; the other fields open with a "more filters" button.
  document.querySelectorAll("form.filters[data-more-label]").forEach(function (form) {
    var more = form.querySelectorAll(".field-more");
    if (!more.length || !form.querySelector(".field-search")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button more-toggle";
    button.textContent = form.getAttribute("data-more-label");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var collapsed = form.classList.toggle("collapsed");
      form.classList.toggle("expanded", !collapsed);
      button.setAttribute("aria-expanded", collapsed ? "false" : "true");
    });
    form.querySelector(".filter-actions").appendChild(button);
    var used = Array.prototype.some.call(more, function (field) {
      var input = field.querySelector("input, select");
      return input && input.value;
    });
    var narrow = window.matchMedia && window.matchMedia("(max-width: 800px)").matches;
    if (narrow && !used) { form.classList.add("collapsed"); }
  });
  // Ask before a reveal: it is written to the access log.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // A call button: the logged call action answers with the number to dial; the page never shows it.
  document.querySelectorAll("form[data-call]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (result) {
          if (result[0] && result[1].tel) { window.location.href = "tel:" + result[1].tel; return; }
          var messages = [];
          Object.keys(result[1]).forEach(function (key) { messages = messages.concat(result[1][key]); });
          window.alert(messages.join("\n"));
        })
        .catch(function () { form.submit(); })
        .then(function () { if (button) { button.disabled = false; } });
    });
  });

  // Long exports: say how many rows are being prepared until the download starts (the server sets a cookie
  // carrying the link's token when the file begins).
  document.querySelectorAll("a[data-export]").forEach(function (link) {
    link.addEventListener("click", function () {
      var token = Math.random().toString(36).slice(2, 12);
      var status = link.parentNode.querySelector(".export-status");
      var base = link.getAttribute("href").replace(/&export_token=[^&]*/, "");
      link.setAttribute("href", base + "&export_token=" + token);
      if (!status) { return; }
      status.textContent = link.getAttribute("data-export");
      status.hidden = false;
      var started = Date.now();
      var timer = window.setInterval(function () {
        if (document.cookie.indexOf("wangge_export=" + token) >= 0 || Date.now() - started > 120000) {
          status.hidden = true;
          window.clearInterval(timer);
        }
      }, 500);
    });
  });
})();
