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
  // The main menu's groups. Each group's name becomes a button that opens its list: a dropdown on wide screens (one
  // open at a time, closed by a click elsewhere, Escape or tabbing away), an accordion in the phone menu (the current
  // page's group starts open). The arrow keys move through an open list. Without JavaScript every list is shown.
  var siteNav = document.getElementById("site-nav");
  var navGroups = siteNav ? Array.prototype.slice.call(siteNav.querySelectorAll("[data-nav-group]")) : [];
  var narrowScreen = function () { return window.matchMedia && window.matchMedia("(max-width: 800px)").matches; };
  var setGroupOpen = function (group, open) {
    group.classList.toggle("open", open);
    group.querySelector(".nav-group-toggle").setAttribute("aria-expanded", open ? "true" : "false");
  };
  navGroups.forEach(function (group) {
    var label = group.querySelector(".nav-group-label");
    var list = group.querySelector(".nav-list");
    if (!label || !list) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nav-group-toggle";
    button.id = label.id;
    button.textContent = label.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", list.id);
    label.parentNode.replaceChild(button, label);
    button.addEventListener("click", function () {
      var open = !group.classList.contains("open");
      if (!narrowScreen()) {
        navGroups.forEach(function (other) { if (other !== group) { setGroupOpen(other, false); } });
      }
      setGroupOpen(group, open);
    });
    group.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var index = links.indexOf(document.activeElement);
      if (event.key === "Escape" && group.classList.contains("open")) {
        setGroupOpen(group, false);
        button.focus();
      } else if (event.key === "ArrowDown" && links.length) {
        setGroupOpen(group, true);
        links[Math.min(index + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && index >= 0) {
        (index === 0 ? button : links[index - 1]).focus();
      } else {
        return;
      }
      event.preventDefault();
    });
    if (narrowScreen() && group.classList.contains("active")) { setGroupOpen(group, true); }
  });
  if (navGroups.length) {
    siteNav.classList.add("enhanced");
    document.addEventListener("click", function (event) {
      if (narrowScreen()) { return; }
      navGroups.forEach(function (group) { if (!group.contains(event.target)) { setGroupOpen(group, false); } });
    });
    siteNav.addEventListener("focusout", function (event) {
      // Only when focus moves to somewhere known: a click on a link that does not take focus (Safari) must land.
      if (narrowScreen() || !event.relatedTarget) { return; }
      navGroups.forEach(function (group) {
        if (!group.contains(event.relatedTarget)) { setGroupOpen(group, false); }
      });
    });
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
