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
  // Ask before a reveal: it is written to the access log.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
