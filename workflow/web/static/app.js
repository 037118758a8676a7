/* Initialise Det Fælles Designsystem (DKFDS) components.
   DKFDS 11 does not initialise itself: DKFDS.init() must be called once the DOM exists.
   Kept in an external file so the page needs no inline script (strict CSP). */
(function () {
  "use strict";
  function start() {
    if (typeof window.DKFDS !== "undefined" && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
