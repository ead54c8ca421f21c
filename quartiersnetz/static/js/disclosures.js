/*
 * Disclosures that are open on wide screens: the site menu (base.html) and the list filters
 * (`<details data-open-wide="(min-width: …)">`). On narrow screens they are ordinary <details>
 * (closed, working without JavaScript). On wide screens the CSS hides their summary and shows
 * their content through ::details-content; browsers without that pseudo-element would keep them
 * closed behind the summary, so here they are opened on wide screens instead.
 */
(function () {
  "use strict";
  if (!window.matchMedia) {
    return;
  }
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (el) {
    var wide = window.matchMedia(el.getAttribute("data-open-wide"));
    function sync() {
      if (wide.matches) {
        el.open = true;
      }
    }
    sync();
    if (wide.addEventListener) {
      wide.addEventListener("change", sync);
    }
  });
})();
