// The daily report's print layout: the Print button (no inline handler).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-report-print]")) { window.print(); }
  });
})();
